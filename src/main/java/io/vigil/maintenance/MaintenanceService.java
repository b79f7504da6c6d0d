package io.vigil.maintenance;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.ApiException;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.audit.Changes;
import io.vigil.api.Page;
import io.vigil.auth.Caller;
import io.vigil.check.CheckRegistry;
import io.vigil.check.CheckSpec;
import io.vigil.check.MaintenanceCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maintenance windows: stored in PostgreSQL, held in memory for the verdict path (which asks on every transition),
 * re-read periodically so windows created through another replica apply too.
 */
@ApplicationScoped
public class MaintenanceService implements MaintenanceCalendar {

    private static final String COLUMNS = "id, workspace_id, name, check_ids, tags, starts_at, ends_at, cron, "
            + "duration_minutes, time_zone, created_at";

    @Inject
    Pool pool;
    @Inject
    AuditLog audit;
    @Inject
    Clock clock;
    @Inject
    io.vigil.VigilConfig vigil;
    @Inject
    CheckRegistry registry;

    private volatile Map<UUID, MaintenanceWindow> windows = new ConcurrentHashMap<>();

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (!vigil.agentMode()) {
            VertxContextSupport.subscribeAndAwait(this::reload);
        }
    }

    @Scheduled(every = "${vigil.schedule.reload:10s}", delayed = "${vigil.schedule.reload:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = io.vigil.ServerOnly.class)
    Uni<Void> reload() {
        return pool.query("SELECT " + COLUMNS + " FROM maintenance_windows").execute().invoke(rows -> {
            Map<UUID, MaintenanceWindow> fresh = new ConcurrentHashMap<>();
            rows.forEach(r -> fresh.put(r.getUUID("id"), window(r)));
            windows = fresh;
        }).replaceWithVoid();
    }

    /** Whether a maintenance window covers this check at {@code at}. */
    @Override
    public boolean inMaintenance(UUID workspaceId, UUID checkId, List<String> tags, Instant at) {
        for (MaintenanceWindow w : windows.values()) {
            if (w.workspaceId().equals(workspaceId) && w.covers(checkId, tags) && w.activeAt(at)) {
                return true;
            }
        }
        return false;
    }

    /** Windows of a workspace that cover one of the given checks (by id or tag), active now or starting later. */
    public List<MaintenanceView> upcoming(UUID workspaceId, java.util.Collection<UUID> checkIds, Instant now) {
        List<MaintenanceView> out = new ArrayList<>();
        for (MaintenanceWindow w : windows.values()) {
            if (!w.workspaceId().equals(workspaceId)) {
                continue;
            }
            boolean covers = checkIds.stream().anyMatch(id -> {
                CheckSpec spec = registry.get(id);
                return w.covers(id, spec == null ? List.of() : spec.tags());
            });
            MaintenanceView v = MaintenanceView.of(w, now);
            if (covers && (v.active() || v.nextStart() != null)) {
                out.add(v);
            }
        }
        out.sort(Comparator.comparing((MaintenanceView v) -> v.active() ? Instant.MIN : v.nextStart()));
        return out;
    }

    /**
     * One-off windows of a workspace that ended within {@code lookBack} before {@code now} and covered one of the
     * given checks (by id, or by one of the given tags), most recently ended first, at most {@code limit}: what a
     * status page lists as completed maintenance. Read from the database with those bounds, never the whole history.
     * Recurring windows are not listed (their past occurrences are not stored, and a weekly window would repeat
     * itself down the page); only their current and next occurrence show, through {@link #upcoming}.
     */
    public Uni<List<MaintenanceView>> completed(SqlClient client, UUID workspaceId, java.util.Collection<UUID> checkIds,
                                                java.util.Collection<String> tags, Instant now, Duration lookBack, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM maintenance_windows "
                        + "WHERE workspace_id = $1 AND cron IS NULL AND ends_at <= $2 AND ends_at > $3 "
                        + "AND (check_ids && $4 OR tags && $5) ORDER BY ends_at DESC, id LIMIT $6")
                .execute(Tuple.of(workspaceId, utc(now), utc(now.minus(lookBack)), checkIds.toArray(UUID[]::new))
                        .addArrayOfString(tags.toArray(String[]::new)).addInteger(limit))
                .map(rows -> {
                    List<MaintenanceView> out = new ArrayList<>();
                    rows.forEach(r -> out.add(MaintenanceView.of(window(r), now)));
                    return out;
                });
    }

    public Uni<MaintenanceView> create(Caller caller, MaintenanceRequest request) {
        if (request == null) {
            throw ApiException.badRequest("a JSON body describing the window is required");
        }
        Instant now = clock.instant();
        MaintenanceWindow w = request.toWindow(UUID.randomUUID(), caller.workspaceId(), now);
        UUID[] ids = w.checkIds().toArray(UUID[]::new);
        return pool.preparedQuery("SELECT count(*) FROM checks WHERE workspace_id = $1 AND id = ANY($2)")
                .execute(Tuple.of(caller.workspaceId(), ids))
                .invoke(rows -> {
                    if (rows.iterator().next().getLong(0) != new java.util.HashSet<>(w.checkIds()).size()) {
                        throw ApiException.invalid("checkIds", "every id must name a check of this workspace");
                    }
                })
                .chain(() -> pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO maintenance_windows (" + COLUMNS + ") "
                                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                        .execute(Tuple.of(w.id(), w.workspaceId(), w.name(), ids)
                                .addArrayOfString(w.tags().toArray(String[]::new))
                                .addOffsetDateTime(utc(w.startsAt())).addOffsetDateTime(utc(w.endsAt()))
                                .addString(w.cron()).addInteger(w.durationMinutes()).addString(w.timeZone())
                                .addOffsetDateTime(utc(w.createdAt())))
                        .chain(() -> audit.record(tx, AuditEvent.of(w.workspaceId(), caller.actor(), "maintenance.created",
                                "maintenance", w.id()).changes(audit.diff(null, MaintenanceView.of(w, now))
                                .without("active", "nextStart"))))))
                .invoke(() -> windows.put(w.id(), w))
                .map(x -> MaintenanceView.of(w, now));
    }

    public Page<MaintenanceView> list(Caller caller) {
        Instant now = clock.instant();
        List<MaintenanceView> items = new ArrayList<>();
        windows.values().stream().filter(w -> w.workspaceId().equals(caller.workspaceId()))
                .sorted(Comparator.comparing(MaintenanceWindow::createdAt).reversed())
                .forEach(w -> items.add(MaintenanceView.of(w, now)));
        return new Page<>(items, null);
    }

    public MaintenanceView get(Caller caller, UUID id) {
        MaintenanceWindow w = windows.get(id);
        if (w == null || !w.workspaceId().equals(caller.workspaceId())) {
            throw ApiException.notFound("maintenance window " + id);
        }
        return MaintenanceView.of(w, clock.instant());
    }

    public Uni<Void> delete(Caller caller, UUID id) {
        return pool.withTransaction(tx -> tx.preparedQuery("DELETE FROM maintenance_windows WHERE id = $1 AND workspace_id = $2 "
                                + "RETURNING name")
                        .execute(Tuple.of(id, caller.workspaceId()))
                        .chain(rows -> {
                            if (rows.rowCount() == 0) {
                                throw ApiException.notFound("maintenance window " + id);
                            }
                            return audit.record(tx, AuditEvent.of(caller.workspaceId(), caller.actor(), "maintenance.deleted",
                                    "maintenance", id).changes(Changes.none().with("name", rows.iterator().next().getString(0), null)));
                        }))
                .invoke(() -> windows.remove(id))
                .replaceWithVoid();
    }

    private static MaintenanceWindow window(Row r) {
        return new MaintenanceWindow(r.getUUID("id"), r.getUUID("workspace_id"), r.getString("name"),
                List.of(r.getArrayOfUUIDs("check_ids")), List.of(r.getArrayOfStrings("tags")),
                instant(r.getOffsetDateTime("starts_at")), instant(r.getOffsetDateTime("ends_at")), r.getString("cron"),
                r.getInteger("duration_minutes"), r.getString("time_zone"), instant(r.getOffsetDateTime("created_at")));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}

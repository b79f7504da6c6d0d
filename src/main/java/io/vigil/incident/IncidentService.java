package io.vigil.incident;

import io.vigil.VigilConfig;
import io.vigil.db.DatabaseErrors;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.ApiException;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.audit.Changes;
import io.vigil.check.CheckRegistry;
import io.vigil.check.CheckSpec;
import io.vigil.notify.Notices;
import io.vigil.notify.Notification;
import io.vigil.notify.Outbox;
import io.vigil.api.Page;
import io.vigil.api.Paging;
import io.vigil.auth.Caller;
import io.vigil.verdict.StatusChanged;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads and writes incidents; every statement is scoped by the caller's workspace. */
@ApplicationScoped
public class IncidentService {

    @Inject
    Outbox outbox;
    @Inject
    Event<StatusChanged> statusChanged;
    @Inject
    CheckRegistry registry;
    @Inject
    VigilConfig vigil;

    private static final String COLUMNS = "id, check_id, title, state, phase, impact, started_at, resolved_at, regions";
    private static final String LIST = "SELECT " + COLUMNS + " FROM incidents WHERE workspace_id = $1"
            + " AND ($2::uuid IS NULL OR check_id = $2) AND ($3::text IS NULL OR state = $3)"
            + " AND ($4::timestamptz IS NULL OR (started_at, id) < ($4, $5::uuid))"
            + " ORDER BY started_at DESC, id DESC LIMIT $6";

    @Inject
    Pool pool;
    @Inject
    AuditLog audit;
    @Inject
    Clock clock;

    public Uni<Page<IncidentView>> list(Caller caller, UUID checkId, String state, int limit, Paging.Position after) {
        Tuple args = Tuple.of(caller.workspaceId()).addUUID(checkId).addString(state)
                .addOffsetDateTime(after == null ? null : IncidentLedger.utc(after.at()))
                .addUUID(after == null ? null : UUID.fromString(after.key()))
                .addInteger(limit + 1);
        return pool.withConnection(conn -> conn.preparedQuery(LIST).execute(args).chain(rows -> {
            List<Row> all = new ArrayList<>();
            rows.forEach(all::add);
            List<Row> page = all.size() > limit ? all.subList(0, limit) : all;
            String next = all.size() > limit ? Paging.encode(page.get(limit - 1).getOffsetDateTime("started_at").toInstant(),
                    page.get(limit - 1).getUUID("id").toString()) : null;
            return details(conn, page).map(items -> new Page<>(items, next));
        }));
    }

    public Uni<IncidentView> get(Caller caller, UUID id) {
        return pool.withConnection(conn -> load(conn, caller, id));
    }

    public Uni<IncidentView> create(Caller caller, IncidentRequests.Create r) {
        r.validate();
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        IncidentPhase phase = r.openingPhase();
        boolean resolved = phase == IncidentPhase.RESOLVED;
        Uni<Void> checkExists = r.checkId() == null ? Uni.createFrom().voidItem()
                : pool.preparedQuery("SELECT 1 FROM checks WHERE id = $1 AND workspace_id = $2")
                        .execute(Tuple.of(r.checkId(), caller.workspaceId()))
                        .invoke(rows -> {
                            if (rows.size() == 0) {
                                throw ApiException.invalid("checkId", "no such check in this workspace");
                            }
                        }).replaceWithVoid();
        return checkExists.chain(() -> pool.withTransaction(conn -> conn.preparedQuery(
                                "INSERT INTO incidents (id, workspace_id, check_id, title, state, phase, impact, regions, started_at, resolved_at) "
                                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, '{}', $8, $9)")
                        .execute(Tuple.of(id, caller.workspaceId()).addUUID(r.checkId()).addString(r.title().trim())
                                .addString(resolved ? "resolved" : "open").addString(phase.wire())
                                .addString(r.openingImpact().wire())
                                .addOffsetDateTime(IncidentLedger.utc(now))
                                .addOffsetDateTime(resolved ? IncidentLedger.utc(now) : null))
                        .chain(() -> r.message() == null ? Uni.createFrom().voidItem() : addUpdate(conn, id, now, phase, r.message()))
                        .chain(() -> load(conn, caller, id))
                        .call(view -> announce(conn, caller, view, Notification.INCIDENT_OPENED, r.message(), now))
                        .call(view -> audit.record(conn, event(caller, "incident.created", null, view, r.message())))))
                .invoke(view -> statusChanged.fire(new StatusChanged(view.checkId())))
                .onFailure(DatabaseErrors::isUniqueViolation).transform(e ->
                        ApiException.conflict("check " + r.checkId() + " already has an open incident; add an update to it instead"));
    }

    public Uni<IncidentView> update(Caller caller, UUID id, IncidentRequests.AddUpdate r) {
        r.validate();
        Instant now = clock.instant();
        IncidentPhase phase = r.newPhase();
        IncidentImpact impact = r.newImpact();
        boolean resolves = phase == IncidentPhase.RESOLVED;
        IncidentView[] before = new IncidentView[1];
        return pool.withTransaction(conn -> load(conn, caller, id).invoke(current -> before[0] = current)
                        .chain(current -> conn.preparedQuery("UPDATE incidents SET phase = $2, impact = coalesce($3, impact), "
                                        + "state = $4, resolved_at = CASE WHEN $4 = 'resolved' THEN coalesce(resolved_at, $5) END "
                                        + "WHERE id = $1")
                                .execute(Tuple.of(id, phase.wire()).addString(impact == null ? null : impact.wire())
                                        .addString(resolves ? "resolved" : "open")
                                        .addOffsetDateTime(IncidentLedger.utc(now))))
                        .chain(() -> addUpdate(conn, id, now, phase, r.message()))
                        .chain(() -> load(conn, caller, id))
                        .call(view -> announce(conn, caller, view, Notification.INCIDENT_UPDATED, r.message(), now))
                        .call(view -> audit.record(conn, event(caller, "incident.updated", before[0], view, r.message()))))
                .invoke(view -> statusChanged.fire(new StatusChanged(view.checkId())))
                .onFailure(DatabaseErrors::isUniqueViolation).transform(e ->
                        ApiException.conflict("the check of this incident has another open incident; update that one"));
    }

    /** A manual change of an incident in the audit log: its state, phase and impact, and what was said. */
    private AuditEvent event(Caller caller, String action, IncidentView before, IncidentView after, String message) {
        Changes changes = audit.diff(before, after).without("updates", "timeline");
        return AuditEvent.of(caller.workspaceId(), caller.actor(), action, "incident", after.id())
                .changes(message == null ? changes : changes.with("message", null, message));
    }

    /** What people say about an incident reaches its channels, written in the same transaction. */
    private Uni<Void> announce(SqlConnection conn, Caller caller, IncidentView v, String type, String message, Instant at) {
        CheckSpec check = v.checkId() == null ? null : registry.get(v.checkId());
        Notification.IncidentRef ref = new Notification.IncidentRef(v.id(), v.title(), v.state(), v.phase().wire(), v.startedAt(),
                v.resolvedAt());
        return outbox.publish(conn, Notices.incident(type, caller.workspaceId(), check, ref, message, at, vigil.publicUrl()));
    }

    private static Uni<Void> addUpdate(SqlConnection conn, UUID id, Instant at, IncidentPhase phase, String message) {
        return conn.preparedQuery("INSERT INTO incident_updates (incident_id, at, phase, message) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(id, IncidentLedger.utc(at), phase.wire(), message)).replaceWithVoid();
    }

    private Uni<IncidentView> load(SqlConnection conn, Caller caller, UUID id) {
        return conn.preparedQuery("SELECT " + COLUMNS + " FROM incidents WHERE id = $1 AND workspace_id = $2")
                .execute(Tuple.of(id, caller.workspaceId()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().failure(ApiException.notFound("incident " + id));
                    }
                    return details(conn, List.of(rows.iterator().next())).map(views -> views.get(0));
                });
    }

    /** Adds updates and timeline to incident rows: two queries for the whole page. */
    private static Uni<List<IncidentView>> details(SqlConnection conn, List<Row> incidents) {
        if (incidents.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        UUID[] ids = incidents.stream().map(r -> r.getUUID("id")).toArray(UUID[]::new);
        Map<UUID, List<IncidentView.Update>> updates = new HashMap<>();
        Map<UUID, List<IncidentView.TimelineEntry>> timeline = new HashMap<>();
        return conn.preparedQuery("SELECT incident_id, at, phase, message FROM incident_updates WHERE incident_id = ANY($1) ORDER BY at, id")
                .execute(Tuple.of(ids))
                .invoke(rows -> rows.forEach(r -> updates.computeIfAbsent(r.getUUID(0), k -> new ArrayList<>())
                        .add(new IncidentView.Update(r.getOffsetDateTime(1).toInstant(), IncidentPhase.of(r.getString(2)), r.getString(3)))))
                .chain(() -> conn.preparedQuery("SELECT incident_id, at, kind, region, detail FROM incident_timeline WHERE incident_id = ANY($1) ORDER BY at, id")
                        .execute(Tuple.of(ids)))
                .invoke(rows -> rows.forEach(r -> timeline.computeIfAbsent(r.getUUID(0), k -> new ArrayList<>())
                        .add(new IncidentView.TimelineEntry(r.getOffsetDateTime(1).toInstant(), r.getString(2), r.getString(3), r.getString(4)))))
                .map(x -> incidents.stream().map(r -> view(r, updates, timeline)).toList());
    }

    private static IncidentView view(Row r, Map<UUID, List<IncidentView.Update>> updates,
                                     Map<UUID, List<IncidentView.TimelineEntry>> timeline) {
        UUID id = r.getUUID("id");
        return new IncidentView(id, r.getUUID("check_id"), r.getString("title"), r.getString("state"),
                IncidentPhase.of(r.getString("phase")), IncidentImpact.of(r.getString("impact")), r.getOffsetDateTime("started_at").toInstant(),
                r.getOffsetDateTime("resolved_at") == null ? null : r.getOffsetDateTime("resolved_at").toInstant(),
                IncidentLedger.list(r.getArrayOfStrings("regions")), updates.getOrDefault(id, List.of()),
                timeline.getOrDefault(id, List.of()));
    }

}

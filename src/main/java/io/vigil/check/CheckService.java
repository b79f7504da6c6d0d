package io.vigil.check;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vigil.VigilConfig;
import io.vigil.api.ApiException;
import io.vigil.api.Page;
import io.vigil.api.Paging;
import io.vigil.auth.Caller;
import io.vigil.auth.Secrets;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.pgclient.PgException;
import io.vigil.core.CheckStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Check definitions: every read and write is scoped by the caller's workspace here, and only here. */
@ApplicationScoped
public class CheckService {

    /** Definitions loaded per query when the registry reads changed rows. */
    private static final int SPEC_CHUNK = 1000;
    private static final String INSERT = "INSERT INTO checks (" + CheckRows.COLUMNS + ") VALUES (" + CheckRows.PARAMETERS
            + ") RETURNING xmin::text::bigint";

    @Inject
    VigilConfig vigil;
    @Inject
    Pool pool;
    @Inject
    CheckValidator validator;
    @Inject
    Clock clock;
    @Inject
    Event<CheckChanged> changed;
    @Inject
    CheckRegistry registry;
    @Inject
    MaintenanceCalendar maintenance;
    @Inject
    RegionDirectory regions;
    @Inject
    ChannelDirectory channels;
    @Inject
    LatestVerdicts verdicts;
    @Inject
    @Any
    Instance<CheckOwnedData> ownedData;
    @Inject
    WorkspaceLimits limits;
    @Inject
    CheckHistory history;

    public Uni<CheckView> create(Caller caller, CheckRequest request) {
        return knownRegions(caller, request).chain(known -> create(caller, validator.validate(request, known)));
    }

    /**
     * Checks a create request as {@link #create} would (definition and the workspace's interval limit), creating
     * nothing: a failure is the {@code ApiException} it would give.
     */
    public Uni<Void> validate(Caller caller, CheckRequest request) {
        return knownRegions(caller, request).map(known -> validator.validate(request, known))
                .call(valid -> limits.of(caller.workspaceId()).invoke(l -> l.requireInterval(valid.request().intervalSeconds())))
                .replaceWithVoid();
    }

    /** A 409 when {@code more} new checks would exceed the workspace's maximum. */
    public Uni<Void> requireRoomFor(Caller caller, int more) {
        return limits.requireRoomFor(caller.workspaceId(), more);
    }

    private Uni<CheckView> create(Caller caller, CheckValidator.Valid valid) {
        Instant now = clock.instant();
        Check c = new Check();
        c.id = UUID.randomUUID();
        c.workspaceId = caller.workspaceId();
        c.createdAt = now;
        apply(c, valid, now);
        // The row and its audit entry in one transaction: the parent is validated first, and one deleted meanwhile
        // is caught by the foreign key.
        return limits.of(caller.workspaceId()).invoke(l -> l.requireInterval(c.intervalSeconds))
                .call(() -> validateChannels(caller, valid.request().channelIds()))
                .call(() -> c.parentId == null ? Uni.createFrom().voidItem()
                        : Panache.withSession(() -> validateParent(caller, c.id, c.parentId)))
                .chain(l -> insert(caller, c, l))
                .onFailure(CheckService::isForeignKeyViolation).transform(e -> ApiException.invalid("parentId",
                        "no such check in this workspace"))
                .map(rows -> {
                    CheckView view = committed(c);
                    registry.stored(c.id, rows.iterator().next().getLong(0));
                    return view;
                });
    }

    /** A workspace with a maximum counts its checks and inserts in one transaction, holding its row's lock. */
    private Uni<RowSet<Row>> insert(Caller caller, Check c, WorkspaceLimits.Limits l) {
        return pool.withTransaction(tx -> (l.maxChecks() == null ? Uni.createFrom().voidItem()
                : limits.requireRoomForOne(tx, c.workspaceId))
                .chain(() -> tx.preparedQuery(INSERT).execute(CheckRows.insert(c)))
                .call(() -> history.on(tx, caller, CheckHistory.Change.CREATED, null, plain(c))));
    }

    /** The regions a request may name: a check probed only from the server's own region needs no lookup. */
    private Uni<Set<String>> knownRegions(Caller caller, CheckRequest request) {
        if (request != null && (request.regions() == null || request.regions().stream().allMatch(vigil.region()::equals))) {
            return Uni.createFrom().item(Set.of(vigil.region()));
        }
        return regions.names(caller.workspaceId());
    }

    private static boolean isForeignKeyViolation(Throwable t) {
        return t instanceof PgException pg && "23503".equals(pg.getSqlState());
    }

    public Uni<CheckView> replace(Caller caller, UUID id, CheckRequest request) {
        return replace(caller, id, request, CheckHistory.Change.UPDATED);
    }

    /**
     * Puts a check back as a former revision showed it: a replace like any other (validated, limited, rescheduled),
     * recorded as {@code check.restored} and as a new revision.
     */
    public Uni<CheckView> restore(Caller caller, UUID id, CheckView revision) {
        return replace(caller, id, revision.toRequest(), CheckHistory.Change.RESTORED);
    }

    private Uni<CheckView> replace(Caller caller, UUID id, CheckRequest request, CheckHistory.Change change) {
        return knownRegions(caller, request).chain(known -> replace(caller, id, validator.validate(request, known), change));
    }

    private Uni<CheckView> replace(Caller caller, UUID id, CheckValidator.Valid valid, CheckHistory.Change change) {
        return limits.of(caller.workspaceId()).invoke(l -> l.requireInterval(valid.request().intervalSeconds()))
                .chain(() -> validateChannels(caller, valid.request().channelIds()))
                .chain(() -> Panache.withTransaction(() -> validateParent(caller, id, valid.request().parentId())
                        .chain(() -> load(caller, id)).call(c -> {
                            CheckView before = plain(c);
                            apply(c, valid, clock.instant());
                            return history.inSession(caller, change, before, plain(c));
                        })))
                .map(this::committed);
    }

    public Uni<CheckView> get(Caller caller, UUID id) {
        return Panache.withSession(() -> load(caller, id)).chain(this::withStatus);
    }

    public Uni<Page<CheckView>> list(Caller caller, int limit, Paging.Position after) {
        Uni<List<Check>> page = Panache.withSession(() -> after == null
                ? Check.<Check>find("workspaceId = ?1 order by createdAt desc, id desc", caller.workspaceId())
                        .page(0, limit + 1).list()
                : Check.<Check>find("workspaceId = ?1 and (createdAt < ?2 or (createdAt = ?2 and id < ?3)) "
                                + "order by createdAt desc, id desc", caller.workspaceId(), after.at(),
                        UUID.fromString(after.key())).page(0, limit + 1).list());
        return page.chain(checks -> {
            List<Check> items = checks.size() > limit ? checks.subList(0, limit) : checks;
            String next = checks.size() > limit
                    ? Paging.encode(items.get(limit - 1).createdAt, items.get(limit - 1).id.toString())
                    : null;
            return views(items).map(v -> new Page<>(items.stream().map(c -> v.get(c.id)).toList(), next));
        });
    }

    public Uni<Void> delete(Caller caller, UUID id) {
        return Panache.withTransaction(() -> load(caller, id)
                        .call(c -> history.inSession(caller, CheckHistory.Change.DELETED, plain(c), null))
                        .call(Check::delete).call(() -> deleteOwnedData(id)))
                .invoke(c -> changed.fire(new CheckChanged(id, null)))
                .replaceWithVoid();
    }

    public Uni<CheckView> setPaused(Caller caller, UUID id, boolean paused) {
        return Panache.withTransaction(() -> load(caller, id).call(c -> {
                    if (c.paused == paused) {
                        return Uni.createFrom().voidItem();
                    }
                    c.paused = paused;
                    c.updatedAt = clock.instant();
                    return history.inSession(caller, paused ? CheckHistory.Change.PAUSED : CheckHistory.Change.RESUMED,
                            null, plain(c));
                }))
                .map(this::committed);
    }

    /** The check as the scheduler would run it, for {@code POST /run}. */
    public Uni<CheckSpec> spec(Caller caller, UUID id) {
        return Panache.withSession(() -> load(caller, id)).map(CheckSpec::of);
    }

    /** Every channel a check names must be a channel of its workspace. */
    private Uni<Void> validateChannels(Caller caller, List<UUID> channelIds) {
        return channels.unknown(caller.workspaceId(), channelIds).invoke(missing -> {
            if (!missing.isEmpty()) {
                throw ApiException.invalid("channelIds[" + channelIds.indexOf(missing.get(0)) + "]",
                        "no such channel in this workspace");
            }
        }).replaceWithVoid();
    }

    /** A parent must be another check of the same workspace, and must not lead back to this one. */
    private Uni<Void> validateParent(Caller caller, UUID self, UUID parentId) {
        if (parentId == null) {
            return Uni.createFrom().voidItem();
        }
        if (parentId.equals(self)) {
            throw ApiException.invalid("parentId", "a check cannot be its own parent");
        }
        return Check.<Check>find("id = ?1 and workspaceId = ?2", parentId, caller.workspaceId()).firstResult()
                .invoke(parent -> {
                    if (parent == null) {
                        throw ApiException.invalid("parentId", "no such check in this workspace");
                    }
                    UUID ancestor = parent.parentId;
                    for (int depth = 0; ancestor != null && depth < 100; depth++) {
                        if (ancestor.equals(self)) {
                            throw ApiException.invalid("parentId", "would make a dependency cycle");
                        }
                        CheckSpec spec = registry.get(ancestor);
                        ancestor = spec == null ? null : spec.parentId();
                    }
                })
                .replaceWithVoid();
    }

    /** Completes when the check exists in the caller's workspace, fails with a 404 otherwise. */
    public Uni<Void> exists(Caller caller, UUID id) {
        return Panache.withSession(() -> load(caller, id)).replaceWithVoid();
    }

    /** Loads a check of the caller's workspace; another workspace's check is indistinguishable from none. */
    public Uni<Check> load(Caller caller, UUID id) {
        return Check.<Check>find("id = ?1 and workspaceId = ?2", id, caller.workspaceId()).firstResult()
                .onItem().ifNull().failWith(() -> ApiException.notFound("check " + id));
    }

    /**
     * Every check's row version, for the registry's reload: PostgreSQL's {@code xmin}, which is new with every write
     * to the row, whoever made it. Not workspace-scoped on purpose.
     */
    public Uni<Map<UUID, Long>> versions() {
        return pool.query("SELECT id, xmin::text::bigint FROM checks").execute().map(rows -> {
            Map<UUID, Long> versions = new HashMap<>(rows.size() * 2);
            for (Row row : rows) {
                versions.put(row.getUUID(0), row.getLong(1));
            }
            return versions;
        });
    }

    /** The definitions of these checks that (still) exist; all of them when most of the {@code total} are asked for. */
    public Uni<List<CheckSpec>> specs(List<UUID> ids, int total) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        if (ids.size() > SPEC_CHUNK && ids.size() * 2 > total) {
            return Panache.withSession(() -> Check.<Check>listAll()).map(cs -> cs.stream().map(CheckSpec::of).toList());
        }
        Uni<List<CheckSpec>> all = Uni.createFrom().item((List<CheckSpec>) new ArrayList<CheckSpec>());
        for (int from = 0; from < ids.size(); from += SPEC_CHUNK) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + SPEC_CHUNK));
            all = all.chain(acc -> Panache.withSession(() -> Check.<Check>list("id in ?1", chunk)).map(cs -> {
                cs.forEach(c -> acc.add(CheckSpec.of(c)));
                return acc;
            }));
        }
        return all;
    }

    /** What other features keep per check without a foreign key goes with it, one after another on this session. */
    private Uni<Void> deleteOwnedData(UUID checkId) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (CheckOwnedData data : ownedData) {
            all = all.chain(() -> data.deleteFor(checkId));
        }
        return all;
    }

    /** The check's definition as the API shows it, without the status of the moment (for its history). */
    private CheckView plain(Check c) {
        return CheckView.of(c, CheckStatus.PENDING, false, vigil.publicUrl());
    }

    private CheckView committed(Check c) {
        changed.fire(new CheckChanged(c.id, CheckSpec.of(c)));
        return CheckView.of(c, c.paused ? CheckStatus.PAUSED : CheckStatus.PENDING, false, vigil.publicUrl());
    }

    private Uni<CheckView> withStatus(Check c) {
        return views(List.of(c)).map(v -> v.get(c.id));
    }

    /** The checks with the status they show: paused wins, then maintenance, then the latest verdict, else pending. */
    private Uni<Map<UUID, CheckView>> views(List<Check> checks) {
        if (checks.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return verdicts.of(checks.stream().map(c -> c.id).toList()).map(latest -> {
            Map<UUID, CheckView> result = new HashMap<>();
            Instant now = clock.instant();
            for (Check c : checks) {
                LatestVerdicts.Verdict v = latest.get(c.id);
                CheckStatus status = c.paused ? CheckStatus.PAUSED
                        : maintenance.inMaintenance(c.workspaceId, c.id, c.tags, now) ? CheckStatus.MAINTENANCE
                        : v == null ? CheckStatus.PENDING : v.status();
                result.put(c.id, CheckView.of(c, status, v != null && v.flapping(), vigil.publicUrl()));
            }
            return result;
        });
    }

    private static void apply(Check c, CheckValidator.Valid valid, Instant now) {
        CheckRequest r = valid.request();
        c.name = r.name();
        c.type = r.type();
        c.url = r.url();
        c.method = r.method();
        c.headers = r.headers();
        c.body = r.body();
        c.intervalSeconds = r.intervalSeconds();
        c.timeoutMs = r.timeoutMs();
        c.followRedirects = r.followRedirects();
        c.regions = r.regions();
        c.assertions = r.assertions();
        c.degradedAfterMs = r.degradedAfterMs();
        c.failureThreshold = r.failureThreshold();
        c.successThreshold = r.successThreshold();
        c.quorum = r.quorum().toString();
        c.tags = r.tags();
        c.parentId = r.parentId();
        c.channelIds = r.channelIds().stream().map(UUID::toString).toList();
        c.periodSeconds = r.periodSeconds();
        c.graceSeconds = r.graceSeconds();
        // A pinged check keeps its ping URL for life (jobs have it configured); probed types have none.
        if (!valid.pinged()) {
            c.pingToken = null;
        } else if (c.pingToken == null) {
            c.pingToken = Secrets.newToken("");
        }
        c.updatedAt = now;
    }
}

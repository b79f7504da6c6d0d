package io.vigil.statuspage;

import io.vigil.db.DatabaseErrors;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.api.ApiException;
import io.vigil.audit.AuditLog;
import io.vigil.api.Page;
import io.vigil.api.Paging;
import io.vigil.auth.Caller;
import io.vigil.auth.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Status pages of a workspace: validated, password hashed (argon2id), slugs and domains unique, scoped by workspace. */
@ApplicationScoped
public class StatusPageService {

    static final String COLUMNS = "id, workspace_id, slug, title, description, logo_url, accent_color, public, password_hash, "
            + "custom_domain, created_at, updated_at";

    @Inject
    Pool pool;
    @Inject
    Clock clock;
    @Inject
    io.vigil.VigilConfig vigil;
    @Inject
    Event<StatusPageChanged> changed;
    @Inject
    AuditLog audit;
    @Inject
    StatusPageHistory history;

    /** Blocking (argon2id when a password is set): call from a worker thread. */
    public Uni<StatusPageView> create(Caller caller, StatusPageRequest request) {
        StatusPageRequest r = require(request).validate();
        if (!r.isPublic() && r.password() == null) {
            throw ApiException.invalid("password", "is required for a page with \"public\": false");
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        String hash = r.password() == null ? null : Secrets.hashPassword(r.password());
        return checkComponents(caller, r)
                .chain(() -> pool.withTransaction(conn -> requireRoomForOne(conn, caller.workspaceId())
                        .chain(() -> conn.preparedQuery("INSERT INTO status_pages (" + COLUMNS + ") "
                                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
                                .execute(row(id, caller.workspaceId(), r, hash, now).addOffsetDateTime(utc(now))
                                        .addOffsetDateTime(utc(now))))
                        .chain(() -> insertComponents(conn, id, r))
                        .chain(() -> load(conn, caller.workspaceId(), id))
                        .call(v -> audit.record(conn, history.event(caller, "status_page.created", null, v, null, hash)))))
                .onFailure(DatabaseErrors::isUniqueViolation).transform(StatusPageService::conflict)
                .invoke(v -> changed.fire(new StatusPageChanged(id)));
    }

    /**
     * The instance admin's limit on the workspace's pages: the workspace row stays locked until this transaction
     * ends, so concurrent creates count one after another.
     */
    private static Uni<Void> requireRoomForOne(SqlConnection conn, UUID workspaceId) {
        return conn.preparedQuery("SELECT max_status_pages FROM workspaces WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(workspaceId))
                .chain(rows -> {
                    Integer max = rows.size() == 0 ? null : rows.iterator().next().getInteger(0);
                    if (max == null) {
                        return Uni.createFrom().voidItem();
                    }
                    return conn.preparedQuery("SELECT count(*) FROM status_pages WHERE workspace_id = $1")
                            .execute(Tuple.of(workspaceId)).invoke(count -> {
                                if (count.iterator().next().getLong(0) >= max) {
                                    throw ApiException.conflict("limit maxStatusPages (" + max + ") reached: "
                                            + "delete a status page or ask the instance admin for more");
                                }
                            }).replaceWithVoid();
                });
    }

    /** Blocking (argon2id when a new password is given): call from a worker thread. */
    public Uni<StatusPageView> replace(Caller caller, UUID id, StatusPageRequest request) {
        return replace(caller, id, request, "status_page.updated");
    }

    /**
     * Puts a page back as a former revision showed it, through the same path as a PUT. Revisions keep no password: a
     * protected page keeps the one it has (a page made public since needs a new one, as a PUT would).
     */
    public Uni<StatusPageView> restore(Caller caller, UUID id, JsonNode revision) {
        return replace(caller, id, history.restorable(revision), "status_page.restored");
    }

    private Uni<StatusPageView> replace(Caller caller, UUID id, StatusPageRequest request, String action) {
        StatusPageRequest r = require(request).validate();
        String newHash = r.password() == null ? null : Secrets.hashPassword(r.password());
        Instant now = clock.instant();
        // What the page was, and its password hash before and after, for the audit entry.
        StatusPageView[] before = new StatusPageView[1];
        String[] hashes = new String[2];
        return checkComponents(caller, r)
                .chain(() -> pool.withTransaction(conn -> conn.preparedQuery(
                                "SELECT password_hash FROM status_pages WHERE id = $1 AND workspace_id = $2 FOR UPDATE")
                        .execute(Tuple.of(id, caller.workspaceId()))
                        .call(rows -> rows.size() == 0 ? Uni.createFrom().voidItem()
                                : load(conn, caller.workspaceId(), id).invoke(v -> before[0] = v))
                        .chain(rows -> {
                            if (!rows.iterator().hasNext()) {
                                throw ApiException.notFound("status page " + id);
                            }
                            String oldHash = rows.iterator().next().getString(0);
                            String hash = r.isPublic() ? null : newHash != null ? newHash : oldHash;
                            hashes[0] = oldHash;
                            hashes[1] = hash;
                            if (!r.isPublic() && hash == null) {
                                throw ApiException.invalid("password", "is required for a page with \"public\": false");
                            }
                            // A page made protected, or given a new password, logs everyone out: its subscribers
                            // too (they subscribed under the old access and would go on hearing what it shows).
                            boolean revoke = !r.isPublic() && (oldHash == null || newHash != null);
                            return conn.preparedQuery("UPDATE status_pages SET slug = $3, title = $4, description = $5, "
                                            + "logo_url = $6, accent_color = $7, public = $8, password_hash = $9, custom_domain = $10, "
                                            + "updated_at = $11 WHERE id = $1 AND workspace_id = $2")
                                    .execute(row(id, caller.workspaceId(), r, hash, now).addOffsetDateTime(utc(now)))
                                    .chain(() -> revoke ? conn.preparedQuery("DELETE FROM channels WHERE page_id = $1")
                                            .execute(Tuple.of(id)).replaceWithVoid() : Uni.createFrom().voidItem());
                        })
                        .chain(() -> conn.preparedQuery("DELETE FROM status_page_components WHERE page_id = $1").execute(Tuple.of(id)))
                        .chain(() -> insertComponents(conn, id, r))
                        .chain(() -> load(conn, caller.workspaceId(), id))
                        .call(after -> audit.record(conn, history.event(caller, action, before[0], after, hashes[0],
                                hashes[1])))))
                .onFailure(DatabaseErrors::isUniqueViolation).transform(StatusPageService::conflict)
                .invoke(v -> changed.fire(new StatusPageChanged(id)));
    }

    public Uni<StatusPageView> get(Caller caller, UUID id) {
        return pool.withConnection(conn -> load(conn, caller.workspaceId(), id));
    }

    public Uni<Page<StatusPageView>> list(Caller caller, int limit, Paging.Position after) {
        Tuple args = Tuple.of(caller.workspaceId(), limit + 1);
        String where = "workspace_id = $1";
        if (after != null) {
            where += " AND (created_at, id) < ($3, $4)";
            args.addOffsetDateTime(utc(after.at())).addUUID(UUID.fromString(after.key()));
        }
        String sql = "SELECT " + COLUMNS + " FROM status_pages WHERE " + where + " ORDER BY created_at DESC, id DESC LIMIT $2";
        return pool.withConnection(conn -> conn.preparedQuery(sql).execute(args).chain(rows -> {
            List<Row> all = new ArrayList<>();
            rows.forEach(all::add);
            List<Row> items = all.size() > limit ? all.subList(0, limit) : all;
            String next = all.size() > limit ? Paging.encode(items.get(limit - 1).getOffsetDateTime("created_at").toInstant(),
                    items.get(limit - 1).getUUID("id").toString()) : null;
            return components(conn, items.stream().map(r -> r.getUUID("id")).toArray(UUID[]::new))
                    .map(byPage -> new Page<>(items.stream().map(r -> view(r, byPage)).toList(), next));
        }));
    }

    public Uni<Void> delete(Caller caller, UUID id) {
        return pool.withTransaction(conn -> conn.preparedQuery(
                                "SELECT password_hash FROM status_pages WHERE id = $1 AND workspace_id = $2 FOR UPDATE")
                        .execute(Tuple.of(id, caller.workspaceId()))
                        .chain(rows -> {
                            String hash = rows.size() == 0 ? null : rows.iterator().next().getString(0);
                            return load(conn, caller.workspaceId(), id).call(before -> conn.preparedQuery(
                                            "DELETE FROM status_pages WHERE id = $1 AND workspace_id = $2")
                                    .execute(Tuple.of(id, caller.workspaceId()))
                                    .chain(() -> audit.record(conn, history.event(caller, "status_page.deleted", before,
                                            null, hash, null))));
                        }))
                .invoke(() -> changed.fire(new StatusPageChanged(id)))
                .replaceWithVoid();
    }

    private static StatusPageRequest require(StatusPageRequest r) {
        if (r == null) {
            throw ApiException.badRequest("a JSON body describing the status page is required");
        }
        return r;
    }

    /** Components may show only checks of the page's own workspace. */
    private Uni<Void> checkComponents(Caller caller, StatusPageRequest r) {
        UUID[] ids = r.components().stream().map(StatusPageRequest.Component::checkId).distinct().toArray(UUID[]::new);
        if (ids.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("SELECT id FROM checks WHERE workspace_id = $1 AND id = ANY($2)")
                .execute(Tuple.of(caller.workspaceId(), ids))
                .invoke(rows -> {
                    java.util.Set<UUID> known = new HashSet<>();
                    rows.forEach(row -> known.add(row.getUUID(0)));
                    for (int i = 0; i < r.components().size(); i++) {
                        if (!known.contains(r.components().get(i).checkId())) {
                            throw ApiException.invalid("components[" + i + "].checkId", "no such check in this workspace");
                        }
                    }
                })
                .replaceWithVoid();
    }

    private static Uni<Void> insertComponents(SqlConnection conn, UUID pageId, StatusPageRequest r) {
        if (r.components().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>();
        java.util.Set<UUID> used = new HashSet<>();
        for (int i = 0; i < r.components().size(); i++) {
            StatusPageRequest.Component c = r.components().get(i);
            UUID id = c.id() != null && used.add(c.id()) ? c.id() : UUID.randomUUID();
            used.add(id);
            batch.add(Tuple.of(id, pageId, i, c.name()).addUUID(c.checkId()).addString(c.group()).addString(c.description()));
        }
        return conn.preparedQuery("INSERT INTO status_page_components (id, page_id, position, name, check_id, grp, description) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7)").executeBatch(batch).replaceWithVoid();
    }

    private Uni<StatusPageView> load(SqlConnection conn, UUID workspaceId, UUID id) {
        return conn.preparedQuery("SELECT " + COLUMNS + " FROM status_pages WHERE id = $1 AND workspace_id = $2")
                .execute(Tuple.of(id, workspaceId))
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw ApiException.notFound("status page " + id);
                    }
                    Row row = rows.iterator().next();
                    return components(conn, new UUID[]{id}).map(byPage -> view(row, byPage));
                });
    }

    private static Uni<Map<UUID, List<StatusPageView.Component>>> components(SqlConnection conn, UUID[] pageIds) {
        return conn.preparedQuery("SELECT page_id, id, name, check_id, grp, description FROM status_page_components "
                        + "WHERE page_id = ANY($1) ORDER BY page_id, position")
                .execute(Tuple.of(pageIds))
                .map(rows -> {
                    Map<UUID, List<StatusPageView.Component>> byPage = new HashMap<>();
                    rows.forEach(r -> byPage.computeIfAbsent(r.getUUID(0), k -> new ArrayList<>()).add(new StatusPageView.Component(
                            r.getUUID(1), r.getString(2), r.getUUID(3), r.getString(4), r.getString(5))));
                    return byPage;
                });
    }

    private StatusPageView view(Row r, Map<UUID, List<StatusPageView.Component>> byPage) {
        UUID id = r.getUUID("id");
        return new StatusPageView(id, r.getString("slug"), r.getString("title"), r.getString("description"),
                r.getString("logo_url"), r.getString("accent_color"), r.getBoolean("public"), r.getString("password_hash") != null,
                r.getString("custom_domain"), byPage.getOrDefault(id, List.of()), vigil.publicUrl() + "/status/" + r.getString("slug"),
                r.getOffsetDateTime("created_at").toInstant(), r.getOffsetDateTime("updated_at").toInstant());
    }

    private static Tuple row(UUID id, UUID workspaceId, StatusPageRequest r, String hash, Instant now) {
        return Tuple.of(id, workspaceId, r.slug(), r.title()).addString(r.description()).addString(r.logoUrl())
                .addString(r.accentColor()).addBoolean(r.isPublic()).addString(hash).addString(r.customDomain());
    }

    private static Throwable conflict(Throwable t) {
        String constraint = ((PgException) t).getConstraint();
        return constraint != null && constraint.contains("custom_domain")
                ? ApiException.conflict("another status page already answers on this customDomain")
                : ApiException.conflict("the slug is taken by another status page");
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}

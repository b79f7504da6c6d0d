package io.vigil.people;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.ApiException;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.audit.Changes;
import io.vigil.auth.Caller;
import io.vigil.auth.Role;
import io.vigil.check.CheckChanged;
import io.vigil.db.DatabaseErrors;
import io.vigil.people.Memberships.WorkspaceView;
import io.vigil.statuspage.StatusPageChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Workspaces a person creates, renames and deletes; the creator is the first owner. */
@ApplicationScoped
public class WorkspaceService {

    /** Rows kept per check or workspace without a foreign key (results, rollups): deleted by hand, before the row. */
    private static final List<String> UNLINKED = List.of("check_results", "rollups_minute", "rollups_hour", "rollups_day");

    @Inject
    Pool pool;
    @Inject
    Clock clock;
    @Inject
    Memberships memberships;
    @Inject
    AuditLog audit;
    @Inject
    Event<CheckChanged> checkChanged;
    @Inject
    Event<StatusPageChanged> pageChanged;

    public Uni<WorkspaceView> create(Caller caller, WorkspaceRequest request) {
        WorkspaceRequest r = require(request).complete();
        UUID id = UUID.randomUUID();
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        return pool.withTransaction(conn -> conn.preparedQuery(
                                "INSERT INTO workspaces (id, slug, name, created_at) VALUES ($1, $2, $3, $4)")
                        .execute(Tuple.of(id, r.slug(), r.name(), now))
                        .chain(() -> conn.preparedQuery(
                                        "INSERT INTO memberships (workspace_id, user_id, role, joined_at) VALUES ($1, $2, 'owner', $3)")
                                .execute(Tuple.of(id, caller.userId(), now)))
                        .chain(() -> audit.record(conn, AuditEvent.of(id, caller.actor(), "workspace.created", "workspace", id)
                                .changes(Changes.none().with("name", null, r.name()).with("slug", null, r.slug())))))
                .onFailure(DatabaseErrors::isUniqueViolation).transform(e -> slugTaken(r.slug()))
                .map(x -> new WorkspaceView(id, r.slug(), r.name(), Role.OWNER));
    }

    /** The caller's workspaces, oldest membership first; a token sees only its own. */
    public Uni<List<WorkspaceView>> mine(Caller caller) {
        String sql = "SELECT w.id, w.slug, w.name, m.role FROM memberships m JOIN workspaces w ON w.id = m.workspace_id "
                + "WHERE m.user_id = $1" + (caller.tokenId() != null ? " AND w.id = $2" : "")
                + " ORDER BY m.joined_at, w.id";
        Tuple args = caller.tokenId() != null ? Tuple.of(caller.userId(), caller.workspaceId()) : Tuple.of(caller.userId());
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<WorkspaceView> all = new ArrayList<>();
            rows.forEach(row -> all.add(WorkspaceView.of(row)));
            return all.stream().map(ws -> caller.tokenId() != null && !caller.role().atLeast(ws.role())
                    ? new WorkspaceView(ws.id(), ws.slug(), ws.name(), caller.role()) : ws).toList();
        });
    }

    public Uni<WorkspaceView> update(Caller caller, UUID id, WorkspaceRequest request) {
        WorkspaceRequest r = require(request).partial();
        return memberships.require(caller, id, Role.ADMIN).chain(ws -> {
            String name = r.name() == null ? ws.name() : r.name();
            String slug = r.slug() == null ? ws.slug() : r.slug();
            Changes changes = Changes.none();
            changes = name.equals(ws.name()) ? changes : changes.with("name", ws.name(), name);
            changes = slug.equals(ws.slug()) ? changes : changes.with("slug", ws.slug(), slug);
            AuditEvent event = AuditEvent.of(id, caller.actor(), "workspace.updated", "workspace", id).changes(changes);
            return pool.withTransaction(conn -> conn.preparedQuery("UPDATE workspaces SET name = $2, slug = $3 WHERE id = $1")
                            .execute(Tuple.of(id, name, slug))
                            .chain(() -> event.changes().isEmpty() ? Uni.createFrom().voidItem() : audit.record(conn, event)))
                    .onFailure(DatabaseErrors::isUniqueViolation).transform(e -> slugTaken(slug))
                    .map(x -> new WorkspaceView(id, slug, name, ws.role()));
        });
    }

    /**
     * Deletes the workspace and everything in it, in one transaction: most rows go by their foreign keys' cascade, the
     * few kept without one (results, rollups) first by hand. The scheduler and page caches hear of it afterwards.
     */
    public Uni<Void> delete(Caller caller, UUID id, String confirm) {
        return memberships.require(caller, id, Role.OWNER).chain(ws -> {
            if (!ws.slug().equals(confirm)) {
                throw ApiException.invalid("confirm", "must be the workspace's slug (" + ws.slug() + ")");
            }
            // Recorded outside the workspace: its own log goes with it.
            AuditEvent event = AuditEvent.of(null, caller.actor(), "workspace.deleted", "workspace", id)
                    .changes(Changes.none().with("name", ws.name(), null).with("slug", ws.slug(), null));
            return pool.withTransaction(conn -> deleteIn(conn, id).call(() -> audit.record(conn, event)));
        }).invoke(gone -> {
            gone.checks().forEach(check -> checkChanged.fire(new CheckChanged(check, null)));
            gone.pages().forEach(page -> pageChanged.fire(new StatusPageChanged(page)));
        }).replaceWithVoid();
    }

    private record Gone(List<UUID> checks, List<UUID> pages) {
    }

    private static Uni<Gone> deleteIn(SqlConnection conn, UUID id) {
        Gone gone = new Gone(new ArrayList<>(), new ArrayList<>());
        Uni<?> chain = conn.preparedQuery("SELECT id FROM workspaces WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
                .chain(() -> conn.preparedQuery("SELECT id FROM checks WHERE workspace_id = $1").execute(Tuple.of(id)))
                .invoke(rows -> rows.forEach(r -> gone.checks().add(r.getUUID(0))))
                .chain(() -> conn.preparedQuery("SELECT id FROM status_pages WHERE workspace_id = $1").execute(Tuple.of(id)))
                .invoke(rows -> rows.forEach(r -> gone.pages().add(r.getUUID(0))));
        for (String table : UNLINKED) {
            chain = chain.chain(() -> conn.preparedQuery("DELETE FROM " + table + " WHERE workspace_id = $1").execute(Tuple.of(id)));
        }
        return chain.chain(() -> conn.preparedQuery("DELETE FROM workspaces WHERE id = $1").execute(Tuple.of(id)))
                .replaceWith(gone);
    }

    private static WorkspaceRequest require(WorkspaceRequest r) {
        if (r == null) {
            throw ApiException.badRequest("a JSON body {\"name\", \"slug\"} is required");
        }
        return r;
    }

    private static ApiException slugTaken(String slug) {
        return ApiException.conflict("the slug '" + slug + "' is taken by another workspace");
    }
}

package io.vigil.people;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.ApiException;
import io.vigil.auth.Caller;
import io.vigil.auth.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.UUID;

/**
 * The caller's standing in a named workspace: a token acts only in its own workspace (any other is indistinguishable
 * from none), a person in any they are a member of, with their role there.
 */
@ApplicationScoped
public class Memberships {

    @Inject
    Pool pool;

    /** The workspace as the caller sees it, or a 404. */
    public Uni<WorkspaceView> visible(Caller caller, UUID workspaceId) {
        if (caller.tokenId() != null && !workspaceId.equals(caller.workspaceId())) {
            return Uni.createFrom().failure(ApiException.notFound("workspace " + workspaceId));
        }
        return pool.preparedQuery("SELECT w.id, w.slug, w.name, m.role FROM workspaces w "
                        + "JOIN memberships m ON m.workspace_id = w.id AND m.user_id = $2 WHERE w.id = $1")
                .execute(Tuple.of(workspaceId, caller.userId()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ApiException.notFound("workspace " + workspaceId);
                    }
                    WorkspaceView ws = WorkspaceView.of(rows.iterator().next());
                    // A token never acts above its own role, even where its user has more.
                    Role role = caller.tokenId() != null && !caller.role().atLeast(ws.role()) ? caller.role() : ws.role();
                    return new WorkspaceView(ws.id(), ws.slug(), ws.name(), role);
                });
    }

    /** The workspace, if the caller has at least {@code needed} there; 404 if not visible, 403 if the role is short. */
    public Uni<WorkspaceView> require(Caller caller, UUID workspaceId, Role needed) {
        return visible(caller, workspaceId).invoke(ws -> {
            if (!ws.role().atLeast(needed)) {
                throw ApiException.forbidden("this needs the " + needed.wire() + " role in workspace " + ws.slug()
                        + "; you have " + ws.role().wire());
            }
        });
    }

    /** A workspace with the caller's role in it, on the wire. */
    public record WorkspaceView(UUID id, String slug, String name, Role role) {
        static WorkspaceView of(Row r) {
            return new WorkspaceView(r.getUUID(0), r.getString(1), r.getString(2), Role.fromWire(r.getString(3)));
        }
    }
}

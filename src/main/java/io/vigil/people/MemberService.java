package io.vigil.people;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.ApiException;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.audit.Changes;
import io.vigil.auth.Caller;
import io.vigil.auth.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The members of the caller's workspace. Every change locks the workspace's memberships first, so two changes at once
 * can never leave it without an owner.
 */
@ApplicationScoped
public class MemberService {

    private static final String COLUMNS = "u.id, u.email, u.name, m.role, m.joined_at";

    @Inject
    Pool pool;
    @Inject
    AuditLog audit;

    /** A member on the wire. */
    public record MemberView(UUID userId, String email, String name, Role role, Instant joinedAt) {
        static MemberView of(Row r) {
            return new MemberView(r.getUUID(0), r.getString(1), r.getString(2), Role.fromWire(r.getString(3)),
                    r.getOffsetDateTime(4).toInstant());
        }
    }

    public Uni<List<MemberView>> list(Caller caller) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM memberships m JOIN users u ON u.id = m.user_id "
                        + "WHERE m.workspace_id = $1 ORDER BY m.joined_at, u.id")
                .execute(Tuple.of(caller.workspaceId()))
                .map(rows -> {
                    List<MemberView> all = new ArrayList<>();
                    rows.forEach(r -> all.add(MemberView.of(r)));
                    return all;
                });
    }

    /** An admin changes a role; only an owner grants the owner role or changes an owner's. */
    public Uni<MemberView> changeRole(Caller caller, UUID userId, Role role) {
        if (role == null) {
            throw ApiException.invalid("role", "is required: one of owner, admin, editor, viewer");
        }
        return pool.withTransaction(conn -> locked(conn, caller.workspaceId(), userId).chain(members -> {
            MemberView target = members.target();
            if ((role == Role.OWNER || target.role() == Role.OWNER) && caller.role() != Role.OWNER) {
                throw ApiException.forbidden("only an owner may grant the owner role or change an owner's role");
            }
            if (target.role() == Role.OWNER && role != Role.OWNER && members.owners() == 1) {
                throw ApiException.conflict("the last owner cannot be demoted; make another member owner first");
            }
            AuditEvent event = AuditEvent.of(caller.workspaceId(), caller.actor(), "member.role_changed", "member", userId)
                    .changes(Changes.none().with("role", target.role().wire(), role.wire()));
            return conn.preparedQuery("UPDATE memberships SET role = $3 WHERE workspace_id = $1 AND user_id = $2")
                    .execute(Tuple.of(caller.workspaceId(), userId, role.wire()))
                    .call(() -> target.role() == role ? Uni.createFrom().voidItem() : audit.record(conn, event))
                    .map(x -> new MemberView(target.userId(), target.email(), target.name(), role, target.joinedAt()));
        }));
    }

    /**
     * An admin removes a member, anyone removes themselves; an owner is removed by an owner only, and never the last.
     * Their tokens for this workspace go too.
     */
    public Uni<Void> remove(Caller caller, UUID userId) {
        boolean self = userId.equals(caller.userId());
        if (!self) {
            caller.require(Role.ADMIN);
        }
        return pool.withTransaction(conn -> locked(conn, caller.workspaceId(), userId).chain(members -> {
            if (members.target().role() == Role.OWNER) {
                if (!self && caller.role() != Role.OWNER) {
                    throw ApiException.forbidden("only an owner may remove an owner");
                }
                if (members.owners() == 1) {
                    throw ApiException.conflict("the last owner cannot be removed; make another member owner first");
                }
            }
            Tuple key = Tuple.of(caller.workspaceId(), userId);
            return conn.preparedQuery("DELETE FROM memberships WHERE workspace_id = $1 AND user_id = $2").execute(key)
                    .chain(() -> conn.preparedQuery("DELETE FROM api_tokens WHERE workspace_id = $1 AND user_id = $2")
                            .execute(key))
                    .chain(() -> audit.record(conn, AuditEvent.of(caller.workspaceId(), caller.actor(), "member.removed",
                            "member", userId).changes(Changes.none().with("email", members.target().email(), null)
                            .with("role", members.target().role().wire(), null))))
                    .replaceWithVoid();
        }));
    }

    private record Locked(MemberView target, long owners) {
    }

    /** Locks every membership of the workspace; the target member, or a 404. */
    private static Uni<Locked> locked(SqlConnection conn, UUID workspaceId, UUID userId) {
        return conn.preparedQuery("SELECT " + COLUMNS + " FROM memberships m JOIN users u ON u.id = m.user_id "
                        + "WHERE m.workspace_id = $1 FOR UPDATE OF m")
                .execute(Tuple.of(workspaceId))
                .map(rows -> {
                    MemberView target = null;
                    long owners = 0;
                    for (Row r : rows) {
                        MemberView m = MemberView.of(r);
                        owners += m.role() == Role.OWNER ? 1 : 0;
                        target = m.userId().equals(userId) ? m : target;
                    }
                    if (target == null) {
                        throw ApiException.notFound("member " + userId);
                    }
                    return new Locked(target, owners);
                });
    }
}

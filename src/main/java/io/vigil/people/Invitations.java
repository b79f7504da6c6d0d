package io.vigil.people;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.audit.Actor;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.audit.Changes;
import io.vigil.auth.Role;
import io.vigil.auth.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The invitations table (plain SQL). A link's token is looked up by its SHA-256; accepting claims the invitation with
 * one conditional UPDATE, so a link works once, and not after it was revoked or expired, whatever runs in parallel.
 */
@ApplicationScoped
public class Invitations {

    /** What a link stands for now. */
    public enum State { PENDING, ACCEPTED, REVOKED, EXPIRED }

    /** An invitation as the API lists it. */
    public record Pending(UUID id, String email, Role role, Instant createdAt, Instant expiresAt) {
    }

    /** An invitation found by its link, with its workspace. */
    public record Found(UUID id, UUID workspaceId, String workspaceName, String workspaceSlug, String email, Role role,
                        State state) {
    }

    /** The account an invited address already has. */
    public record Account(UUID id, String passwordHash, boolean disabled) {
    }

    /** Another account for the address was created between the form and its submission. */
    public static final class AccountExists extends RuntimeException {
        AccountExists() {
            super("an account for this address exists already", null, false, false);
        }
    }

    static final String MEMBER = "SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id "
            + "WHERE m.workspace_id = $1 AND lower(u.email) = $2";
    static final String SUPERSEDE = "UPDATE invitations SET revoked_at = $3 "
            + "WHERE workspace_id = $1 AND email = $2 AND accepted_at IS NULL AND revoked_at IS NULL";
    static final String INSERT = "INSERT INTO invitations (id, workspace_id, email, role, token_hash, invited_by, "
            + "created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    static final String PENDING = "SELECT id, email, role, created_at, expires_at FROM invitations WHERE workspace_id = $1 "
            + "AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC, id LIMIT 500";
    static final String REVOKE = "UPDATE invitations SET revoked_at = $3 WHERE id = $1 AND workspace_id = $2 "
            + "AND accepted_at IS NULL AND revoked_at IS NULL RETURNING email, role";
    static final String BY_TOKEN = "SELECT i.id, i.workspace_id, w.name, w.slug, i.email, i.role, i.expires_at, "
            + "i.accepted_at, i.revoked_at FROM invitations i JOIN workspaces w ON w.id = i.workspace_id WHERE i.token_hash = $1";
    static final String ACCOUNT = "SELECT id, password_hash, disabled_at FROM users WHERE lower(email) = $1";
    static final String CLAIM = "UPDATE invitations SET accepted_at = $2 WHERE id = $1 AND accepted_at IS NULL "
            + "AND revoked_at IS NULL AND expires_at > $2 RETURNING workspace_id, role, email";
    static final String NEW_USER = "INSERT INTO users (id, email, name, password_hash, created_at) "
            + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id";
    static final String JOIN = "INSERT INTO memberships (workspace_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4) "
            + "ON CONFLICT (workspace_id, user_id) DO NOTHING";

    @Inject
    Pool pool;
    @Inject
    AuditLog audit;

    public Uni<Boolean> isMember(UUID workspaceId, String email) {
        return pool.preparedQuery(MEMBER).execute(Tuple.of(workspaceId, email)).map(rows -> rows.size() > 0);
    }

    /** Stores a new invitation (only the token's hash), replacing the address's pending one in the workspace. */
    public Uni<Pending> create(UUID workspaceId, String email, Role role, String token, Actor invitedBy, Instant now,
                               Instant expiresAt) {
        UUID id = UUID.randomUUID();
        Tuple row = Tuple.of(id, workspaceId, email, role.wire(), Buffer.buffer(Secrets.sha256(token)), invitedBy.userId())
                .addOffsetDateTime(utc(now)).addOffsetDateTime(utc(expiresAt));
        return pool.withTransaction(c -> c.preparedQuery(SUPERSEDE).execute(Tuple.of(workspaceId, email, utc(now)))
                        .chain(x -> c.preparedQuery(INSERT).execute(row))
                        .chain(x -> audit.record(c, AuditEvent.of(workspaceId, invitedBy, "member.invited", "invitation", id)
                                .changes(Changes.none().with("email", null, email).with("role", null, role.wire())))))
                .map(x -> new Pending(id, email, role, now, expiresAt));
    }

    public Uni<List<Pending>> pending(UUID workspaceId, Instant now) {
        return pool.preparedQuery(PENDING).execute(Tuple.of(workspaceId, utc(now))).map(rows -> {
            List<Pending> out = new ArrayList<>();
            rows.forEach(r -> out.add(new Pending(r.getUUID("id"), r.getString("email"), Role.fromWire(r.getString("role")),
                    instant(r, "created_at"), instant(r, "expires_at"))));
            return out;
        });
    }

    /** Whether a pending invitation of the workspace was revoked. */
    public Uni<Boolean> revoke(UUID workspaceId, UUID id, Instant now, Actor actor) {
        return pool.withTransaction(c -> c.preparedQuery(REVOKE).execute(Tuple.of(id, workspaceId, utc(now))).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().item(false);
            }
            Row r = rows.iterator().next();
            return audit.record(c, AuditEvent.of(workspaceId, actor, "invitation.revoked", "invitation", id)
                    .changes(Changes.none().with("email", r.getString("email"), null)
                            .with("role", r.getString("role"), null))).replaceWith(true);
        }));
    }

    public Uni<Optional<Found>> byToken(String token, Instant now) {
        return pool.preparedQuery(BY_TOKEN).execute(Tuple.of(Buffer.buffer(Secrets.sha256(token)))).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row r = rows.iterator().next();
            State state = r.getValue("accepted_at") != null ? State.ACCEPTED : r.getValue("revoked_at") != null
                    ? State.REVOKED : instant(r, "expires_at").isAfter(now) ? State.PENDING : State.EXPIRED;
            return Optional.of(new Found(r.getUUID("id"), r.getUUID("workspace_id"), r.getString("name"),
                    r.getString("slug"), r.getString("email"), Role.fromWire(r.getString("role")), state));
        });
    }

    public Uni<Optional<Account>> account(String email) {
        return pool.preparedQuery(ACCOUNT).execute(Tuple.of(email)).map(rows -> rows.size() == 0 ? Optional.empty()
                : Optional.of(rows.iterator().next()).map(r -> new Account(r.getUUID("id"), r.getString("password_hash"),
                r.getValue("disabled_at") != null)));
    }

    /** Claims the invitation and creates its account; false when the link was used, revoked or expired meanwhile. */
    public Uni<Boolean> acceptAsNewUser(UUID invitationId, String email, String name, String passwordHash, Instant now,
                                        String address) {
        return pool.withTransaction(c -> claim(c, invitationId, now).chain(claimed -> {
            if (claimed.size() == 0) {
                return Uni.createFrom().item(false);
            }
            UUID user = UUID.randomUUID();
            return c.preparedQuery(NEW_USER).execute(Tuple.of(user, email, name, passwordHash, utc(now)))
                    .chain(created -> {
                        if (created.size() == 0) {
                            return Uni.createFrom().failure(new AccountExists());
                        }
                        return join(c, invitationId, claimed, Actor.user(user, address), now);
                    });
        }));
    }

    /** Claims the invitation and adds the existing account to its workspace; false when the link no longer works. */
    public Uni<Boolean> acceptAsMember(UUID invitationId, UUID userId, Instant now, String address) {
        return pool.withTransaction(c -> claim(c, invitationId, now).chain(claimed -> claimed.size() == 0
                ? Uni.createFrom().item(false) : join(c, invitationId, claimed, Actor.user(userId, address), now)));
    }

    private static Uni<RowSet<Row>> claim(SqlConnection c, UUID invitationId, Instant now) {
        return c.preparedQuery(CLAIM).execute(Tuple.of(invitationId, utc(now)));
    }

    /** The membership the invitation grants, and its audit entry (the invited person is the actor). */
    private Uni<Boolean> join(SqlConnection c, UUID invitationId, RowSet<Row> claimed, Actor actor, Instant now) {
        Row r = claimed.iterator().next();
        return c.preparedQuery(JOIN).execute(Tuple.of(r.getUUID("workspace_id"), actor.userId(), r.getString("role"), utc(now)))
                .chain(() -> audit.record(c, AuditEvent.of(r.getUUID("workspace_id"), actor, "invitation.accepted",
                        "invitation", invitationId).changes(Changes.none().with("email", null, r.getString("email"))
                        .with("role", null, r.getString("role")))))
                .replaceWith(true);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row r, String column) {
        return r.getOffsetDateTime(column).toInstant();
    }
}

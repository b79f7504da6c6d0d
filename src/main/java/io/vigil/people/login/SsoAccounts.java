package io.vigil.people.login;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.people.SsoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The account behind a verified SSO e-mail address: the existing user with that address, or, the first time, a new
 * user without a password who joins the configured workspace with the configured role (both in one transaction).
 */
@ApplicationScoped
public class SsoAccounts {

    /** Who signs in, or why nobody does. */
    public record Outcome(UUID userId, Refusal refusal) {
    }

    public enum Refusal {
        /** The account exists but is disabled. */
        DISABLED,
        /** A new account would join a workspace that does not exist ({@code vigil.oidc.workspace}). */
        NO_WORKSPACE
    }

    static final String FIND = "SELECT id, disabled_at IS NULL FROM users WHERE lower(email) = $1";
    static final String WORKSPACE = "SELECT id FROM workspaces WHERE slug = $1";
    static final String NEW_USER = "INSERT INTO users (id, email, name, password_hash, created_at) "
            + "VALUES ($1, $2, $3, NULL, $4) ON CONFLICT DO NOTHING RETURNING id";
    static final String JOIN = "INSERT INTO memberships (workspace_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4) "
            + "ON CONFLICT (workspace_id, user_id) DO NOTHING";

    @Inject
    Pool pool;
    @Inject
    SsoConfig config;

    /** {@code email} is lower-cased and verified by the provider; {@code name} may be empty. */
    public Uni<Outcome> signIn(String email, String name, Instant now) {
        return pool.preparedQuery(FIND).execute(Tuple.of(email)).chain(rows -> rows.size() > 0
                ? Uni.createFrom().item(existing(rows.iterator().next()))
                : pool.withTransaction(c -> create(c, email, name, now)));
    }

    private static Outcome existing(Row row) {
        return row.getBoolean(1) ? new Outcome(row.getUUID(0), null) : new Outcome(row.getUUID(0), Refusal.DISABLED);
    }

    private Uni<Outcome> create(SqlConnection c, String email, String name, Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return c.preparedQuery(WORKSPACE).execute(Tuple.of(config.workspace())).chain(ws -> {
            if (ws.size() == 0) {
                return Uni.createFrom().item(new Outcome(null, Refusal.NO_WORKSPACE));
            }
            UUID workspace = ws.iterator().next().getUUID(0);
            UUID id = UUID.randomUUID();
            return c.preparedQuery(NEW_USER).execute(Tuple.of(id, email, name, at)).chain(created -> created.size() == 0
                    // a concurrent first sign-in with the same address won: use its account
                    ? c.preparedQuery(FIND).execute(Tuple.of(email)).map(again -> existing(again.iterator().next()))
                    : c.preparedQuery(JOIN).execute(Tuple.of(workspace, id, config.role().wire(), at))
                    .map(x -> new Outcome(id, null)));
        });
    }
}

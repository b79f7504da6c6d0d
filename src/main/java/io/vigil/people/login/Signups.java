package io.vigil.people.login;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.auth.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Open sign-up ({@code vigil.accounts.signup=open}, table {@code signups}): the address is proven before anything is
 * created. A sign-up waits with its argon2id hash until its mailed link is used (once, within its validity); then the
 * account, its own workspace and the owner membership are created in one transaction.
 */
@ApplicationScoped
public class Signups {

    /** What a link is now. */
    public enum State { VALID, USED, EXPIRED }

    /** A sign-up found by its link. */
    public record Found(String email, String name, State state) {
    }

    /** The account a used link created. */
    public record Created(UUID userId, String workspaceSlug) {
    }

    /** The address has an account already (made meanwhile, or by an invitation). */
    public static final class AccountExists extends RuntimeException {
        AccountExists() {
            super("account exists", null, false, false);
        }
    }

    @Inject
    Pool pool;

    /** A pending sign-up and its link's token; empty when the address has an account (the page answers the same). */
    public Uni<Optional<String>> create(String email, String name, String passwordHash, Instant now, Duration validity) {
        String token = Secrets.newToken("vgs_");
        return pool.preparedQuery("""
                        INSERT INTO signups (id, email, name, password_hash, token_hash, created_at, expires_at)
                        SELECT $1, $2, $3, $4, $5, $6, $7 WHERE NOT EXISTS (SELECT 1 FROM users WHERE email = $2)
                        RETURNING id""")
                .execute(Tuple.from(List.of(UUID.randomUUID(), email, name, passwordHash,
                        Buffer.buffer(Secrets.sha256(token)), utc(now), utc(now.plus(validity)))))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(token));
    }

    public Uni<Optional<Found>> byToken(String token, Instant now) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Uni.createFrom().item(Optional.empty());
        }
        return pool.preparedQuery("SELECT email, name, used_at, expires_at FROM signups WHERE token_hash = $1")
                .execute(Tuple.of(Buffer.buffer(Secrets.sha256(token)))).map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    State state = r.getOffsetDateTime(2) != null ? State.USED
                            : r.getOffsetDateTime(3).toInstant().isAfter(now) ? State.VALID : State.EXPIRED;
                    return Optional.of(new Found(r.getString(0), r.getString(1), state));
                });
    }

    /** Uses the link: the account, a workspace of its own and the owner membership; empty when the link is no good. */
    public Uni<Optional<Created>> complete(String token, Instant now) {
        return pool.withTransaction(c -> c.preparedQuery("""
                        UPDATE signups SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
                        RETURNING email, name, password_hash""").execute(Tuple.of(Buffer.buffer(Secrets.sha256(token)), utc(now)))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().item(Optional.<Created>empty())
                        : create(c, rows.iterator().next(), now).map(Optional::of)));
    }

    private static Uni<Created> create(SqlConnection c, Row signup, Instant now) {
        UUID user = UUID.randomUUID();
        UUID workspace = UUID.randomUUID();
        String email = signup.getString(0);
        String name = signup.getString(1);
        String slug = slugFor(email);
        return c.preparedQuery("""
                        INSERT INTO users (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT DO NOTHING RETURNING id""")
                .execute(Tuple.of(user, email, name, signup.getString(2), utc(now)))
                .chain(created -> {
                    if (created.size() == 0) {
                        return Uni.createFrom().failure(new AccountExists());
                    }
                    return c.preparedQuery("INSERT INTO workspaces (id, slug, name, created_at) VALUES ($1, $2, $3, $4)")
                            .execute(Tuple.of(workspace, slug, name + "'s workspace", utc(now)))
                            .chain(() -> c.preparedQuery("INSERT INTO memberships (workspace_id, user_id, role, joined_at) "
                                    + "VALUES ($1, $2, 'owner', $3)").execute(Tuple.of(workspace, user, utc(now))))
                            .replaceWith(new Created(user, slug));
                });
    }

    /** The address's local part as a slug, made unique with a random tail ({@code ada-3f9c2a}). */
    static String slugFor(String email) {
        String local = email.substring(0, Math.max(0, email.indexOf('@'))).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (local.length() > 40) {
            local = local.substring(0, 40).replaceAll("-+$", "");
        }
        String tail = UUID.randomUUID().toString().substring(0, 6);
        return local.isEmpty() ? "ws-" + tail : local + "-" + tail;
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}

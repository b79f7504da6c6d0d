package io.vigil.people.login;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.audit.Actor;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.audit.Changes;
import io.vigil.auth.Secrets;
import io.vigil.auth.session.Sessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * Password-reset links (table {@code password_resets}, plain SQL): only the token's SHA-256 is stored; a link works once
 * and for a limited time; a new link replaces the user's unused ones; using one sets the password and ends every session
 * of the user in one transaction.
 */
@ApplicationScoped
public class PasswordResets {

    /** What a link is now. */
    public enum State { VALID, USED, EXPIRED }

    /** A link found by its token. */
    public record Found(UUID userId, String email, State state) {
    }

    @Inject
    Pool pool;
    @Inject
    AuditLog audit;

    /**
     * A new link for the account with this e-mail, if it can sign in with a password (enabled, not SSO-only); empty
     * otherwise, and the caller answers the same either way.
     */
    public Uni<Optional<String>> create(String email, Instant now, Duration validity) {
        String token = Secrets.newToken("vgr_");
        return pool.withTransaction(c -> c.preparedQuery(
                                "SELECT id FROM users WHERE email = $1 AND disabled_at IS NULL AND password_hash IS NOT NULL FOR UPDATE")
                        .execute(Tuple.of(email)).chain(rows -> {
                            if (rows.size() == 0) {
                                return Uni.createFrom().item(Optional.<String>empty());
                            }
                            UUID user = rows.iterator().next().getUUID(0);
                            return c.preparedQuery("DELETE FROM password_resets WHERE user_id = $1 AND used_at IS NULL")
                                    .execute(Tuple.of(user))
                                    .chain(x -> c.preparedQuery("""
                                            INSERT INTO password_resets (id, user_id, token_hash, created_at, expires_at)
                                            VALUES ($1, $2, $3, $4, $5)""").execute(Tuple.of(UUID.randomUUID(), user,
                                            Buffer.buffer(Secrets.sha256(token)), utc(now), utc(now.plus(validity)))))
                                    .replaceWith(Optional.of(token));
                        }));
    }

    public Uni<Optional<Found>> byToken(String token, Instant now) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Uni.createFrom().item(Optional.empty());
        }
        return pool.preparedQuery("""
                        SELECT r.user_id, u.email, r.used_at, r.expires_at FROM password_resets r JOIN users u ON u.id = r.user_id
                        WHERE r.token_hash = $1""").execute(Tuple.of(Buffer.buffer(Secrets.sha256(token))))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    State state = r.getOffsetDateTime(2) != null ? State.USED
                            : r.getOffsetDateTime(3).toInstant().isAfter(now) ? State.VALID : State.EXPIRED;
                    return Optional.of(new Found(r.getUUID(0), r.getString(1), state));
                });
    }

    /** Uses the link: false when it was used, replaced or expired meanwhile (then nothing changes). */
    public Uni<Boolean> complete(String token, String passwordHash, Instant now, String client) {
        return pool.withTransaction(c -> c.preparedQuery("""
                        UPDATE password_resets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
                        RETURNING user_id""").execute(Tuple.of(Buffer.buffer(Secrets.sha256(token)), utc(now)))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    UUID user = rows.iterator().next().getUUID(0);
                    return c.preparedQuery("UPDATE users SET password_hash = $2 WHERE id = $1 AND disabled_at IS NULL")
                            .execute(Tuple.of(user, passwordHash))
                            .chain(updated -> updated.rowCount() == 0 ? Uni.createFrom().item(false)
                                    : Sessions.endOthers(c, user, null)
                                    .chain(() -> audit.record(c, AuditEvent.of(null, Actor.user(user, client), "password.reset", "user", user)
                                            .changes(Changes.none().secret("password", "old", "new"))))
                                    .replaceWith(true));
                }));
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}

package io.vigil.auth;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.ApiException;
import io.vigil.audit.Actor;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.audit.Changes;
import io.vigil.auth.session.Sessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.UUID;

/**
 * The one password policy (length only, as NIST SP 800-63B advises: at least {@value #MIN}, at most {@value #MAX} so
 * argon2id's cost stays bounded) and the one way to change a password: the current one checked (throttled like a
 * login), the new one hashed on a worker thread, and every other session of the user ended in the same transaction.
 */
@ApplicationScoped
public class Passwords {

    public static final int MIN = 12;
    public static final int MAX = 1024;

    @Inject
    Pool pool;
    @Inject
    AuditLog audit;
    @Inject
    LoginThrottle throttle;

    /** What is wrong with a new password, if anything, in words for a person. */
    public static Optional<String> weakness(String password) {
        if (password == null || password.length() < MIN) {
            return Optional.of("needs at least " + MIN + " characters");
        }
        if (password.length() > MAX) {
            return Optional.of("must be at most " + MAX + " characters");
        }
        return Optional.empty();
    }

    /** Argon2id of a password, on a worker thread (it takes tens of milliseconds by design). */
    public static Uni<String> hash(String password) {
        return Uni.createFrom().item(() -> Secrets.hashPassword(password)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Whether {@code password} matches {@code hash}, on a worker thread; over-long input is refused unhashed. */
    public static Uni<Boolean> verify(String password, String hash) {
        if (password == null || password.isEmpty() || password.length() > MAX || hash == null) {
            return Uni.createFrom().item(false);
        }
        return Uni.createFrom().item(() -> Secrets.verifyPassword(password, hash)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * Changes the user's password given the current one: 400 naming {@code current} when it is wrong (counted as a
     * failed login, so guessing through this route is throttled too), {@code new} when it is too short or long. Ends
     * every session of the user but {@code keepSession} (null: all of them).
     */
    public Uni<Void> change(UUID userId, String current, String next, String client, UUID keepSession) {
        weakness(next).ifPresent(w -> {
            throw ApiException.invalid("new", w);
        });
        if (current == null || current.isEmpty()) {
            throw ApiException.invalid("current", "is required");
        }
        return pool.preparedQuery("SELECT email, password_hash FROM users WHERE id = $1").execute(Tuple.of(userId))
                .chain(rows -> {
                    var u = rows.iterator().next();
                    String email = u.getString(0);
                    String stored = u.getString(1);
                    if (stored == null) {
                        return Uni.createFrom().failure(ApiException.conflict("this account signs in with SSO and has no password"));
                    }
                    return throttle.guarded(email, client, () -> verify(current, stored).chain(right -> right
                            ? Uni.createFrom().voidItem()
                            : Uni.createFrom().failure(ApiException.invalid("current", "is not your current password"))))
                            .chain(() -> hash(next))
                            .chain(hash -> set(userId, stored, hash, keepSession, client));
                });
    }

    /**
     * Sets the new hash if the password did not change meanwhile, ends the other sessions and records
     * {@code password.changed} (at instance level: an account's own), in one transaction.
     */
    private Uni<Void> set(UUID userId, String expected, String hash, UUID keepSession, String client) {
        return pool.withTransaction(c -> c.preparedQuery("UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2")
                .execute(Tuple.of(userId, expected, hash))
                .chain(rows -> rows.rowCount() == 0
                        ? Uni.createFrom().failure(ApiException.conflict("the password changed meanwhile; try again"))
                        : Sessions.endOthers(c, userId, keepSession))
                .chain(() -> audit.record(c, AuditEvent.of(null, Actor.user(userId, client), "password.changed", "user", userId)
                        .changes(Changes.none().secret("password", expected, hash)))));
    }
}

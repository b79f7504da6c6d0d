package io.vigil.auth.session;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.ServerOnly;
import io.vigil.audit.Actor;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.audit.Changes;
import io.vigil.auth.Secrets;
import io.vigil.auth.session.Session.Method;
import io.vigil.auth.session.Session.Stage;
import io.vigil.auth.session.Session.Started;
import io.vigil.auth.session.Session.View;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Server-side sessions in PostgreSQL (table {@code sessions}, plain SQL): every replica sees the same ones, and ending
 * one — by its user, a password or 2FA change, a reset, a disabled account — ends it everywhere at the next request.
 * The cookie carries a random token; the table keeps its SHA-256 only. A session ends when unused for
 * {@link SessionConfig#idle()} or {@link SessionConfig#absolute()} after sign-in; {@code last_seen_at} is written at
 * most once a minute per session.
 */
@ApplicationScoped
public class Sessions {

    static final int MAX_USER_AGENT = 300;
    private static final Duration SEEN_RESOLUTION = Duration.ofMinutes(1);

    @Inject
    Pool pool;
    @Inject
    Clock clock;
    @Inject
    SessionConfig config;
    @Inject
    AuditLog audit;

    /** A new session for a user whose password (or passkey, or SSO) was right; {@code SECOND_FACTOR} ends soon. */
    public Uni<Started> start(UUID userId, Stage stage, Method method, String address, String userAgent) {
        Instant now = clock.instant();
        Instant expires = now.plus(stage == Stage.ACTIVE ? config.absolute() : config.secondFactor());
        UUID id = UUID.randomUUID();
        String token = Secrets.newToken("vs_");
        String agent = userAgent == null ? null
                : userAgent.length() > MAX_USER_AGENT ? userAgent.substring(0, MAX_USER_AGENT) : userAgent;
        return pool.preparedQuery("""
                        INSERT INTO sessions (id, user_id, token_hash, stage, method, created_at, last_seen_at, expires_at,
                                              address, user_agent)
                        VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9)""")
                .execute(Tuple.from(List.of(id, userId, Buffer.buffer(Secrets.sha256(token)), stage.wire(), method.wire(),
                        utc(now), utc(expires), address == null ? "" : address, agent == null ? "" : agent)))
                .replaceWith(new Started(id, token, expires));
    }

    /**
     * The live session of a cookie: known, not expired (idle or absolute), its user enabled. Seen now (written at most
     * once a minute).
     */
    public Uni<Optional<Session>> resolve(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Uni.createFrom().item(Optional.empty());
        }
        Instant now = clock.instant();
        return pool.preparedQuery("""
                        SELECT s.id, s.user_id, u.email, u.name, s.stage, u.instance_admin, s.last_seen_at
                        FROM sessions s JOIN users u ON u.id = s.user_id AND u.disabled_at IS NULL
                        WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3""")
                .execute(Tuple.of(Buffer.buffer(Secrets.sha256(token)), utc(now), utc(now.minus(config.idle()))))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(Optional.<Session>empty());
                    }
                    Row r = rows.iterator().next();
                    Session s = new Session(r.getUUID(0), r.getUUID(1), r.getString(2), r.getString(3),
                            Stage.valueOf(r.getString(4).toUpperCase(Locale.ROOT)), r.getBoolean(5));
                    if (!r.getOffsetDateTime(6).toInstant().plus(SEEN_RESOLUTION).isBefore(now)) {
                        return Uni.createFrom().item(Optional.of(s));
                    }
                    return pool.preparedQuery("UPDATE sessions SET last_seen_at = $2 WHERE id = $1")
                            .execute(Tuple.of(s.id(), utc(now))).replaceWith(Optional.of(s));
                });
    }

    /**
     * The second factor was right: the session becomes active under a new token (the pre-2FA cookie stops working) and
     * a full lifetime. Empty when the session ended meanwhile or was active already.
     */
    public Uni<Optional<Started>> promote(UUID sessionId) {
        Instant now = clock.instant();
        Instant expires = now.plus(config.absolute());
        String token = Secrets.newToken("vs_");
        return pool.preparedQuery("""
                        UPDATE sessions SET stage = 'active', token_hash = $2, last_seen_at = $3, expires_at = $4
                        WHERE id = $1 AND stage = 'second_factor' AND expires_at > $3 RETURNING id""")
                .execute(Tuple.of(sessionId, Buffer.buffer(Secrets.sha256(token)), utc(now), utc(expires)))
                .map(rows -> rows.rowCount() == 1 ? Optional.of(new Started(sessionId, token, expires)) : Optional.empty());
    }

    /**
     * Ends one of the acting user's own sessions (signing out ends the current one) and records it in the audit log, in
     * one transaction; false when they have none by that id.
     */
    public Uni<Boolean> endOwn(Actor actor, UUID sessionId) {
        return pool.withTransaction(c -> c.preparedQuery(
                        "DELETE FROM sessions WHERE id = $1 AND user_id = $2 RETURNING user_agent, method, address")
                .execute(Tuple.of(sessionId, actor.userId())).chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    Row r = rows.iterator().next();
                    return audit.record(c, AuditEvent.of(null, actor, "session.ended", "session", sessionId)
                                    .changes(Changes.none().with("device", Devices.describe(r.getString(0)), null)
                                            .with("method", r.getString(1), null).with("address", r.getString(2), null)))
                            .replaceWith(true);
                }));
    }

    /** Ends every session of the user but {@code keep} (null: all), in the caller's transaction. */
    public static Uni<Void> endOthers(SqlClient c, UUID userId, UUID keep) {
        return c.preparedQuery("DELETE FROM sessions WHERE user_id = $1 AND ($2::uuid IS NULL OR id <> $2)")
                .execute(Tuple.of(userId, keep)).replaceWithVoid();
    }

    /** The user's live sessions, most recently seen first; {@code current} marks the one asking. */
    public Uni<List<View>> list(UUID userId, UUID current) {
        Instant now = clock.instant();
        return pool.preparedQuery("""
                        SELECT id, user_agent, address, method, created_at, last_seen_at, expires_at FROM sessions
                        WHERE user_id = $1 AND stage = 'active' AND expires_at > $2 AND last_seen_at > $3
                        ORDER BY last_seen_at DESC, id LIMIT 500""")
                .execute(Tuple.of(userId, utc(now), utc(now.minus(config.idle()))))
                .map(rows -> {
                    List<View> views = new ArrayList<>();
                    for (Row r : rows) {
                        views.add(new View(r.getUUID(0), Devices.describe(r.getString(1)), r.getString(2), r.getString(3),
                                r.getOffsetDateTime(4).toInstant(), r.getOffsetDateTime(5).toInstant(),
                                earlier(r.getOffsetDateTime(6).toInstant(), r.getOffsetDateTime(5).toInstant().plus(config.idle())),
                                r.getUUID(0).equals(current)));
                    }
                    return views;
                });
    }

    /** Forgets ended sessions (expired or idle); runs on one replica at a time or twice harmlessly. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = ServerOnly.class)
    Uni<Void> prune() {
        Instant now = clock.instant();
        return pool.preparedQuery("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
                .execute(Tuple.of(utc(now), utc(now.minus(config.idle()))))
                .replaceWithVoid().onFailure().recoverWithNull();
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}

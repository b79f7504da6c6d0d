package io.vigil.api;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The service's one throttle: counts attempts (password guesses, subscriptions) per scope and subject within a sliding
 * window ({@link Limit}). Beyond the limit, the next attempt waits until the oldest leaves the window. Used by status
 * pages (scope: the page; subject: the client address) and by HTTP Basic logins to the API (scope {@link #SERVICE};
 * subjects: the account and the client address).
 *
 * <p>The count lives in PostgreSQL ({@code attempt_throttle}), so every replica sees the same one. Each attempt is one
 * upsert that drops the attempts outside the window, decides and records under the row's lock: parallel guesses, on one
 * replica or several, cannot slip past the limit. A failure (database away, {@link #TIMEOUT}) fails the returned
 * {@link Uni}; callers then refuse rather than check a password uncounted.
 */
@ApplicationScoped
public class AttemptThrottle {

    /** What is counted ({@code name}, part of the key), how many per window. */
    public record Limit(String name, int max, Duration window) {
    }

    /** The scope of service-wide counts (not tied to one status page). */
    public static final UUID SERVICE = new UUID(0, 0);
    /** How long an attempt waits for the database before the caller gives up (fails closed). */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Rows deleted per prune statement at most (the job runs again a minute later). */
    static final int PRUNE_BATCH = 10_000;

    /**
     * $1 scope, $2 key, $3 now, $4 the window's start, $5 the limit. Inside the row lock of ON CONFLICT: keep the
     * attempts after the window's start; at the limit, refuse (nothing added), else add this one.
     */
    static final String ATTEMPT = """
            INSERT INTO attempt_throttle AS t (scope_id, client_key, attempts, refused, last_at)
            VALUES ($1, $2, ARRAY[$3::timestamptz], false, $3)
            ON CONFLICT (scope_id, client_key) DO UPDATE SET (attempts, refused, last_at) = (
                SELECT CASE WHEN cardinality(k.kept) >= $5 THEN k.kept ELSE k.kept || $3::timestamptz END,
                       cardinality(k.kept) >= $5,
                       CASE WHEN cardinality(k.kept) >= $5 THEN t.last_at ELSE $3 END
                FROM (SELECT ARRAY(SELECT a FROM unnest(t.attempts) a WHERE a > $4 ORDER BY a) AS kept) k)
            RETURNING refused, attempts[1]""";

    /** $1 scope, $2 key, $3 the attempt's time: takes out that one attempt (the first one made at that time). */
    static final String FORGIVE = """
            UPDATE attempt_throttle t SET attempts = t.attempts[:p.i - 1] || t.attempts[p.i + 1:]
            FROM (SELECT array_position(attempts, $3::timestamptz) AS i FROM attempt_throttle
                  WHERE scope_id = $1 AND client_key = $2) p
            WHERE t.scope_id = $1 AND t.client_key = $2 AND p.i IS NOT NULL""";

    @Inject
    Pool pool;
    @Inject
    Clock clock;

    public AttemptThrottle() {
    }

    /** A throttle on the given database and clock (another replica, as tests build it). */
    public AttemptThrottle(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** An attempt: allowed ({@link #retryAfter()} empty) or refused, and when it was counted (for {@link #forgive}). */
    public record Outcome(Optional<Duration> retryAfter, Instant at) {
        public boolean refused() {
            return retryAfter.isPresent();
        }
    }

    /**
     * Counts an attempt before the password is checked (so parallel guesses count too). Empty when it may proceed;
     * else how long until the next attempt is allowed (at least one second).
     */
    public Uni<Optional<Duration>> attempt(Limit limit, UUID scope, String subject) {
        return count(limit, scope, subject).map(Outcome::retryAfter);
    }

    /** As {@link #attempt}, also telling when the attempt was counted. */
    public Uni<Outcome> count(Limit limit, UUID scope, String subject) {
        Instant now = clock.instant();
        return pool.preparedQuery(ATTEMPT)
                .execute(Tuple.of(scope, key(limit, subject), utc(now), utc(now.minus(limit.window())), limit.max()))
                .ifNoItem().after(TIMEOUT).fail()
                .map(rows -> new Outcome(wait(rows.iterator().next(), now, limit), now));
    }

    private static Optional<Duration> wait(Row row, Instant now, Limit limit) {
        if (!row.getBoolean(0)) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, row.getOffsetDateTime(1).toInstant().plus(limit.window()));
        return Optional.of(left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left);
    }

    /** The subject's whole count for this scope starts over. */
    public Uni<Void> reset(Limit limit, UUID scope, String subject) {
        return pool.preparedQuery("DELETE FROM attempt_throttle WHERE scope_id = $1 AND client_key = $2")
                .execute(Tuple.of(scope, key(limit, subject)))
                .ifNoItem().after(TIMEOUT).fail()
                .replaceWithVoid();
    }

    /** Takes back one counted attempt (made at {@code at}) and nothing else: other attempts of the subject still count. */
    public Uni<Void> forgive(Limit limit, UUID scope, String subject, Instant at) {
        return pool.preparedQuery(FORGIVE)
                .execute(Tuple.of(scope, key(limit, subject), utc(at)))
                .ifNoItem().after(TIMEOUT).fail()
                .replaceWithVoid();
    }

    /** Forgets the (scope, subject) pairs of these limits whose newest attempt has left the window: they count nothing. */
    public Uni<Void> prune(List<Limit> limits) {
        Instant now = clock.instant();
        return Multi.createFrom().iterable(limits).onItem().transformToUniAndConcatenate(limit -> pool.preparedQuery("""
                        DELETE FROM attempt_throttle WHERE (scope_id, client_key) IN (
                            SELECT scope_id, client_key FROM attempt_throttle
                            WHERE last_at <= $1 AND client_key LIKE $3 LIMIT $2)""")
                        .execute(Tuple.of(utc(now.minus(limit.window())), PRUNE_BATCH, limit.name() + "|%")))
                .collect().last()
                .replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    /** The row's key: what is counted, then who. */
    private static String key(Limit limit, String subject) {
        return limit.name() + "|" + subject;
    }

    /**
     * The client address of a request: the last {@code X-Forwarded-For} entry (the address the nearest proxy saw) when
     * forwarded headers are trusted and present, else the connection's peer.
     */
    public static String client(String forwardedFor, String remote, boolean trustForwarded) {
        if (trustForwarded && forwardedFor != null && !forwardedFor.isBlank()) {
            String[] hops = forwardedFor.split(",");
            String last = hops.length == 0 ? "" : hops[hops.length - 1].trim();
            if (!last.isEmpty()) {
                return last;
            }
        }
        return remote == null ? "?" : remote;
    }

    /** The client as counted: an IPv4 address as is, an IPv6 address by its /64 prefix. */
    public static String clientKey(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address == null ? "?" : address;
        }
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (!literal.matches("[0-9a-fA-F:.]+")) {
            return address;
        }
        try {
            byte[] b = InetAddress.getByName(literal).getAddress(); // a literal: no name lookup
            if (b.length != 16) {
                return InetAddress.getByAddress(b).getHostAddress();
            }
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                s.append(String.format("%x", ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return s.append(":/64").toString();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}

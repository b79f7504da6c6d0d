package io.vigil.statuspage;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

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
 * Throttles what visitors may try on a status page, per page and client within a sliding window ({@link Limit}):
 * password guesses on protected pages ({@link #LOGIN}: 5 failed or still running per 5 minutes) and subscriptions
 * ({@link #SUBSCRIBE}: 10 per hour, each one may send a confirmation e-mail). Beyond the limit, the next attempt
 * waits until the oldest leaves the window. IPv6 clients are counted per /64 (one subscriber's usual allocation), so rotating addresses
 * within it does not help.
 *
 * <p>The count lives in PostgreSQL ({@code status_page_visitor_attempts}), so every replica sees the same one. Each
 * attempt is one upsert that drops the attempts outside the window, decides and records under the row's lock: parallel
 * guesses, on one replica or several, cannot slip past the limit. A failure (database away, {@link #TIMEOUT}) fails
 * the returned {@link Uni}; the login then refuses rather than checking a password uncounted.
 */
@ApplicationScoped
public class VisitorThrottle {

    /** What is counted ({@code name}, part of the key), how many per window. */
    public record Limit(String name, int max, Duration window) {
    }

    public static final Limit LOGIN = new Limit("login", 5, Duration.ofMinutes(5));
    public static final Limit SUBSCRIBE = new Limit("subscribe", 10, Duration.ofHours(1));
    static final List<Limit> LIMITS = List.of(LOGIN, SUBSCRIBE);
    /** How long an attempt waits for the database before the login gives up (fails closed). */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Rows deleted per prune statement at most (the job runs again a minute later). */
    static final int PRUNE_BATCH = 10_000;

    private static final Logger LOG = Logger.getLogger(VisitorThrottle.class);

    /**
     * $1 page, $2 client key, $3 now, $4 the window's start, $5 the limit. Inside the row lock of ON CONFLICT: keep the
     * attempts after the window's start; at the limit, refuse (nothing added), else add this one.
     */
    static final String ATTEMPT = """
            INSERT INTO status_page_visitor_attempts AS t (page_id, client_key, attempts, refused, last_at)
            VALUES ($1, $2, ARRAY[$3::timestamptz], false, $3)
            ON CONFLICT (page_id, client_key) DO UPDATE SET (attempts, refused, last_at) = (
                SELECT CASE WHEN cardinality(k.kept) >= $5 THEN k.kept ELSE k.kept || $3::timestamptz END,
                       cardinality(k.kept) >= $5,
                       CASE WHEN cardinality(k.kept) >= $5 THEN t.last_at ELSE $3 END
                FROM (SELECT ARRAY(SELECT a FROM unnest(t.attempts) a WHERE a > $4 ORDER BY a) AS kept) k)
            RETURNING refused, attempts[1]""";

    @Inject
    Pool pool;
    @Inject
    Clock clock;

    /**
     * Counts an attempt before the password is checked (so parallel guesses count too). Empty when it may proceed;
     * else how long until the next attempt is allowed (at least one second).
     */
    public Uni<Optional<Duration>> attempt(Limit limit, UUID pageId, String client) {
        Instant now = clock.instant();
        return pool.preparedQuery(ATTEMPT)
                .execute(Tuple.of(pageId, key(limit, client), utc(now), utc(now.minus(limit.window())), limit.max()))
                .ifNoItem().after(TIMEOUT).fail()
                .map(rows -> wait(rows.iterator().next(), now, limit));
    }

    private static Optional<Duration> wait(Row row, Instant now, Limit limit) {
        if (!row.getBoolean(0)) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, row.getOffsetDateTime(1).toInstant().plus(limit.window()));
        return Optional.of(left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left);
    }

    /** The right password: the client's count for this page starts over (if the database is away, it ages out). */
    public Uni<Void> succeeded(Limit limit, UUID pageId, String client) {
        return pool.preparedQuery("DELETE FROM status_page_visitor_attempts WHERE page_id = $1 AND client_key = $2")
                .execute(Tuple.of(pageId, key(limit, client)))
                .ifNoItem().after(TIMEOUT).fail()
                .onFailure().invoke(e -> LOG.debugf(e, "could not reset the login count of page %s", pageId))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Forgets (page, client) pairs whose newest attempt has left the window: they would count nothing. */
    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = io.vigil.ServerOnly.class)
    Uni<Void> prune() {
        Instant now = clock.instant();
        return Multi.createFrom().iterable(LIMITS).onItem().transformToUniAndConcatenate(limit -> pool.preparedQuery("""
                        DELETE FROM status_page_visitor_attempts WHERE (page_id, client_key) IN (
                            SELECT page_id, client_key FROM status_page_visitor_attempts
                            WHERE last_at <= $1 AND client_key LIKE $3 LIMIT $2)""")
                        .execute(Tuple.of(utc(now.minus(limit.window())), PRUNE_BATCH, limit.name() + "|%")))
                .collect().last()
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    /** The row's key: what is counted, then who. */
    private static String key(Limit limit, String client) {
        return limit.name() + "|" + clientKey(client);
    }

    /** The client as counted: an IPv4 address as is, an IPv6 address by its /64 prefix. */
    static String clientKey(String address) {
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

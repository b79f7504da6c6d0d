package io.vigil.statuspage;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vigil.ServerOnly;
import io.vigil.api.AttemptThrottle;
import io.vigil.api.AttemptThrottle.Limit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What visitors may try on a status page, per page and client, counted by the service's one throttle
 * ({@link AttemptThrottle}, in PostgreSQL, shared by all replicas): password guesses on protected pages ({@link #LOGIN}:
 * 5 failed or still running per 5 minutes) and subscriptions ({@link #SUBSCRIBE}: 10 per hour, each one may send a
 * confirmation e-mail). IPv6 clients are counted per /64 (one subscriber's usual allocation), so rotating addresses
 * within it does not help. A failure (database away) fails the returned {@link Uni}; the login then refuses rather than
 * checking a password uncounted.
 */
@ApplicationScoped
public class VisitorThrottle {

    public static final Limit LOGIN = new Limit("login", 5, Duration.ofMinutes(5));
    public static final Limit SUBSCRIBE = new Limit("subscribe", 10, Duration.ofHours(1));
    static final List<Limit> LIMITS = List.of(LOGIN, SUBSCRIBE);

    private static final Logger LOG = Logger.getLogger(VisitorThrottle.class);

    @Inject
    AttemptThrottle attempts;

    /**
     * Counts an attempt before the password is checked (so parallel guesses count too). Empty when it may proceed;
     * else how long until the next attempt is allowed (at least one second).
     */
    public Uni<Optional<Duration>> attempt(Limit limit, UUID pageId, String client) {
        return attempts.attempt(limit, pageId, clientKey(client));
    }

    /** The right password: the client's count for this page starts over (if the database is away, it ages out). */
    public Uni<Void> succeeded(Limit limit, UUID pageId, String client) {
        return attempts.reset(limit, pageId, clientKey(client))
                .onFailure().invoke(e -> LOG.debugf(e, "could not reset the login count of page %s", pageId))
                .onFailure().recoverWithNull();
    }

    /** Forgets (page, client) pairs whose newest attempt has left the window: they would count nothing. */
    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = ServerOnly.class)
    Uni<Void> prune() {
        return attempts.prune(LIMITS).onFailure().recoverWithNull();
    }

    /** The client as counted: an IPv4 address as is, an IPv6 address by its /64 prefix. */
    static String clientKey(String address) {
        return AttemptThrottle.clientKey(address);
    }
}

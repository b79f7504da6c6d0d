package io.vigil.people;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vigil.ServerOnly;
import io.vigil.api.AttemptThrottle;
import io.vigil.api.AttemptThrottle.Limit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Submissions of invitation forms per client address (IPv6: its /64), with the service's one throttle
 * ({@link AttemptThrottle}, in PostgreSQL, shared by all replicas): each one may check a password (argon2id) or create
 * an account, so 20 per 15 minutes, whichever link they use.
 */
@ApplicationScoped
public class InviteThrottle {

    static final Limit ACCEPT = new Limit("invite-accept", 20, Duration.ofMinutes(15));

    @Inject
    AttemptThrottle attempts;

    /** Empty when the submission may proceed, else how long to wait; fails when it cannot be counted. */
    public Uni<Optional<Duration>> attempt(String client) {
        return attempts.attempt(ACCEPT, AttemptThrottle.SERVICE, AttemptThrottle.clientKey(client));
    }

    /** Forgets clients whose newest submission has left the window. */
    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = ServerOnly.class)
    Uni<Void> prune() {
        return attempts.prune(List.of(ACCEPT)).onFailure().recoverWithNull();
    }

}

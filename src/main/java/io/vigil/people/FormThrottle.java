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
 * Submissions of the account forms that do not check a login password, with the service's one throttle
 * ({@link AttemptThrottle}: in PostgreSQL, shared by all replicas): accepting invitations and choosing a new password
 * (each may hash a password), asking for a reset link or signing up (each sends an e-mail, so also per address asked
 * for). Login, 2FA and Basic attempts count in {@code LoginThrottle} instead, per account and client.
 */
@ApplicationScoped
public class FormThrottle {

    /** Per client (IPv6: its /64). */
    public static final Limit ACCEPT = new Limit("invite-accept", 20, Duration.ofMinutes(15));
    public static final Limit RESET = new Limit("password-reset", 10, Duration.ofMinutes(15));
    public static final Limit MAIL_BY_CLIENT = new Limit("account-mail-client", 10, Duration.ofHours(1));
    /** Per e-mail address mailed: nobody's inbox is flooded through Vigil. */
    public static final Limit MAIL_BY_ADDRESS = new Limit("account-mail-address", 3, Duration.ofHours(1));

    @Inject
    AttemptThrottle attempts;

    /** Empty when the submission may proceed, else how long to wait; fails when it cannot be counted. */
    public Uni<Optional<Duration>> attempt(Limit limit, String client) {
        return attempts.attempt(limit, AttemptThrottle.SERVICE, AttemptThrottle.clientKey(client));
    }

    /** A form that sends mail: counted per client, then per address mailed (lower-cased). */
    public Uni<Optional<Duration>> mail(String client, String email) {
        return attempt(MAIL_BY_CLIENT, client).chain(wait -> wait.isPresent() ? Uni.createFrom().item(wait)
                : attempts.attempt(MAIL_BY_ADDRESS, AttemptThrottle.SERVICE, email));
    }

    /** Forgets counts whose newest attempt has left the window. */
    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = ServerOnly.class)
    Uni<Void> prune() {
        return attempts.prune(List.of(ACCEPT, RESET, MAIL_BY_CLIENT, MAIL_BY_ADDRESS)).onFailure().recoverWithNull();
    }
}

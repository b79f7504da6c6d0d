package io.vigil.auth;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vigil.ServerOnly;
import io.vigil.api.ApiException;
import io.vigil.api.AttemptThrottle;
import io.vigil.api.AttemptThrottle.Limit;
import io.vigil.api.AttemptThrottle.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Counts HTTP Basic logins to the API per account (the lower-cased e-mail) and per client address (IPv6 by its /64), with
 * the service's one throttle ({@link AttemptThrottle}: in PostgreSQL, shared by all replicas, scope
 * {@link AttemptThrottle#SERVICE}). Every attempt is counted before the user is looked up and the password hashed; a
 * right password then takes back its own attempt, so the counts are of failures (and attempts still running), and no
 * other client's count is touched. Beyond a limit, even the right password is refused until the window lets one more in.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);

    /** What this attempt counted, to take it back if the password is right. */
    public record Counted(String account, String address, Instant accountAt, Instant addressAt) {
    }

    /** An attempt: refused ({@code retryAfter} present) or allowed, then {@code counted} says what to take back. */
    public record Decision(Optional<Duration> retryAfter, Counted counted) {
    }

    @Inject
    AttemptThrottle attempts;

    private final Limit account;
    private final Limit address;

    @Inject
    public LoginThrottle(AuthConfig config) {
        this.account = new Limit("api-login-account", config.basicMaxPerAccount(), config.basicWindow());
        this.address = new Limit("api-login-address", config.basicMaxPerAddress(), config.basicWindow());
    }

    /** Counts the attempt by address, then by account; fails when the database cannot count it (refuse then). */
    public Uni<Decision> attempt(String email, String client) {
        String who = AttemptThrottle.clientKey(client);
        return attempts.count(address, AttemptThrottle.SERVICE, who).chain(byAddress -> {
            if (byAddress.refused()) {
                return Uni.createFrom().item(new Decision(byAddress.retryAfter(), null));
            }
            return attempts.count(account, AttemptThrottle.SERVICE, email).map(byAccount -> byAccount.refused()
                    ? new Decision(byAccount.retryAfter(), null)
                    : new Decision(Optional.empty(), new Counted(email, who, byAccount.at(), byAddress.at())));
        });
    }

    /**
     * Runs {@code work} (checking a password or a code) as a counted attempt: refused with a 429 {@link ApiException}
     * beyond a limit; only its success takes the attempt back, so a failure stays counted.
     */
    public <T> Uni<T> guarded(String email, String client, Supplier<Uni<T>> work) {
        return attempt(email, client).chain(decision -> {
            if (decision.retryAfter().isPresent()) {
                return Uni.createFrom().failure(tooMany(decision.retryAfter().get()));
            }
            return work.get().call(x -> succeeded(decision.counted()));
        });
    }

    /**
     * Runs {@code work} (checking a passkey that names its own account) as an attempt counted by client address only:
     * the account is not known until the work has checked it. Refused with a 429 {@link ApiException} beyond the
     * address limit; only a success takes the attempt back.
     */
    public <T> Uni<T> guardedByAddress(String client, Supplier<Uni<T>> work) {
        String who = AttemptThrottle.clientKey(client);
        return attempts.count(address, AttemptThrottle.SERVICE, who).chain(byAddress -> {
            if (byAddress.refused()) {
                return Uni.createFrom().failure(tooMany(byAddress.retryAfter().orElseThrow()));
            }
            return work.get().call(x -> attempts.forgive(address, AttemptThrottle.SERVICE, who, byAddress.at())
                    .onFailure().recoverWithNull());
        });
    }

    /** 429 problem with {@code Retry-After} in whole seconds (at least one). */
    public static ApiException tooMany(Duration wait) {
        long seconds = retryAfterSeconds(wait);
        return new ApiException(429, "Too many requests",
                "too many wrong codes or passwords for this account; try again in " + seconds + " s", null, Long.toString(seconds));
    }

    /** A wait in whole seconds, rounded up, at least one. */
    public static long retryAfterSeconds(Duration wait) {
        return Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
    }

    /** The right password: this attempt no longer counts (others' do). If the database is away, it ages out. */
    public Uni<Void> succeeded(Counted c) {
        return attempts.forgive(account, AttemptThrottle.SERVICE, c.account(), c.accountAt())
                .chain(() -> attempts.forgive(address, AttemptThrottle.SERVICE, c.address(), c.addressAt()))
                .onFailure().invoke(e -> LOG.debugf(e, "could not take back a successful login's count"))
                .onFailure().recoverWithNull();
    }

    /** Forgets counts whose newest attempt has left the window. */
    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = ServerOnly.class)
    Uni<Void> prune() {
        return attempts.prune(List.of(account, address)).onFailure().recoverWithNull();
    }
}

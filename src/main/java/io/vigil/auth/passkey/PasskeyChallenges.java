package io.vigil.auth.passkey;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.ServerOnly;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;

/**
 * WebAuthn challenges in PostgreSQL, so the replica that verifies need not be the one that asked: 32 random bytes,
 * five minutes, single use (the verifying request takes it with DELETE … RETURNING before checking anything, so a
 * replayed or raced answer finds nothing). Only their SHA-256 is stored. A registration or second-factor challenge
 * is bound to its session; a passkey-only sign-in challenge to none.
 */
@ApplicationScoped
public class PasskeyChallenges {

    static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a challenge was issued for. */
    public enum Purpose {
        REGISTER, LOGIN, SECOND_FACTOR;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Inject
    Pool pool;
    @Inject
    Clock clock;

    /** A new challenge for {@code purpose}, bound to {@code sessionId} (null: to none). */
    public Uni<byte[]> issue(Purpose purpose, UUID sessionId) {
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        return pool.preparedQuery("INSERT INTO passkey_challenges (challenge_hash, purpose, session_id, expires_at) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(Buffer.buffer(sha256(challenge)), purpose.wire(), sessionId,
                        clock.instant().plus(LIFETIME).atOffset(ZoneOffset.UTC)))
                .replaceWith(challenge);
    }

    /** Takes (uses up) a live challenge issued for this purpose and session; false when there is none. */
    public Uni<Boolean> take(Purpose purpose, UUID sessionId, byte[] challenge) {
        if (challenge == null || challenge.length != 32) {
            return Uni.createFrom().item(false);
        }
        return pool.preparedQuery("""
                        DELETE FROM passkey_challenges WHERE challenge_hash = $1 AND purpose = $2
                        AND session_id IS NOT DISTINCT FROM $3 AND expires_at > $4 RETURNING 1""")
                .execute(Tuple.of(Buffer.buffer(sha256(challenge)), purpose.wire(), sessionId,
                        clock.instant().atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1);
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = ServerOnly.class)
    Uni<Void> prune() {
        return pool.preparedQuery("DELETE FROM passkey_challenges WHERE expires_at <= $1")
                .execute(Tuple.of(clock.instant().atOffset(ZoneOffset.UTC))).replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

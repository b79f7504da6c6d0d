package io.vigil.auth.totp;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.ApiException;
import io.vigil.audit.Actor;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.audit.Changes;
import io.vigil.auth.LoginThrottle;
import io.vigil.auth.session.Sessions;
import io.vigil.auth.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A user's TOTP second factor in PostgreSQL (plain SQL on the users row): enrolment (a pending secret until its first
 * code confirms it), recovery codes, and the check of a code at login. Secrets are sealed with {@link SecretBox}.
 * Replays are refused in the database itself: a code is accepted only by the UPDATE that raises
 * {@code totp_last_step} past its step, and a recovery code only by the UPDATE that marks it used, so two replicas
 * cannot both accept one code. Wrong codes count as failed logins of the account ({@link LoginThrottle}), here as
 * with HTTP Basic, so guessing ends in 429.
 */
@ApplicationScoped
public class TotpService {

    private static final Logger LOG = Logger.getLogger(TotpService.class);

    /** What a login needs from the second factor. */
    public enum SecondFactor { NOT_NEEDED, MISSING, ACCEPTED, REFUSED }

    /** A pending enrolment: the secret and how to show it to an authenticator app. */
    public record Enrolment(String secret, String otpauthUri, String qrSvg) {
    }

    private record State(String email, String secret, String pending, boolean enabled) {
        static State of(Row r) {
            return new State(r.getString(0), r.getString(1), r.getString(2), r.getValue(3) != null);
        }
    }

    @Inject
    AuditLog audit;
    @Inject
    Pool pool;
    @Inject
    SecretBox box;
    @Inject
    Clock clock;
    @Inject
    LoginThrottle throttle;

    /** A new pending secret (replacing any earlier pending one); 409 while TOTP is on. */
    public Uni<Enrolment> enrol(UUID userId) {
        String secret = TotpCode.newSecret();
        return state(userId).chain(s -> {
            if (s.enabled()) {
                return Uni.createFrom().failure(ApiException.conflict("TOTP is already on; turn it off first"));
            }
            return pool.preparedQuery("UPDATE users SET totp_pending_secret = $2 WHERE id = $1 AND totp_enabled_at IS NULL")
                    .execute(Tuple.of(userId, box.encrypt(secret))).map(rows -> {
                        if (rows.rowCount() == 0) {
                            throw ApiException.conflict("TOTP is already on; turn it off first");
                        }
                        String uri = TotpCode.otpauthUri(s.email(), secret);
                        return new Enrolment(secret, uri, QrSvg.of(uri));
                    });
        });
    }

    /** Turns TOTP on with a code of the pending secret; answers fresh recovery codes (earlier ones are dropped). */
    public Uni<List<String>> confirm(UUID userId, String code, String client) {
        return state(userId).chain(s -> {
            if (s.enabled()) {
                return Uni.createFrom().failure(ApiException.conflict("TOTP is already on"));
            }
            if (s.pending() == null) {
                return Uni.createFrom().failure(ApiException.conflict("no enrolment to confirm; start with POST /api/v1/me/totp"));
            }
            return throttle.guarded(s.email(), client, () -> activate(userId, s.pending(), code, client));
        });
    }

    private Uni<List<String>> activate(UUID userId, String pending, String code, String client) {
        OptionalLong step = matchingStep(pending, code);
        if (step.isEmpty()) {
            return Uni.createFrom().failure(wrongCode());
        }
        List<String> codes = RecoveryCodes.generate();
        return pool.withTransaction(c -> c.preparedQuery("""
                                UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL,
                                       totp_enabled_at = $3, totp_last_step = $4
                                WHERE id = $1 AND totp_enabled_at IS NULL AND totp_pending_secret = $2""")
                        .execute(Tuple.of(userId, pending, now(), step.getAsLong()))
                        .chain(rows -> {
                            if (rows.rowCount() == 0) {
                                return Uni.createFrom().failure(ApiException.conflict("the enrolment changed meanwhile; start again"));
                            }
                            return replaceRecoveryCodes(c, userId, codes).call(() -> Sessions.endOthers(c, userId, null))
                                    .chain(() -> audit.record(c, event(userId, client, true)));
                        }))
                .replaceWith(codes);
    }

    /** An account's own second factor is recorded at instance level: it belongs to no workspace. */
    private static AuditEvent event(UUID userId, String client, boolean on) {
        return AuditEvent.of(null, Actor.user(userId, client), on ? "totp.enabled" : "totp.disabled", "user", userId)
                .changes(Changes.none().with("totp", !on, on));
    }

    /** Turns TOTP off, given a current code or an unused recovery code; 409 when it is off. */
    public Uni<Void> disable(UUID userId, String code, String client) {
        return state(userId).chain(s -> {
            if (!s.enabled()) {
                return Uni.createFrom().failure(ApiException.conflict("TOTP is not on"));
            }
            return throttle.guarded(s.email(), client, () -> accept(userId, s.secret(), code).chain(ok -> {
                if (!ok) {
                    return Uni.createFrom().failure(wrongCode());
                }
                return pool.withTransaction(c -> c.preparedQuery("""
                                UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL,
                                       totp_last_step = NULL WHERE id = $1""").execute(Tuple.of(userId))
                        .chain(x -> c.preparedQuery("DELETE FROM recovery_codes WHERE user_id = $1").execute(Tuple.of(userId)))
                        .chain(x -> Sessions.endOthers(c, userId, null))
                        .chain(x -> audit.record(c, event(userId, client, false))))
                        .replaceWithVoid();
            }));
        });
    }

    /** The second-factor step of a password login: {@code otp} is the Vigil-OTP header (null when absent). */
    public Uni<SecondFactor> check(UUID userId, String otp) {
        return state(userId).chain(s -> {
            if (!s.enabled()) {
                return Uni.createFrom().item(SecondFactor.NOT_NEEDED);
            }
            if (otp == null || otp.isBlank()) {
                return Uni.createFrom().item(SecondFactor.MISSING);
            }
            return accept(userId, s.secret(), otp).map(ok -> ok ? SecondFactor.ACCEPTED : SecondFactor.REFUSED);
        });
    }

    /** Accepts a TOTP code of a step newer than the last accepted one, or an unused recovery code, once. */
    private Uni<Boolean> accept(UUID userId, String sealedSecret, String code) {
        if (code == null || code.isBlank()) {
            return Uni.createFrom().item(false);
        }
        if (TotpCode.looksLikeCode(code)) {
            OptionalLong step = matchingStep(sealedSecret, code);
            if (step.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            return pool.preparedQuery("""
                            UPDATE users SET totp_last_step = $2
                            WHERE id = $1 AND totp_enabled_at IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < $2)
                            RETURNING id""")
                    .execute(Tuple.of(userId, step.getAsLong())).map(rows -> rows.rowCount() == 1);
        }
        return pool.preparedQuery("""
                        UPDATE recovery_codes SET used_at = $3
                        WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING user_id""")
                .execute(Tuple.of(userId, Buffer.buffer(RecoveryCodes.hash(code)), now()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** A secret sealed with another key matches nothing (logged): recovery codes still work then. */
    private OptionalLong matchingStep(String sealedSecret, String code) {
        String secret;
        try {
            secret = box.decrypt(sealedSecret);
        } catch (IllegalStateException e) {
            LOG.errorf("Refusing a TOTP code: %s", e.getMessage());
            return OptionalLong.empty();
        }
        return TotpCode.matchingStep(secret, code, clock.instant());
    }

    private Uni<Void> replaceRecoveryCodes(SqlClient c, UUID userId, List<String> codes) {
        List<Tuple> batch = codes.stream().map(code -> Tuple.of(userId, Buffer.buffer(RecoveryCodes.hash(code)))).toList();
        return c.preparedQuery("DELETE FROM recovery_codes WHERE user_id = $1").execute(Tuple.of(userId))
                .chain(x -> c.preparedQuery("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)").executeBatch(batch))
                .replaceWithVoid();
    }

    private Uni<State> state(UUID userId) {
        return pool.preparedQuery("SELECT email, totp_secret, totp_pending_secret, totp_enabled_at FROM users WHERE id = $1")
                .execute(Tuple.of(userId)).map(rows -> {
                    if (rows.size() == 0) {
                        throw ApiException.notFound("user " + userId);
                    }
                    return State.of(rows.iterator().next());
                });
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static ApiException wrongCode() {
        return ApiException.invalid("code", "wrong or already used code");
    }
}

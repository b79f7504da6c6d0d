package io.vigil.auth.passkey;

import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.RegistrationData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.ApiException;
import io.vigil.audit.Actor;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.audit.Changes;
import io.vigil.auth.passkey.PasskeyChallenges.Purpose;
import io.vigil.auth.passkey.PasskeyOptions.Creation;
import io.vigil.auth.passkey.PasskeyOptions.Descriptor;
import io.vigil.auth.passkey.PasskeyOptions.Param;
import io.vigil.auth.passkey.PasskeyOptions.Request;
import io.vigil.auth.passkey.PasskeyOptions.Rp;
import io.vigil.auth.passkey.PasskeyOptions.Selection;
import io.vigil.auth.passkey.PasskeyOptions.UserEntity;
import io.vigil.auth.passkey.RelyingParty.Registered;
import io.vigil.auth.passkey.RelyingParty.Stored;
import io.vigil.auth.session.Session;
import io.vigil.auth.session.Sessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A user's passkeys in PostgreSQL (table {@code passkeys}): registering one from a signed-in session, naming and
 * removing them, and checking one at sign-in, alone (a discoverable credential with user verification) or as the
 * second factor after the password. Adding or removing one ends every other session of the user, in the same
 * transaction, as a password or TOTP change does. The sign counter is raised by the UPDATE that accepts an
 * assertion, so two replicas cannot both accept one answer.
 */
@ApplicationScoped
public class Passkeys {

    public static final int MAX_NAME = 64;
    static final String DEFAULT_NAME = "Passkey";
    private static final long TIMEOUT_MS = PasskeyChallenges.LIFETIME.toMillis();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** A passkey as its owner lists it. */
    public record View(UUID id, String name, Instant createdAt, Instant lastUsedAt) {
    }

    @Inject
    AuditLog audit;
    @Inject
    Pool pool;
    @Inject
    Clock clock;
    @Inject
    RelyingParty rp;
    @Inject
    PasskeyChallenges challenges;

    /** Options to create a passkey for the signed-in user; its current passkeys are excluded. */
    public Uni<Creation> creationOptions(Session me) {
        return challenges.issue(Purpose.REGISTER, me.id()).chain(challenge -> descriptors(me.userId()).map(exclude ->
                new Creation(B64.encodeToString(challenge), new Rp(rp.id(), "Vigil"),
                        new UserEntity(B64.encodeToString(handle(me.userId())), me.email(), me.name()),
                        RelyingParty.ALGORITHMS.stream().map(p -> new Param("public-key", p.getAlg().getValue())).toList(),
                        TIMEOUT_MS, "none", new Selection("required", true, "required"), exclude)));
    }

    /** Verifies and stores a new passkey (named {@code name}, default "Passkey"); ends the user's other sessions. */
    public Uni<View> register(Session me, String json, String name) {
        String label = name(name == null || name.isBlank() ? DEFAULT_NAME : name);
        RegistrationData data = rp.parseRegistration(json);
        return challenges.take(Purpose.REGISTER, me.id(), data.getCollectedClientData().getChallenge().getValue())
                .chain(taken -> {
                    if (!taken) {
                        throw ApiException.invalid("credential", "answers an expired or used challenge; try again");
                    }
                    Registered r = rp.verify(data, data.getCollectedClientData().getChallenge().getValue());
                    UUID id = UUID.randomUUID();
                    Instant now = clock.instant();
                    return pool.withTransaction(c -> c.preparedQuery("""
                                    INSERT INTO passkeys (id, user_id, credential_id, credential, sign_count, uv_initialized,
                                                          backup_eligible, backup_state, transports, name, created_at)
                                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                                    ON CONFLICT (credential_id) DO NOTHING RETURNING id""")
                            .execute(Tuple.from(List.of(id, me.userId(), Buffer.buffer(r.credentialId()),
                                    Buffer.buffer(r.credential()), r.signCount(), r.uvInitialized(), r.backupEligible(),
                                    r.backupState(), r.transports(), label, now.atOffset(ZoneOffset.UTC))))
                            .chain(rows -> {
                                if (rows.rowCount() == 0) {
                                    throw ApiException.conflict("this passkey is registered already");
                                }
                                return Sessions.endOthers(c, me.userId(), me.id())
                                        .chain(() -> audit.record(c, AuditEvent.of(null, Actor.user(me.userId(), null),
                                                "passkey.added", "passkey", id).changes(Changes.none().with("name", null, label))));
                            }))
                            .replaceWith(new View(id, label, now, null));
                });
    }

    /** Options to sign in with a passkey alone: any discoverable credential of this site, user verification required. */
    public Uni<Request> loginOptions() {
        return challenges.issue(Purpose.LOGIN, null).map(challenge ->
                new Request(B64.encodeToString(challenge), rp.id(), TIMEOUT_MS, "required", List.of()));
    }

    /** Options for the second factor of a half signed-in session: one of that user's passkeys. */
    public Uni<Request> secondFactorOptions(Session half) {
        return challenges.issue(Purpose.SECOND_FACTOR, half.id()).chain(challenge -> descriptors(half.userId()).map(allow ->
                new Request(B64.encodeToString(challenge), rp.id(), TIMEOUT_MS, "preferred", allow)));
    }

    /** The user a passkey-only sign-in is for; 400 for an unknown credential, a disabled user, a refused assertion. */
    public Uni<UUID> signIn(String json) {
        AuthenticationData data = rp.parseAssertion(json);
        return check(data, Purpose.LOGIN, null, true).map(owner -> {
            if (data.getUserHandle() == null || !Arrays.equals(data.getUserHandle(), handle(owner))) {
                throw ApiException.invalid("credential", "does not belong to its user");
            }
            return owner;
        });
    }

    /** Checks the second factor of a half signed-in session: an assertion by one of that user's passkeys. */
    public Uni<Void> secondFactor(Session half, String json) {
        AuthenticationData data = rp.parseAssertion(json);
        return check(data, Purpose.SECOND_FACTOR, half.id(), false).map(owner -> {
            if (!owner.equals(half.userId())) {
                throw ApiException.invalid("credential", "is not one of your passkeys");
            }
            return null;
        });
    }

    private Uni<UUID> check(AuthenticationData data, Purpose purpose, UUID sessionId, boolean userVerification) {
        byte[] challenge = data.getCollectedClientData().getChallenge() == null ? null
                : data.getCollectedClientData().getChallenge().getValue();
        return challenges.take(purpose, sessionId, challenge).chain(taken -> {
            if (!taken) {
                throw ApiException.invalid("credential", "answers an expired or used challenge; try again");
            }
            return pool.preparedQuery("""
                            SELECT p.id, p.user_id, p.credential, p.sign_count, p.uv_initialized, p.backup_eligible, p.backup_state
                            FROM passkeys p JOIN users u ON u.id = p.user_id AND u.disabled_at IS NULL
                            WHERE p.credential_id = $1""")
                    .execute(Tuple.of(Buffer.buffer(data.getCredentialId())));
        }).chain(rows -> {
            if (rows.size() == 0) {
                throw ApiException.invalid("credential", "is not a passkey of this site");
            }
            Row p = rows.iterator().next();
            long stored = p.getLong(3);
            rp.verify(data, challenge, new Stored(p.getBuffer(2).getBytes(), stored, p.getBoolean(4), p.getBoolean(5),
                    p.getBoolean(6)), userVerification);
            long count = data.getAuthenticatorData().getSignCount();
            return pool.preparedQuery("""
                            UPDATE passkeys SET sign_count = $2, last_used_at = $3
                            WHERE id = $1 AND (sign_count < $2 OR (sign_count = 0 AND $2 = 0)) RETURNING user_id""")
                    .execute(Tuple.of(p.getUUID(0), count, clock.instant().atOffset(ZoneOffset.UTC)))
                    .map(updated -> {
                        if (updated.rowCount() == 0) {
                            throw ApiException.invalid("credential", "was refused: its sign counter did not rise");
                        }
                        return p.getUUID(1);
                    });
        });
    }

    /** The user's passkeys, oldest first. */
    public Uni<List<View>> list(UUID userId) {
        return pool.preparedQuery("SELECT id, name, created_at, last_used_at FROM passkeys WHERE user_id = $1 ORDER BY created_at, id")
                .execute(Tuple.of(userId)).map(rows -> {
                    List<View> views = new ArrayList<>();
                    for (Row r : rows) {
                        views.add(view(r));
                    }
                    return views;
                });
    }

    public Uni<Integer> count(UUID userId) {
        return pool.preparedQuery("SELECT count(*) FROM passkeys WHERE user_id = $1").execute(Tuple.of(userId))
                .map(rows -> rows.iterator().next().getLong(0).intValue());
    }

    /** Renames one of the user's passkeys; 404 when they have none by that id. */
    public Uni<View> rename(UUID userId, UUID id, String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.invalid("name", "is required");
        }
        return pool.preparedQuery("UPDATE passkeys SET name = $3 WHERE id = $1 AND user_id = $2 RETURNING id, name, created_at, last_used_at")
                .execute(Tuple.of(id, userId, name(name))).map(rows -> {
                    if (rows.size() == 0) {
                        throw ApiException.notFound("passkey " + id);
                    }
                    return view(rows.iterator().next());
                });
    }

    /** Removes one of the user's passkeys and ends their sessions but {@code keep} (null: all); false when unknown. */
    public Uni<Boolean> remove(UUID userId, UUID id, UUID keep) {
        return pool.withTransaction(c -> c.preparedQuery("DELETE FROM passkeys WHERE id = $1 AND user_id = $2")
                .execute(Tuple.of(id, userId)).chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(false)
                        : Sessions.endOthers(c, userId, keep)
                        .chain(() -> audit.record(c, AuditEvent.of(null, Actor.user(userId, null), "passkey.removed", "passkey", id)))
                        .replaceWith(true)));
    }

    private Uni<List<Descriptor>> descriptors(UUID userId) {
        return pool.preparedQuery("SELECT credential_id, transports FROM passkeys WHERE user_id = $1 ORDER BY created_at")
                .execute(Tuple.of(userId)).map(rows -> {
                    List<Descriptor> list = new ArrayList<>();
                    for (Row r : rows) {
                        String t = r.getString(1);
                        list.add(new Descriptor("public-key", B64.encodeToString(r.getBuffer(0).getBytes()),
                                t.isEmpty() ? List.of() : List.of(t.split(","))));
                    }
                    return list;
                });
    }

    private static View view(Row r) {
        return new View(r.getUUID(0), r.getString(1), r.getOffsetDateTime(2).toInstant(),
                r.getOffsetDateTime(3) == null ? null : r.getOffsetDateTime(3).toInstant());
    }

    /** A passkey's name: trimmed, at most {@link #MAX_NAME} characters, no control characters. */
    static String name(String name) {
        String n = name.strip();
        if (n.isEmpty()) {
            throw ApiException.invalid("name", "is required");
        }
        if (n.length() > MAX_NAME) {
            throw ApiException.invalid("name", "must be at most " + MAX_NAME + " characters");
        }
        if (n.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalid("name", "must not contain control characters");
        }
        return n;
    }

    /** The WebAuthn user handle: the user's id as 16 bytes (nothing personal). */
    static byte[] handle(UUID userId) {
        return ByteBuffer.allocate(16).putLong(userId.getMostSignificantBits()).putLong(userId.getLeastSignificantBits()).array();
    }
}

package io.vigil.auth.session;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** A signed-in browser, as the pages see it: who, and whether the second factor is still to come. */
public record Session(UUID id, UUID userId, String email, String name, Stage stage, boolean instanceAdmin) {

    /** Where a session is in signing in. */
    public enum Stage {
        /** Password right, second factor to come: good for {@code /login/2fa} only. */
        SECOND_FACTOR,
        ACTIVE;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the session signed in. */
    public enum Method {
        PASSWORD, PASSKEY, SSO;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A new session's cookie value (shown to the browser once, only its hash is stored) and when it ends at the latest. */
    public record Started(UUID id, String token, Instant expiresAt) {
    }

    /** A session as its user lists it ({@code GET /api/v1/me/sessions}). */
    public record View(UUID id, String device, String address, String method, Instant createdAt, Instant lastSeenAt,
                       Instant expiresAt, boolean current) {
    }

    public boolean active() {
        return stage == Stage.ACTIVE;
    }
}

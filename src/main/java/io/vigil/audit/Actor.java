package io.vigil.audit;

import java.util.UUID;

/**
 * Who did something, as the audit log records it.
 *
 * @param type    {@code user} (in person: password, session, SSO), {@code token} (a bearer token) or {@code system}
 * @param id      the user's or the token's id; null for the system, or for a login attempt naming nobody known
 * @param userId  the person behind it (for a token: its owner), so a person's filter finds their tokens' work
 * @param name    given explicitly (a failed login's e-mail), or null: then the user's name or the token's name at the
 *                time of recording
 * @param address the client address, as the throttles see it
 */
public record Actor(String type, UUID id, UUID userId, String name, String address) {

    public static final String USER = "user";
    public static final String TOKEN = "token";
    public static final String SYSTEM = "system";

    public static Actor user(UUID userId, String address) {
        return new Actor(USER, userId, userId, null, address);
    }

    public static Actor token(UUID tokenId, UUID userId, String address) {
        return new Actor(TOKEN, tokenId, userId, null, address);
    }

    /** Vigil itself (first start, retention, a scheduled job). */
    public static Actor system() {
        return new Actor(SYSTEM, null, null, "vigil", null);
    }

    /** This actor under an explicit name (e.g. the e-mail a failed login named). */
    public Actor named(String name) {
        return new Actor(type, id, userId, name, address);
    }
}

package io.vigil.auth;

import io.vigil.api.ApiException;
import io.vigil.audit.Actor;

import java.util.UUID;

/**
 * Who is calling: resolved once per request by {@link AuthFilter}; every repository call is scoped by it.
 *
 * @param workspaceId the workspace the call acts in; {@code null} for a user who belongs to no workspace
 * @param role        the effective role there: a token's role, never above its user's current membership
 * @param tokenId     the bearer token used, {@code null} when the user authenticated in person (password, session)
 * @param address     the client address as the throttles and the audit log see it
 */
public record Caller(UUID workspaceId, UUID userId, Role role, UUID tokenId, boolean instanceAdmin, String address) {

    /** This caller, if its role is at least {@code needed}; a 403 otherwise. */
    public Caller require(Role needed) {
        if (workspaceId == null || role == null) {
            throw ApiException.forbidden("you belong to no workspace; ask an owner for an invitation or create one");
        }
        if (!role.atLeast(needed)) {
            throw ApiException.forbidden("this needs the " + needed.wire() + " role; the token has " + role.wire());
        }
        return this;
    }

    /** This caller as the audit log names it: the token when one was used, else the person. */
    public Actor actor() {
        return tokenId != null ? Actor.token(tokenId, userId, address)
                : userId != null ? Actor.user(userId, address) : Actor.system();
    }

    /** This caller, if it is the instance admin (the first user, or one made so); a 403 otherwise. */
    public Caller requireInstanceAdmin() {
        if (!instanceAdmin) {
            throw ApiException.forbidden("this needs the instance admin");
        }
        return this;
    }
}

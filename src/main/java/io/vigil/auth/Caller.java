package io.vigil.auth;

import io.vigil.api.ApiException;

import java.util.UUID;

/** Who is calling: resolved once per request by {@link AuthFilter}; every repository call is scoped by it. */
public record Caller(UUID workspaceId, UUID userId, Role role) {

    /** This caller, if its role is at least {@code needed}; a 403 otherwise. */
    public Caller require(Role needed) {
        if (!role.atLeast(needed)) {
            throw ApiException.forbidden("this needs the " + needed.wire() + " role; the token has " + role.wire());
        }
        return this;
    }
}

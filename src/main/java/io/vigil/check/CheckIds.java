package io.vigil.check;

import io.vigil.api.ApiException;

import java.util.UUID;

/** Path ids: a malformed one names no check, so it is a 404 like any other unknown id. */
public final class CheckIds {

    private CheckIds() {
    }

    public static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("check " + id);
        }
    }
}

package io.vigil.api;

import java.util.UUID;

/** Ids in paths: a malformed one names nothing, so it is a 404 like any other unknown id. */
public final class Ids {

    private Ids() {
    }

    public static UUID parse(String id, String what) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(what + " " + id);
        }
    }
}

package io.vigil.history;

import io.vigil.api.ApiException;

/** A revision number in a path: a positive integer, or no such revision (404). */
final class RevisionNumbers {

    private RevisionNumbers() {
    }

    static int parse(String raw) {
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.notFound("revision " + raw);
    }
}

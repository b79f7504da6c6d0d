package io.vigil.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/** {@code ?limit=} and opaque {@code ?cursor=} handling shared by every list. */
public final class Paging {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    /** A decoded cursor: the sort time of the last item seen and a tie-breaker key. */
    public record Position(Instant at, String key) {
    }

    private Paging() {
    }

    public static int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.invalid("limit", "must be an integer from 1 to " + MAX_LIMIT);
    }

    public static String encode(Instant at, String key) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((at.toString() + "|" + key).getBytes(StandardCharsets.UTF_8));
    }

    public static Position decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            return new Position(Instant.parse(raw.substring(0, bar)), raw.substring(bar + 1));
        } catch (IllegalArgumentException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw ApiException.invalid("cursor", "is not a cursor this API issued");
        }
    }

    public static Instant instant(String raw, String field) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, "must be an RFC 3339 UTC timestamp such as 2026-11-21T10:00:00Z");
        }
    }
}

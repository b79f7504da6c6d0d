package io.vigil.core;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What one slot produced. Missed slots never count as downtime. On the wire and in the database the lowercase name. */
public enum Outcome {
    UP, DEGRADED, DOWN, MISSED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** From the wire or stored form ({@code "up"}, ...); anything else is an {@link IllegalArgumentException}. */
    public static Outcome of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

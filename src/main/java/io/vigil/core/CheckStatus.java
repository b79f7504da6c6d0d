package io.vigil.core;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * The status of a check or of one of its regions. A region is {@code pending}, {@code up}, {@code degraded} or
 * {@code down}; a check's verdict adds {@code unknown} (every region went dark); the status a check shows in the
 * API adds {@code paused} and {@code maintenance}. On the wire and in the database the lowercase name.
 */
public enum CheckStatus {
    PENDING, UP, DEGRADED, DOWN, PAUSED, MAINTENANCE, UNKNOWN;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** From the wire or stored form ({@code "up"}, ...); anything else is an {@link IllegalArgumentException}. */
    public static CheckStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

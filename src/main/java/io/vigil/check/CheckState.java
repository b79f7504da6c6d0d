package io.vigil.check;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * The {@code status} a check shows in the API: the latest verdict ({@code pending} until there is one), unless the
 * check is paused or a maintenance window covers it.
 */
public enum CheckState {
    PENDING, UP, DEGRADED, DOWN, PAUSED, MAINTENANCE, UNKNOWN;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** From the wire or stored form ({@code "up"}, ...). */
    public static CheckState of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

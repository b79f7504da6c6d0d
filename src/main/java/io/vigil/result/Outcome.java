package io.vigil.result;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What one slot produced. Missed slots never count as downtime. */
public enum Outcome {
    UP, DEGRADED, DOWN, MISSED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}

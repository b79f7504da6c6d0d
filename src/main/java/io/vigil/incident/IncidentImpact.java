package io.vigil.incident;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How badly an incident hurts. On the wire and in the database the lowercase name. */
public enum IncidentImpact {
    NONE, MINOR, MAJOR, CRITICAL;

    /** The wire values in alphabetical order, as an error message lists them. */
    static final List<String> WIRE = Arrays.stream(values()).map(IncidentImpact::wire).sorted().toList();

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** From the wire or stored form, exactly as {@link #wire()} spells it; anything else is an {@link IllegalArgumentException}. */
    public static IncidentImpact of(String value) {
        for (IncidentImpact i : values()) {
            if (i.wire().equals(value)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not an incident impact: " + value);
    }
}

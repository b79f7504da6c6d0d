package io.vigil.incident;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Where an incident stands, as its updates tell it. On the wire and in the database the lowercase name. */
public enum IncidentPhase {
    INVESTIGATING, IDENTIFIED, MONITORING, RESOLVED;

    /** The wire values in alphabetical order, as an error message lists them. */
    static final List<String> WIRE = Arrays.stream(values()).map(IncidentPhase::wire).sorted().toList();

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** From the wire or stored form, exactly as {@link #wire()} spells it; anything else is an {@link IllegalArgumentException}. */
    public static IncidentPhase of(String value) {
        for (IncidentPhase p : values()) {
            if (p.wire().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("not an incident phase: " + value);
    }
}

package io.vigil.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Roles in rising order of power; a token can never carry more than its user's role. */
public enum Role {
    VIEWER, EDITOR, ADMIN, OWNER;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role fromWire(String s) {
        for (Role r : values()) {
            if (r.wire().equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("must be one of owner, admin, editor, viewer");
    }

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }
}

package io.vigil.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * A check's quorum: how many live regions must be down for the check to be down, {@code "majority"} (default),
 * {@code "any"}, {@code "all"}, or a count such as {@code 2} (capped at the number of live regions). On the wire a
 * string or an integer; stored as {@link #toString()}. Check owns the setting, the verdict applies it.
 */
public record Quorum(Kind kind, int count) {

    public enum Kind { MAJORITY, ANY, ALL, COUNT }

    public static final Quorum MAJORITY = new Quorum(Kind.MAJORITY, 0);

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Quorum of(Object value) {
        if (value instanceof Integer n) {
            if (n < 1) {
                throw new IllegalArgumentException("a region count must be at least 1");
            }
            return new Quorum(Kind.COUNT, n);
        }
        if (value instanceof String s) {
            return parse(s);
        }
        throw new IllegalArgumentException("must be \"majority\", \"any\", \"all\" or a number of regions");
    }

    /** From the stored form ({@link #toString()}); null means majority. */
    public static Quorum parse(String s) {
        if (s == null) {
            return MAJORITY;
        }
        String v = s.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "majority" -> MAJORITY;
            case "any" -> new Quorum(Kind.ANY, 0);
            case "all" -> new Quorum(Kind.ALL, 0);
            default -> {
                if (v.matches("[1-9][0-9]{0,2}")) {
                    yield new Quorum(Kind.COUNT, Integer.parseInt(v));
                }
                throw new IllegalArgumentException("must be \"majority\", \"any\", \"all\" or a number of regions");
            }
        };
    }

    /** Down regions needed among {@code live} live regions (at least 1). */
    public int required(int live) {
        int n = switch (kind) {
            case MAJORITY -> live / 2 + 1;
            case ANY -> 1;
            case ALL -> live;
            case COUNT -> Math.min(count, live);
        };
        return Math.max(1, n);
    }

    @JsonValue
    public Object wire() {
        return kind == Kind.COUNT ? (Object) count : kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return String.valueOf(wire());
    }
}

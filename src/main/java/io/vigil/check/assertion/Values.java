package io.vigil.check.assertion;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Comparison semantics shared by all subjects, and rendering of what was seen. */
final class Values {

    /** Same shape as a number literal, so "numeric string" means the same thing on both sides. */
    static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

    private Values() {
    }

    /** The value as a number, or {@code null} when it is not one (booleans and non-numeric strings are not). */
    static BigDecimal number(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        if (value instanceof String s) {
            String trimmed = s.strip();
            return NUMBER.matcher(trimmed).matches() ? new BigDecimal(trimmed) : null;
        }
        return null;
    }

    /** The value as plain text: strings unquoted, numbers without exponent, containers as JSON. */
    static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return Json.render(value);
        }
        return String.valueOf(value);
    }

    /**
     * Numeric equality when the literal is a number and the value reads as one; {@code null} only equals a JSON
     * null; otherwise text equality.
     */
    static boolean equal(Object value, Literal literal) {
        if (literal instanceof Literal.Null) {
            return value == null;
        }
        if (value == null) {
            return false;
        }
        if (literal instanceof Literal.Num num) {
            BigDecimal n = number(value);
            if (n != null) {
                return n.compareTo(num.value()) == 0;
            }
        }
        return text(value).equals(literal.text());
    }

    /** Substring for text, element membership for JSON arrays, key presence for JSON objects. */
    static boolean contains(Object value, Literal literal) {
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(element -> equal(element, literal));
        }
        if (value instanceof Map<?, ?> map) {
            return map.containsKey(literal.text());
        }
        return value != null && text(value).contains(literal.text());
    }

    static String render(Observed observed) {
        if (observed instanceof Observed.Present p) {
            return p.json() ? Json.render(p.value()) : text(p.value());
        }
        return ((Observed.Absent) observed).reason();
    }

    /** Caps the actual value so a large body does not bloat every stored result. */
    static String truncate(String s) {
        int max = AssertionResult.MAX_ACTUAL_LENGTH;
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return s.substring(0, end) + "…";
    }
}

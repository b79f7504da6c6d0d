package io.vigil.check.assertion;

/**
 * The outcome of one condition against one probe result.
 *
 * @param condition the condition text as the user wrote it
 * @param passed    whether the condition held
 * @param actual    what was observed, rendered short (at most {@value #MAX_ACTUAL_LENGTH} chars); when the
 *                  subject could not be observed this is a marker such as {@code "no response"}, {@code "no TLS"},
 *                  {@code "not JSON"} or {@code "path not found"}
 */
public record AssertionResult(String condition, boolean passed, String actual) {

    public static final int MAX_ACTUAL_LENGTH = 200;
}

package io.vigil.check.assertion;

/** What a subject yielded for one observation: a value, or the reason there is none. */
sealed interface Observed {

    /**
     * @param value the value; {@code null} only for a JSON {@code null}
     * @param json  whether the value came out of a JSON document, which decides how it is rendered
     */
    record Present(Object value, boolean json) implements Observed {
    }

    /**
     * @param reason  shown as the actual value, e.g. {@code "no response"}
     * @param missing the response was there but did not carry this item (header absent, JSON path not found);
     *                only then can {@code !exists} pass
     */
    record Absent(String reason, boolean missing) implements Observed {
    }
}

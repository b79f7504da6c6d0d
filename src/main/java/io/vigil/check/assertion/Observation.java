package io.vigil.check.assertion;

import java.util.List;

/**
 * What a probe saw, as far as assertions are concerned. Any accessor may return {@code null} when that phase did
 * not happen (no connection, plain HTTP, ...); {@link #header(String)} returns an empty list instead.
 */
public interface Observation {

    Integer statusCode();

    /** The decoded response body, already size-capped by the probe. */
    String body();

    /** All values of a header, matched case-insensitively; empty when absent. */
    List<String> header(String name);

    Long responseTimeMs();

    /** Duration of a phase: {@code dns}, {@code connect}, {@code tls}, {@code first_byte} or {@code total}. */
    Long timingMs(String phase);

    Integer tlsDaysLeft();
}

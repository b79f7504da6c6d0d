package io.vigil.probe;

/** Per-phase durations in milliseconds; a phase that did not happen is {@code null}. */
public record Timings(Long dnsMs, Long connectMs, Long tlsMs, Long firstByteMs, Long totalMs) {

    public static final Timings NONE = new Timings(null, null, null, null, null);
}

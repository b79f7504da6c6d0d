package io.vigil.egress;

import java.util.concurrent.TimeUnit;

/** Per-phase durations in milliseconds; a phase that did not happen is {@code null}. */
public record Timings(Long dnsMs, Long connectMs, Long tlsMs, Long firstByteMs, Long totalMs) {

    public static final Timings NONE = new Timings(null, null, null, null, null);

    /** Whole milliseconds from {@code startNanos} (a {@link System#nanoTime()} reading) to now. */
    public static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}

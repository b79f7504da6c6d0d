package io.vigil.result;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Availability and latency over a window, overall and per region, computed from rollups. */
public record Summary(UUID checkId, String window, Instant from, Instant to, Double uptimePercent, Counts counts,
                      Latency latencyMs, List<RegionSummary> regions) {

    public record Counts(long up, long degraded, long down, long missed) {
    }

    /** Milliseconds; p50/p95/p99 come from the rollup histograms (bucket-interpolated). */
    public record Latency(Long avg, Long p50, Long p95, Long p99) {
    }

    public record RegionSummary(String region, Double uptimePercent, Counts counts, Latency latencyMs) {
    }
}

package io.vigil.result;

import java.time.Instant;
import java.util.UUID;

/** The response times of one check in one region over one hour, from the hour rollups. */
public record HourlyLatency(UUID checkId, String region, Instant hour, long latencySumMs, long samples) {
}

package io.vigil.verdict;

import io.vigil.core.CheckStatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A check's current status as the verdict flow last decided it.
 *
 * @param status         pending, up, degraded, down or unknown
 * @param failingRegions the regions that fail now (a degraded check with some failing is a partial outage)
 * @param changedAt      when the status last changed
 */
public record CurrentVerdict(UUID checkId, CheckStatus status, List<String> failingRegions, Instant changedAt) {
}

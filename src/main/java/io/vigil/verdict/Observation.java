package io.vigil.verdict;

import java.time.Instant;
import java.util.UUID;

/**
 * One result of a (check, region, slot) as the verdict consumes it: what the slot produced, and the error of a
 * failed probe. Handed in by result, in slot order per region.
 *
 * @param outcome {@code up}, {@code degraded}, {@code down} or {@code missed}
 */
public record Observation(UUID checkId, String region, Instant scheduledAt, String outcome, Transition.LastError error) {
}

package io.vigil.verdict;

import io.vigil.core.Outcome;

import java.time.Instant;
import java.util.UUID;

/**
 * One result of a (check, region, slot) as the verdict consumes it: what the slot produced, and the error of a
 * failed probe. Handed in by result, in slot order per region.
 *
 */
public record Observation(UUID checkId, String region, Instant scheduledAt, Outcome outcome, Transition.LastError error) {
}

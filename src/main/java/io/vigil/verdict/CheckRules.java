package io.vigil.verdict;

import io.vigil.core.Quorum;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What the verdict needs to know of a check to judge it: its regions, interval, hysteresis thresholds and quorum.
 * Handed in by whoever knows the check definitions ({@link RuleSource}); verdict never reads them itself.
 *
 * @param name shown as the {@code name} tag of the {@code vigil_check_up} gauge
 */
public record CheckRules(UUID checkId, UUID workspaceId, String name, List<String> regions, Duration interval,
                         int failureThreshold, int successThreshold, Quorum quorum) {
}

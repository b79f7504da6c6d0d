package io.vigil.verdict;

import io.vigil.core.CheckStatus;
import io.vigil.core.Quorum;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The check-level verdict from its regions. Pure. A region that has not reported for more than two intervals is
 * {@code unknown}: it leaves the quorum and can never make the check down. Missed slots never count as failures
 * (the per-region machine ignores them).
 */
public final class CheckVerdict {

    /** One region's latest state and when the server last heard from it. */
    public record RegionView(CheckStatus status, Instant lastResultAt) {
    }

    /** The verdict: a status, the regions that fail (down) and the regions that went dark. */
    public record Verdict(CheckStatus status, List<String> failing, List<String> unknown) {
        public static final Verdict PENDING = new Verdict(CheckStatus.PENDING, List.of(), List.of());
    }

    private CheckVerdict() {
    }

    public static Verdict evaluate(List<String> regions, Map<String, RegionView> views, Instant now, Duration interval,
                                   Quorum quorum) {
        Instant staleBefore = now.minus(interval.multipliedBy(2));
        List<String> down = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        int live = 0;
        boolean degraded = false;
        for (String region : regions) {
            RegionView v = views.get(region);
            if (v == null || v.status() == CheckStatus.PENDING) {
                continue;
            }
            if (v.lastResultAt() == null || v.lastResultAt().isBefore(staleBefore)) {
                unknown.add(region);
                continue;
            }
            live++;
            if (v.status() == CheckStatus.DOWN) {
                down.add(region);
            } else if (v.status() == CheckStatus.DEGRADED) {
                degraded = true;
            }
        }
        if (live == 0) {
            return new Verdict(unknown.isEmpty() ? CheckStatus.PENDING : CheckStatus.UNKNOWN, List.of(), unknown);
        }
        CheckStatus status;
        if (!down.isEmpty() && down.size() >= quorum.required(live)) {
            status = CheckStatus.DOWN;
        } else if (!down.isEmpty() || degraded) {
            status = CheckStatus.DEGRADED;
        } else {
            status = CheckStatus.UP;
        }
        return new Verdict(status, down, unknown);
    }
}

package io.vigil.verdict;

import io.vigil.check.CheckSpec;

import java.time.Instant;
import java.util.List;

/** A change of a check's verdict (or of its flapping flag), with the per-region evidence that decided it. */
public record Transition(CheckSpec check, CheckVerdict.Verdict from, CheckVerdict.Verdict to, boolean flapping,
                         Instant at, List<Evidence> evidence) {

    /** One region at the moment of the transition. */
    public record Evidence(String region, String status, Instant failingSince, Instant lastResultAt) {
    }

    public boolean wentDown() {
        return CheckStatus.DOWN.equals(to.status()) && !CheckStatus.DOWN.equals(from.status());
    }

    /** Down to anything but unknown: a region going dark is not a recovery. */
    public boolean recovered() {
        return CheckStatus.DOWN.equals(from.status()) && !CheckStatus.DOWN.equals(to.status())
                && !CheckStatus.UNKNOWN.equals(to.status());
    }
}

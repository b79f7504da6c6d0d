package io.vigil.verdict;

import io.vigil.check.CheckSpec;

import java.time.Instant;
import java.util.List;

/** A change of a check's verdict (or of its flapping flag), with the per-region evidence that decided it. */
public record Transition(CheckSpec check, CheckVerdict.Verdict from, CheckVerdict.Verdict to, boolean flapping,
                         Instant at, List<Evidence> evidence, Suppression suppression) {

    /** Why a check that went down opens no incident of its own. */
    public enum Suppression {
        NONE,
        /** A maintenance window covers the check: it keeps probing but opens nothing. */
        MAINTENANCE,
        /** Its parent is down: the outage is folded into the parent's incident. */
        PARENT_DOWN
    }

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

package io.vigil.verdict;

import io.vigil.core.CheckStatus;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A change of a check's verdict (or of its flapping flag), with the per-region evidence that decided it. */
public record Transition(CheckRules check, CheckVerdict.Verdict from, CheckVerdict.Verdict to, boolean wasFlapping,
                         boolean flapping, Instant at, List<Evidence> evidence) {

    /** One region at the moment of the transition; {@code lastError} is its latest failed probe's error, if any. */
    public record Evidence(String region, CheckStatus status, Instant failingSince, Instant lastResultAt, LastError lastError) {
    }

    /** The error class and message of a failed probe, as stored with its result. */
    public record LastError(String errorClass, String message) {
    }

    /** The most telling error: that of the first failing region that has one. */
    public LastError lastError() {
        return evidence.stream().filter(e -> e.status() == CheckStatus.DOWN && e.lastError() != null)
                .map(Evidence::lastError).findFirst()
                .orElse(evidence.stream().map(Evidence::lastError).filter(Objects::nonNull).findFirst().orElse(null));
    }

    /** Up or degraded to the other. */
    public boolean degraded() {
        return to.status() == CheckStatus.DEGRADED && from.status() == CheckStatus.UP;
    }

    public boolean undegraded() {
        return to.status() == CheckStatus.UP && from.status() == CheckStatus.DEGRADED;
    }

    public boolean flappingChanged() {
        return flapping != wasFlapping;
    }

    public boolean wentDown() {
        return to.status() == CheckStatus.DOWN && from.status() != CheckStatus.DOWN;
    }

    /** Down to anything but unknown: a region going dark is not a recovery. */
    public boolean recovered() {
        return from.status() == CheckStatus.DOWN && to.status() != CheckStatus.DOWN
                && to.status() != CheckStatus.UNKNOWN;
    }
}

package io.vigil.verdict;

import io.vigil.core.CheckStatus;
import io.vigil.core.Outcome;

/**
 * The per-(check, region) state machine with failure/success hysteresis. Pure: the same results in the same
 * order always give the same states. Missed slots change nothing.
 */
public final class RegionVerdict {

    /** The state after a result: {@code status} is pending, up, degraded or down. */
    public record State(CheckStatus status, int failures, int successes) {
        public static final State PENDING = new State(CheckStatus.PENDING, 0, 0);
    }

    private RegionVerdict() {
    }

    /** The state after one more slot's outcome. */
    public static State next(State s, Outcome outcome, int failureThreshold, int successThreshold) {
        return switch (outcome) {
            case DOWN -> {
                int failures = s.failures() + 1;
                CheckStatus status = failures >= failureThreshold ? CheckStatus.DOWN : s.status();
                yield new State(status, failures, 0);
            }
            case UP, DEGRADED -> {
                int successes = s.successes() + 1;
                boolean recovering = s.status() == CheckStatus.DOWN && successes < successThreshold;
                yield new State(recovering ? CheckStatus.DOWN : status(outcome), 0, successes);
            }
            case MISSED -> s;
        };
    }

    /** The region status a success reports. */
    private static CheckStatus status(Outcome success) {
        return success == Outcome.DEGRADED ? CheckStatus.DEGRADED : CheckStatus.UP;
    }
}

package io.vigil.verdict;

/**
 * The per-(check, region) state machine with failure/success hysteresis. Pure: the same results in the same
 * order always give the same states. Missed slots change nothing.
 */
public final class RegionVerdict {

    /** The state after a result: {@code status} is pending, up, degraded or down. */
    public record State(String status, int failures, int successes) {
        public static final State PENDING = new State(CheckStatus.PENDING, 0, 0);
    }

    private RegionVerdict() {
    }

    /**
     * @param outcome {@code up}, {@code degraded}, {@code down} or {@code missed}
     */
    public static State next(State s, String outcome, int failureThreshold, int successThreshold) {
        switch (outcome) {
            case "down" -> {
                int failures = s.failures() + 1;
                String status = failures >= failureThreshold ? CheckStatus.DOWN : s.status();
                return new State(status, failures, 0);
            }
            case "up", "degraded" -> {
                int successes = s.successes() + 1;
                boolean recovering = CheckStatus.DOWN.equals(s.status()) && successes < successThreshold;
                return new State(recovering ? CheckStatus.DOWN : outcome, 0, successes);
            }
            default -> {
                return s;
            }
        }
    }
}

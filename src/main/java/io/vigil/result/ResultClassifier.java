package io.vigil.result;

import io.vigil.check.assertion.AssertionResult;
import io.vigil.core.Outcome;
import io.vigil.egress.ErrorClass;
import io.vigil.egress.ProbeError;

import java.util.List;

/**
 * Turns what a probe saw into the slot's outcome. Pure: the probe reports, this judges one result, and the
 * verdict state machine judges sequences of results.
 */
public final class ResultClassifier {

    /** The outcome and, when not up, the error that explains it. */
    public record Classified(Outcome outcome, ProbeError error) {
    }

    private ResultClassifier() {
    }

    public static Classified classify(ProbeError transportError, List<AssertionResult> assertions, Long latencyMs,
                                      Integer degradedAfterMs) {
        if (transportError != null) {
            return new Classified(Outcome.DOWN, transportError);
        }
        for (AssertionResult a : assertions) {
            if (!a.passed()) {
                return new Classified(Outcome.DOWN, new ProbeError(ErrorClass.ASSERTION,
                        "assertion failed: " + a.condition() + " (actual: " + a.actual() + ")"));
            }
        }
        if (degradedAfterMs != null && latencyMs != null && latencyMs > degradedAfterMs) {
            return new Classified(Outcome.DEGRADED, null);
        }
        return new Classified(Outcome.UP, null);
    }
}

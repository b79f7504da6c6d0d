package io.vigil.schedule;

import io.smallrye.mutiny.Uni;
import io.vigil.check.CheckSpec;
import io.vigil.check.assertion.AssertionResult;
import io.vigil.check.assertion.Condition;
import io.vigil.check.assertion.ConditionSyntaxException;
import io.vigil.probe.CheckType;
import io.vigil.probe.Probe;
import io.vigil.probe.ProbeObservation;
import io.vigil.result.ProbeResult;
import io.vigil.result.ResultClassifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Runs one slot of one check: probe, evaluate its assertions, classify. Never fails: failures are data. */
@ApplicationScoped
public class CheckRunner {

    /** With no assertions an http check expects a successful final status. */
    static final Condition DEFAULT_FOLLOWING = condition("status in 200..299");
    static final Condition DEFAULT_NOT_FOLLOWING = condition("status in 200..399");

    @Inject
    @Any
    Instance<Probe> probes;
    @Inject
    Clock clock;

    public Uni<ProbeResult> run(CheckSpec spec, String region, Instant scheduledAt) {
        Instant startedAt = clock.instant();
        return probes.select(new CheckType.Literal(spec.type())).get().run(spec)
                .map(seen -> result(spec, region, scheduledAt, startedAt, seen));
    }

    static ProbeResult result(CheckSpec spec, String region, Instant scheduledAt, Instant startedAt, ProbeObservation ex) {
        List<AssertionResult> assertions = List.of();
        if (ex.error() == null || ex.responded()) {
            // Only http has a status to default on; other types with no assertions are up when the probe saw no error.
            List<Condition> conditions = spec.conditions().isEmpty() && "http".equals(spec.type())
                    ? List.of(spec.followRedirects() ? DEFAULT_FOLLOWING : DEFAULT_NOT_FOLLOWING)
                    : spec.conditions();
            assertions = Condition.evaluateAll(conditions, new ExchangeObservation(ex));
        }
        Long total = ex.timings().totalMs();
        ResultClassifier.Classified c = ResultClassifier.classify(ex.error(), assertions, total, spec.degradedAfterMs());
        return new ProbeResult(null, spec.id(), spec.workspaceId(), region, scheduledAt, startedAt, c.outcome(),
                ex.status(), ex.responded() && total != null ? (int) Math.min(Integer.MAX_VALUE, total) : null,
                c.error(), ex.timings(), assertions, ex.tls());
    }

    private static Condition condition(String text) {
        try {
            return Condition.parse(text);
        } catch (ConditionSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

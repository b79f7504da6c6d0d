package io.vigil.incident;

import io.quarkus.scheduler.Scheduled;
import io.vigil.ServerOnly;
import io.vigil.check.CheckChanged;
import io.vigil.check.CheckRegistry;
import io.vigil.check.CheckSpec;
import io.vigil.result.NewResult;
import io.vigil.result.ResultConsumer;
import io.vigil.verdict.CheckRules;
import io.vigil.verdict.Observation;
import io.vigil.verdict.RuleSource;
import io.vigil.verdict.Transition;
import io.vigil.verdict.VerdictTracker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.List;
import java.util.UUID;

/**
 * Hands results on to the verdicts as verdict's own records, with the rules of their checks, and keeps the
 * verdicts' memory in step with the check definitions. Verdict knows neither results nor checks, and result does
 * not know verdict: this bridge lives with incident, the feature downstream of both that implements verdict's other
 * interface (TransitionSink, in {@link IncidentLedger}) too.
 */
@ApplicationScoped
public class VerdictFeed implements ResultConsumer, RuleSource {

    @Inject
    VerdictTracker verdicts;
    @Inject
    CheckRegistry registry;

    @Override
    public void taken(List<NewResult> results) {
        verdicts.apply(results.stream().map(VerdictFeed::observation).toList());
    }

    @Override
    public CheckRules rules(UUID checkId) {
        CheckSpec spec = registry.get(checkId);
        return spec == null ? null : new CheckRules(spec.id(), spec.workspaceId(), spec.name(), spec.regions(),
                spec.interval(), spec.failureThreshold(), spec.successThreshold(), spec.quorum());
    }

    void onChange(@Observes CheckChanged event) {
        if (event.spec() == null) {
            verdicts.forget(event.checkId());
        }
    }

    /** Regions that stopped reporting become unknown even though no result arrives to say so. */
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = ServerOnly.class)
    void sweep() {
        verdicts.sweep();
    }

    static Observation observation(NewResult r) {
        return new Observation(r.checkId(), r.region(), r.scheduledAt(), r.outcome(),
                r.errorClass() == null ? null : new Transition.LastError(r.errorClass(), r.errorMessage()));
    }
}

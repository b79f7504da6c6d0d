package io.vigil.incident;

import io.quarkus.runtime.ShutdownEvent;
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
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands results on to the verdicts as verdict's own records, with the rules of their checks, and keeps the
 * verdicts' memory in step with the check definitions. Verdict knows neither results nor checks, and result does
 * not know verdict: this bridge lives with incident, the feature downstream of both that implements verdict's other
 * interface (TransitionSink, in {@link IncidentLedger}) too.
 * <p>
 * Judging runs on one thread of its own ({@code vigil-verdict}): a probe finishing on an event loop only queues what
 * it saw, so the event loops never wait for the verdicts' lock, and the periodic sweep over every check never holds
 * up a probe. Results are judged in the order they were taken, in batches of whatever arrived meanwhile.
 */
@ApplicationScoped
public class VerdictFeed implements ResultConsumer, RuleSource {

    private static final Logger LOG = Logger.getLogger(VerdictFeed.class);

    @Inject
    VerdictTracker verdicts;
    @Inject
    CheckRegistry registry;

    private final ExecutorService judge = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vigil-verdict");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedQueue<Observation> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainQueued = new AtomicBoolean();

    @Override
    public void taken(List<NewResult> results) {
        for (NewResult r : results) {
            pending.add(observation(r));
        }
        if (drainQueued.compareAndSet(false, true)) {
            judge.execute(this::drain);
        }
    }

    private void drain() {
        drainQueued.set(false);
        List<Observation> batch = new ArrayList<>();
        for (Observation o = pending.poll(); o != null; o = pending.poll()) {
            batch.add(o);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            verdicts.apply(batch);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Judging %d results failed", batch.size());
        }
    }

    @Override
    public CheckRules rules(UUID checkId) {
        CheckSpec spec = registry.get(checkId);
        return spec == null ? null : new CheckRules(spec.id(), spec.workspaceId(), spec.name(), spec.regions(),
                spec.interval(), spec.failureThreshold(), spec.successThreshold(), spec.quorum());
    }

    void onChange(@Observes CheckChanged event) {
        if (event.spec() == null) {
            judge.execute(() -> verdicts.forget(event.checkId()));
        }
    }

    /** Regions that stopped reporting become unknown even though no result arrives to say so. */
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = ServerOnly.class)
    void sweep() {
        judge.execute(verdicts::sweep);
    }

    /** What was taken before shutdown is judged, so its transitions reach the store before the database stops. */
    void onStop(@Observes ShutdownEvent event) {
        try {
            judge.submit(this::drain).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Results taken before shutdown could not all be judged: %s", e.toString());
        }
        judge.shutdown();
    }

    static Observation observation(NewResult r) {
        return new Observation(r.checkId(), r.region(), r.scheduledAt(), r.outcome(),
                r.errorClass() == null ? null : new Transition.LastError(r.errorClass(), r.errorMessage()));
    }
}

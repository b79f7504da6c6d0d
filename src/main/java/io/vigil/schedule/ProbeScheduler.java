package io.vigil.schedule;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vigil.VigilConfig;
import io.vigil.check.CheckChanged;
import io.vigil.check.CheckRegistry;
import io.vigil.check.CheckSpec;
import io.vigil.core.Outcome;
import io.vigil.result.MissedSlots;
import io.vigil.result.ProbeResult;
import io.vigil.result.ResultSink;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Probes this process's region ({@code vigil.region}). One event-loop context owns the {@link SlotQueue} and
 * ticks every {@code vigil.schedule.tick}; probes are spread over the event loops, bounded by
 * {@code vigil.schedule.max-concurrency}; a slot that cannot start before its successor is due is recorded as
 * missed rather than silently skipped.
 */
@ApplicationScoped
public class ProbeScheduler {

    private static final Logger LOG = Logger.getLogger(ProbeScheduler.class);

    @Inject
    Vertx vertx;
    @Inject
    CheckRegistry registry;
    @Inject
    CheckRunner runner;
    /** The one sink this process's configuration selects (the database ingest on a server, an agent's uplink). */
    @Inject
    Instance<ResultSink> sinks;
    /** Present only where results are stored. */
    @Inject
    Instance<MissedSlots> missedSlots;
    private ResultSink sink;
    @Inject
    Clock clock;
    @Inject
    ScheduleConfig config;
    @Inject
    VigilConfig vigil;
    @Inject
    MeterRegistry meters;

    private final AtomicInteger inFlight = new AtomicInteger();
    private SlotQueue slots;
    private Context context;
    private Context[] probeContexts;
    private int nextContext;
    private volatile long timerId = -1;
    private Timer lag;
    private Timer duration;
    private final Map<Outcome, Counter> probes = new EnumMap<>(Outcome.class);

    void onStart(@Observes @Priority(100) StartupEvent event) throws Throwable {
        if (!config.enabled()) {
            LOG.info("Probing of the server's own region is off (vigil.schedule.enabled=false)");
            return;
        }
        String region = vigil.region();
        sink = sinks.get();
        slots = new SlotQueue(region);
        // Called from the main thread, each getOrCreateContext() is a new context on the next event loop.
        context = vertx.getOrCreateContext();
        probeContexts = new Context[Math.max(2, 2 * Runtime.getRuntime().availableProcessors())];
        for (int i = 0; i < probeContexts.length; i++) {
            probeContexts[i] = vertx.getOrCreateContext();
        }
        lag = Timer.builder("vigil_scheduler_lag").description("How late probes start after their slot")
                .tag("region", region).publishPercentileHistogram().register(meters);
        duration = Timer.builder("vigil_probe_duration").description("Probe duration, all phases")
                .tag("region", region).publishPercentileHistogram().register(meters);
        for (Outcome o : Outcome.values()) {
            probes.put(o, Counter.builder("vigil_probes_total").description("Probes run, by region and outcome")
                    .tag("region", region).tag("outcome", o.wire()).register(meters));
        }
        Gauge.builder("vigil_probes_in_flight", inFlight, Number::doubleValue)
                .description("Probes started and not yet finished").register(meters);
        Gauge.builder("vigil_scheduled_checks", this, s -> s.slots.size())
                .description("Checks this scheduler holds slots for").register(meters);
        // The checks known at start (none yet on an agent: its runtime fires them as they arrive). Every slot they
        // get is after this instant; the ones at or before it fell while Vigil was down and are recorded as missed.
        long startMs = clock.millis();
        List<CheckSpec> known = registry.all().stream().filter(spec -> SlotQueue.schedules(spec, region)).toList();
        context.runOnContext(v -> {
            // Read again here: a change that arrived meanwhile is already in the registry.
            registry.all().forEach(spec -> slots.put(spec, Math.max(startMs, clock.millis())));
            timerId = vertx.setPeriodic(config.tick().toMillis(), id -> tick());
        });
        recordDowntime(region, known, startMs);
        LOG.infof("Probing region '%s': %d checks at start", region, known.size());
    }

    /** In the background: a long downtime of many checks is a large insert, and probing must not wait for it. */
    private void recordDowntime(String region, List<CheckSpec> known, long startMs) {
        if (!missedSlots.isResolvable() || config.downtimeSlots() <= 0 || known.isEmpty()) {
            return;
        }
        List<MissedSlots.Grid> grids = known.stream().map(spec -> {
            long interval = spec.interval().toMillis();
            return new MissedSlots.Grid(spec.id(), spec.workspaceId(), Slots.phase(spec.id(), interval), interval);
        }).toList();
        missedSlots.get().record(region, grids, Instant.ofEpochMilli(startMs), config.downtimeSlots()).subscribe().with(
                n -> LOG.infof("Recorded %d slots of region '%s' that fell while Vigil was not running as missed", n, region),
                e -> LOG.warnf(e, "Could not record the slots missed while Vigil was not running"));
    }

    /** Before results are flushed at shutdown: stop starting probes and let the running ones finish. */
    void onStop(@Observes @Priority(10) ShutdownEvent event) throws InterruptedException {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    void onChange(@Observes CheckChanged event) {
        if (context == null) {
            return;
        }
        context.runOnContext(v -> {
            if (event.spec() == null) {
                slots.remove(event.checkId());
            } else {
                slots.put(event.spec(), clock.millis());
            }
        });
    }

    private void tick() {
        long now = clock.millis();
        int capacity = config.maxConcurrency() - inFlight.get();
        for (SlotQueue.Due due : slots.poll(now, Math.max(0, capacity))) {
            if (due.missed()) {
                probes.get(Outcome.MISSED).increment();
                sink.submit(ProbeResult.missed(due.spec().id(), due.spec().workspaceId(), vigil.region(),
                        Instant.ofEpochMilli(due.slotMs()), "the scheduler could not start this slot before the next one was due"));
            } else {
                lag.record(Duration.ofMillis(now - due.slotMs()));
                dispatch(due.spec(), due.slotMs());
            }
        }
    }

    private void dispatch(CheckSpec spec, long slotMs) {
        inFlight.incrementAndGet();
        Context target = probeContexts[nextContext++ % probeContexts.length];
        target.runOnContext(v -> runner.run(spec, vigil.region(), Instant.ofEpochMilli(slotMs)).subscribe().with(
                result -> {
                    inFlight.decrementAndGet();
                    probes.get(result.outcome()).increment();
                    if (result.timings().totalMs() != null) {
                        duration.record(Duration.ofMillis(result.timings().totalMs()));
                    }
                    sink.submit(result);
                },
                failure -> {
                    // A bug, not a target failure: keep the slot accounted for, and say so in the log.
                    inFlight.decrementAndGet();
                    LOG.errorf(failure, "Probe of check %s in %s failed unexpectedly", spec.id(), vigil.region());
                    sink.submit(ProbeResult.missed(spec.id(), spec.workspaceId(), vigil.region(),
                            Instant.ofEpochMilli(slotMs), "internal error while probing; see the server log"));
                }));
    }
}

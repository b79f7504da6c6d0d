package io.vigil.result;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.arc.lookup.LookupUnlessProperty;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.core.Outcome;
import io.vigil.egress.Timings;
import jakarta.enterprise.context.ApplicationScoped;
import io.vigil.db.DatabaseErrors;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Buffers results and writes them in batches: one statement inserts the raw rows (a replayed
 * (check, region, slot) is a no-op; a result of a check that no longer exists is dropped) and folds exactly the
 * rows it inserted into the minute, hour and day rollups.
 * A failed write keeps the batch and retries it; nothing is dropped until the in-memory bound is reached.
 * The scheduler's {@link ResultSink} on a server (an agent's is its uplink).
 */
@ApplicationScoped
@LookupUnlessProperty(name = "vigil.mode", stringValue = "agent", lookupIfMissing = true)
public class ResultIngest implements ResultSink {

    private static final Logger LOG = Logger.getLogger(ResultIngest.class);
    /** Above this many buffered results (database away for long) the oldest are dropped and counted. */
    static final int MAX_BUFFERED = 1_000_000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    static final String INSERT = """
            WITH input AS (
                SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[],
                                     $7::int[], $8::int[], $9::text[], $10::text[], $11::int[], $12::int[], $13::int[],
                                     $14::int[], $15::int[], $16::text[], $17::int[], $18::text[], $19::text[])
                    AS t(check_id, workspace_id, region, scheduled_at, started_at, outcome, status_code, latency_ms,
                         error_class, error_message, dns_ms, connect_ms, tls_ms, first_byte_ms, total_ms, assertions,
                         tls_days_left, tls_subject, tls_issuer)
            ), ins AS (
                INSERT INTO check_results (check_id, workspace_id, region, scheduled_at, started_at, outcome, status_code,
                                           latency_ms, error_class, error_message, dns_ms, connect_ms, tls_ms,
                                           first_byte_ms, total_ms, assertions, tls_days_left, tls_subject, tls_issuer)
                SELECT i.check_id, i.workspace_id, i.region, i.scheduled_at, i.started_at, i.outcome, i.status_code,
                       i.latency_ms, i.error_class, i.error_message, i.dns_ms, i.connect_ms, i.tls_ms, i.first_byte_ms,
                       i.total_ms, i.assertions::jsonb, i.tls_days_left, i.tls_subject, i.tls_issuer
                FROM input i
                -- Only results of checks that (still) exist in that workspace: a late result of a deleted check is dropped.
                JOIN checks c ON c.id = i.check_id AND c.workspace_id = i.workspace_id
                ON CONFLICT DO NOTHING
                RETURNING check_id, workspace_id, region, scheduled_at, outcome, latency_ms, error_class, error_message, tls_days_left, tls_subject
            )%s
            SELECT check_id, region, scheduled_at, outcome, error_class, error_message, tls_days_left, tls_subject FROM ins ORDER BY scheduled_at
            """.formatted(rollup("minute", "m") + rollup("hour", "h") + rollup("day", "d"));

    /** The rollup upsert for one granularity, over the rows just inserted. Shared with {@link ResultRollups}. */
    static String rollupSelect(String unit, String source) {
        return """
                SELECT check_id, region, date_trunc('%s', scheduled_at, 'UTC') AS bucket, workspace_id,
                       count(*) FILTER (WHERE outcome = 'up'), count(*) FILTER (WHERE outcome = 'degraded'),
                       count(*) FILTER (WHERE outcome = 'down'), count(*) FILTER (WHERE outcome = 'missed'),
                       coalesce(sum(latency_ms) FILTER (WHERE outcome IN ('up', 'degraded')), 0),
                       count(latency_ms) FILTER (WHERE outcome IN ('up', 'degraded')),
                       vigil_hist(latency_ms) FILTER (WHERE outcome IN ('up', 'degraded'))
                FROM %s GROUP BY 1, 2, 3, 4""".formatted(unit, source);
    }

    /** The rollup upsert CTE for one granularity over {@code ins}. Shared with {@link MissedSlots}. */
    static String rollup(String unit, String alias) {
        return """
                , %s AS (
                    INSERT INTO rollups_%s AS r (check_id, region, bucket, workspace_id, up, degraded, down, missed,
                                                 latency_sum, latency_count, hist)
                    %s
                    ON CONFLICT (check_id, region, bucket) DO UPDATE SET
                        up = r.up + excluded.up, degraded = r.degraded + excluded.degraded,
                        down = r.down + excluded.down, missed = r.missed + excluded.missed,
                        latency_sum = r.latency_sum + excluded.latency_sum,
                        latency_count = r.latency_count + excluded.latency_count,
                        hist = vigil_hist_merge(r.hist, excluded.hist)
                )""".formatted(alias, unit, rollupSelect(unit, "ins"));
    }

    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    ResultsConfig config;
    @Inject
    ResultPartitions partitions;
    @Inject
    @Any
    Instance<ResultConsumer> consumers;
    @Inject
    ObjectMapper mapper;
    @Inject
    MeterRegistry registry;

    private final ConcurrentLinkedQueue<ProbeResult> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final ArrayDeque<ProbeResult> retry = new ArrayDeque<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private Counter written;
    private Counter dropped;
    private Counter expired;
    private Counter rejected;
    private volatile Duration backoff = Duration.ZERO;
    private volatile long retryAfterNanos;
    private long timerId;

    void onStart(@Observes StartupEvent event) {
        written = Counter.builder("vigil_results_written_total").description("Results stored").register(registry);
        dropped = droppedCounter("buffer_full");
        expired = droppedCounter("past_retention");
        rejected = droppedCounter("rejected");
        Gauge.builder("vigil_results_buffered", queued, Number::doubleValue)
                .description("Results in memory waiting for their batch insert").register(registry);
        timerId = vertx.setPeriodic(config.flushInterval().toMillis(), id -> flush());
    }

    private Counter droppedCounter(String reason) {
        return Counter.builder("vigil_results_dropped_total").description("Results not stored, by reason")
                .tag("reason", reason).register(registry);
    }

    void onStop(@Observes ShutdownEvent event) {
        // Shutdown runs on the main thread, where waiting is allowed: results in memory must reach the database.
        vertx.cancelTimer(timerId);
        try {
            flushAll().await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.warnf("%d results could not be written before shutdown: %s", queued.get(), e.getMessage());
        }
    }

    /**
     * Queues a result for the next batch and hands it on to the consumers at once, so verdicts follow the probes
     * while the database is away. Thread-safe and non-blocking.
     */
    @Override
    public void submit(ProbeResult result) {
        queue.add(result);
        List<NewResult> taken = List.of(NewResult.of(result));
        consumers.forEach(c -> c.taken(taken));
        if (queued.incrementAndGet() > MAX_BUFFERED && queue.poll() != null) {
            queued.decrementAndGet();
            dropped.increment();
        }
        if (queued.get() >= config.batchSize()) {
            flush();
        }
    }

    /** Writes everything queued so far (tests, shutdown). */
    public Uni<Void> flushAll() {
        return Uni.createFrom().item(() -> {
                    flush();
                    return queued.get() == 0 && !flushing.get();
                })
                .repeat().withDelay(Duration.ofMillis(10)).until(done -> done)
                .collect().last().replaceWithVoid()
                .ifNoItem().after(Duration.ofSeconds(30)).fail();
    }

    private void flush() {
        if (System.nanoTime() < retryAfterNanos || !flushing.compareAndSet(false, true)) {
            return;
        }
        List<ProbeResult> batch = drain();
        if (batch.isEmpty()) {
            flushing.set(false);
            return;
        }
        write(batch).subscribe().with(inserted -> {
            stored(inserted);
            backoff = Duration.ZERO;
            queued.addAndGet(-batch.size());
            flushing.set(false);
            if (queued.get() >= config.batchSize()) {
                flush();
            }
        }, failure -> {
            if (!DatabaseErrors.isTransient(failure)) {
                // A statement the database refuses for good would block every later result if retried forever.
                LOG.errorf(failure, "Dropping %d results the database refused", batch.size());
                queued.addAndGet(-batch.size());
                rejected.increment(batch.size());
                flushing.set(false);
                return;
            }
            synchronized (retry) {
                for (int i = batch.size() - 1; i >= 0; i--) {
                    retry.addFirst(batch.get(i));
                }
            }
            backoff = backoff.isZero() ? Duration.ofMillis(250) : min(backoff.multipliedBy(2), MAX_BACKOFF);
            retryAfterNanos = System.nanoTime() + backoff.toNanos();
            LOG.warnf("Writing %d results failed (%s); retrying in %d ms", batch.size(), failure.getMessage(), backoff.toMillis());
            flushing.set(false);
        });
    }

    private List<ProbeResult> drain() {
        List<ProbeResult> batch = new ArrayList<>(Math.min(queued.get(), config.batchSize()));
        synchronized (retry) {
            while (batch.size() < config.batchSize() && !retry.isEmpty()) {
                batch.add(retry.pollFirst());
            }
        }
        ProbeResult r;
        while (batch.size() < config.batchSize() && (r = queue.poll()) != null) {
            batch.add(r);
        }
        return batch;
    }

    /**
     * Writes a batch now and hands the new rows to the consumers (taken and stored at once); returns the rows that
     * were new (a replayed result is not among them). For callers that answer someone, like the agent ingest.
     */
    public Uni<List<NewResult>> store(List<ProbeResult> batch) {
        return write(batch).invoke(inserted -> {
            consumers.forEach(c -> c.taken(inserted));
            stored(inserted);
        });
    }

    private void stored(List<NewResult> inserted) {
        written.increment(inserted.size());
        if (!inserted.isEmpty()) {
            consumers.forEach(c -> c.stored(inserted));
        }
    }

    /** Writes one batch; returns the rows that were new, oldest first. */
    Uni<List<NewResult>> write(List<ProbeResult> batch) {
        List<ProbeResult> keep = new ArrayList<>(batch.size());
        Set<String> seen = new HashSet<>();
        for (ProbeResult r : batch) {
            if (!partitions.withinRetention(r.scheduledAt())) {
                expired.increment();
            } else if (seen.add(r.checkId() + "|" + r.region() + "|" + r.scheduledAt())) {
                keep.add(r);
            }
        }
        if (keep.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return partitions.ensureFor(keep.stream().map(ProbeResult::scheduledAt).toList())
                .chain(() -> pool.preparedQuery(INSERT).execute(columns(keep)))
                .map(rows -> {
                    List<NewResult> inserted = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        inserted.add(new NewResult(row.getUUID(0), row.getString(1), row.getOffsetDateTime(2).toInstant(),
                                Outcome.of(row.getString(3)), row.getString(4), row.getString(5),
                                row.getInteger(6), row.getString(7)));
                    }
                    return inserted;
                });
    }

    private Tuple columns(List<ProbeResult> rs) {
        int n = rs.size();
        java.util.UUID[] check = new java.util.UUID[n];
        java.util.UUID[] workspace = new java.util.UUID[n];
        String[] region = new String[n];
        OffsetDateTime[] scheduled = new OffsetDateTime[n];
        OffsetDateTime[] started = new OffsetDateTime[n];
        String[] outcome = new String[n];
        Integer[] status = new Integer[n];
        Integer[] latency = new Integer[n];
        String[] errorClass = new String[n];
        String[] errorMessage = new String[n];
        Integer[] dns = new Integer[n];
        Integer[] connect = new Integer[n];
        Integer[] tls = new Integer[n];
        Integer[] firstByte = new Integer[n];
        Integer[] total = new Integer[n];
        String[] assertions = new String[n];
        Integer[] tlsDays = new Integer[n];
        String[] tlsSubject = new String[n];
        String[] tlsIssuer = new String[n];
        for (int i = 0; i < n; i++) {
            ProbeResult r = rs.get(i);
            check[i] = r.checkId();
            workspace[i] = r.workspaceId();
            region[i] = r.region();
            scheduled[i] = r.scheduledAt().atOffset(ZoneOffset.UTC);
            started[i] = r.startedAt() == null ? null : r.startedAt().atOffset(ZoneOffset.UTC);
            outcome[i] = r.outcome().wire();
            status[i] = r.statusCode();
            latency[i] = r.latencyMs();
            errorClass[i] = r.error() == null ? null : r.error().errorClass().wire();
            errorMessage[i] = r.error() == null ? null : r.error().message();
            Timings t = r.timings() == null ? Timings.NONE : r.timings();
            dns[i] = ms(t.dnsMs());
            connect[i] = ms(t.connectMs());
            tls[i] = ms(t.tlsMs());
            firstByte[i] = ms(t.firstByteMs());
            total[i] = ms(t.totalMs());
            assertions[i] = json(r.assertions());
            tlsDays[i] = r.tls() == null ? null : r.tls().daysLeft();
            tlsSubject[i] = r.tls() == null ? null : r.tls().subject();
            tlsIssuer[i] = r.tls() == null ? null : r.tls().issuer();
        }
        return Tuple.from(new Object[]{check, workspace, region, scheduled, started, outcome, status, latency,
                errorClass, errorMessage, dns, connect, tls, firstByte, total, assertions, tlsDays, tlsSubject, tlsIssuer});
    }

    private String json(Object value) {
        try {
            return value == null ? null : mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Integer ms(Long v) {
        return v == null ? null : (int) Math.min(Integer.MAX_VALUE, v);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }
}

package io.vigil.result;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.check.assertion.AssertionResult;
import io.vigil.core.Outcome;
import io.vigil.egress.ErrorClass;
import io.vigil.egress.ProbeError;
import io.vigil.egress.Timings;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Batched ingest, idempotency, rollups (incremental equals rebuilt), partitions and retention. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ResultIngestTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final UUID WORKSPACE = UUID.randomUUID();
    private static boolean workspaceCreated;

    @Inject
    ResultIngest ingest;
    @Inject
    ResultRollups rollups;
    @Inject
    ResultPartitions partitions;
    @Inject
    Pool pool;

    private static ProbeResult result(UUID check, String region, Instant slot, Outcome outcome, Integer latency) {
        ProbeError error = outcome == Outcome.DOWN ? new ProbeError(ErrorClass.HTTP, "HTTP 500") : null;
        return new ProbeResult(null, check, WORKSPACE, region, slot, slot.plusMillis(3), outcome,
                outcome == Outcome.MISSED ? null : 200, latency, error,
                new Timings(null, 1L, null, 2L, latency == null ? null : latency.longValue()),
                List.of(new AssertionResult("status == 200", outcome != Outcome.DOWN, "200")), null);
    }

    /** Random results over three days and two regions, including missed slots and null latencies. */
    private static List<ProbeResult> history(UUID check, int n, long seed) {
        Random random = new Random(seed);
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.DAYS);
        List<ProbeResult> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Outcome outcome = Outcome.values()[random.nextInt(4)];
            Integer latency = outcome == Outcome.MISSED ? null : 1 + random.nextInt(3000);
            results.add(result(check, i % 2 == 0 ? "eu" : "us", start.plusSeconds(30L * (i / 2)), outcome, latency));
        }
        return results;
    }

    private String rollupDump(UUID check) {
        StringBuilder sb = new StringBuilder();
        for (String unit : List.of("minute", "hour", "day")) {
            for (Row row : pool.preparedQuery("SELECT region, bucket, up, degraded, down, missed, latency_sum, latency_count, "
                            + "hist::text FROM rollups_" + unit + " WHERE check_id = $1 ORDER BY region, bucket")
                    .execute(Tuple.of(check)).await().atMost(WAIT)) {
                sb.append(unit).append(' ').append(row.toJson().encode()).append('\n');
            }
        }
        return sb.toString();
    }

    /** Results are only accepted for checks that exist, so each test stores a real check row first. */
    private UUID newCheck() {
        if (!workspaceCreated) {
            pool.preparedQuery("INSERT INTO workspaces (id, slug, name) VALUES ($1, $2, 'ingest')")
                    .execute(Tuple.of(WORKSPACE, "ingest-" + WORKSPACE)).await().atMost(WAIT);
            workspaceCreated = true;
        }
        UUID check = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO checks (id, workspace_id, name, type, url, method, headers, interval_seconds, "
                        + "timeout_ms, follow_redirects, regions, assertions, failure_threshold, success_threshold, tags, "
                        + "created_at, updated_at) VALUES ($1, $2, 'ingest', 'http', 'http://ingest.invalid/', 'GET', '{}', "
                        + "3600, 1000, true, '{}', '{}', 2, 1, '{}', now(), now())")
                .execute(Tuple.of(check, WORKSPACE)).await().atMost(WAIT);
        return check;
    }

    private long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    @Test
    void incrementalRollupsEqualARebuildFromRawResultsAndReplaysChangeNothing() {
        UUID check = newCheck();
        List<ProbeResult> results = history(check, 2000, 42);
        // Written in uneven batches, with the first 500 replayed (an agent resending after a timeout).
        ingest.write(results.subList(0, 700)).await().atMost(WAIT);
        ingest.write(results.subList(700, 2000)).await().atMost(WAIT);
        List<NewResult> replay = ingest.write(results.subList(0, 500)).await().atMost(WAIT);
        assertThat(replay).isEmpty();
        assertThat(count("SELECT count(*) FROM check_results WHERE check_id = $1", check)).isEqualTo(2000);

        String incremental = rollupDump(check);
        assertThat(incremental).contains("minute").contains("hour").contains("day");
        rollups.rebuild(check).await().atMost(WAIT);
        assertThat(rollupDump(check)).isEqualTo(incremental);

        long up = results.stream().filter(r -> r.outcome() == Outcome.UP).count();
        assertThat(count("SELECT sum(up) FROM rollups_day WHERE check_id = $1", check)).isEqualTo(up);
        long latencySamples = results.stream().filter(r -> r.outcome() == Outcome.UP || r.outcome() == Outcome.DEGRADED).count();
        assertThat(count("SELECT sum(latency_count) FROM rollups_hour WHERE check_id = $1", check)).isEqualTo(latencySamples);
        assertThat(count("SELECT sum(x) FROM rollups_hour, unnest(hist) x WHERE check_id = $1", check)).isEqualTo(latencySamples);
    }

    @Test
    void aBatchIsOneStatementAndDuplicatesInsideItCountOnce() {
        UUID check = newCheck();
        Instant slot = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<NewResult> inserted = ingest.write(List.of(result(check, "eu", slot, Outcome.UP, 10),
                result(check, "eu", slot, Outcome.DOWN, 10), result(check, "us", slot, Outcome.DOWN, 10))).await().atMost(WAIT);
        assertThat(inserted).hasSize(2);
        assertThat(count("SELECT sum(up + down) FROM rollups_minute WHERE check_id = $1", check)).isEqualTo(2);
    }

    @Test
    void resultsOfUnknownChecksOrAnotherWorkspaceAreDropped() {
        UUID check = newCheck();
        Instant slot = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ProbeResult unknown = result(UUID.randomUUID(), "eu", slot, Outcome.UP, 5);
        ProbeResult wrongWorkspace = new ProbeResult(null, check, UUID.randomUUID(), "eu", slot.minusSeconds(1), slot, Outcome.UP, 200, 5,
                null, Timings.NONE, List.of(), null);
        assertThat(ingest.write(List.of(unknown, wrongWorkspace, result(check, "eu", slot, Outcome.UP, 5)))
                .await().atMost(WAIT)).extracting(NewResult::checkId).containsExactly(check);
        assertThat(count("SELECT count(*) FROM rollups_minute WHERE check_id = $1", unknown.checkId())).isZero();
    }

    @Test
    void sqlHistogramBucketsMatchTheJavaBounds() {
        for (int i = 0; i < LatencyHistogram.BOUNDS.length; i++) {
            int bound = LatencyHistogram.BOUNDS[i];
            // A latency equal to bound i belongs to bucket i + 1 (0-based), i.e. SQL index i + 2.
            assertThat(count("SELECT vigil_latency_bucket($1)", bound)).isEqualTo(i + 2);
            assertThat(count("SELECT vigil_latency_bucket($1)", bound - 1)).isEqualTo(i + 1);
        }
        assertThat(count("SELECT array_length(vigil_hist(x), 1) FROM (VALUES (1)) v(x)")).isEqualTo(LatencyHistogram.BUCKETS);
    }

    @Test
    void partitionsAreCreatedAheadAndDroppedPastRetentionNeverDeleted() {
        partitions.maintain().await().atMost(WAIT);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<LocalDate> days = partitions.days("check_results").await().atMost(WAIT);
        assertThat(days).contains(today.minusDays(1), today, today.plusDays(1), today.plusDays(3));
        assertThat(partitions.days("rollups_minute").await().atMost(WAIT)).contains(today, today.plusDays(3));

        // A day past the 90-day retention: its partition exists (created for a late result) until maintenance.
        Instant old = today.minusDays(120).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(60);
        partitions.ensureFor(List.of(old)).await().atMost(WAIT);
        UUID check = newCheck();
        pool.preparedQuery("INSERT INTO check_results (check_id, workspace_id, region, scheduled_at, outcome) "
                + "VALUES ($1, $2, 'eu', $3, 'up')").execute(Tuple.of(check, WORKSPACE, old.atOffset(ZoneOffset.UTC)))
                .await().atMost(WAIT);
        assertThat(partitions.days("check_results").await().atMost(WAIT)).contains(today.minusDays(120));

        partitions.maintain().await().atMost(WAIT);
        assertThat(partitions.days("check_results").await().atMost(WAIT)).doesNotContain(today.minusDays(120));
        assertThat(partitions.days("rollups_minute").await().atMost(WAIT)).doesNotContain(today.minusDays(120));
        assertThat(count("SELECT count(*) FROM check_results WHERE check_id = $1", check)).isZero();

        // A late result for a day past retention is refused instead of resurrecting the partition.
        assertThat(ingest.write(List.of(result(check, "eu", old, Outcome.UP, 5))).await().atMost(WAIT)).isEmpty();
        assertThat(partitions.days("check_results").await().atMost(WAIT)).doesNotContain(today.minusDays(120));
    }
}

package io.vigil.result;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.core.Outcome;
import io.vigil.egress.Timings;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Slots of Vigil's own downtime recorded as missed, against real PostgreSQL: bounded, idempotent, in the rollups. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class MissedSlotsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final UUID WORKSPACE = UUID.randomUUID();
    private static final long INTERVAL = 60_000;
    private static final long PHASE = 17_345;
    private static boolean workspaceCreated;

    @Inject
    MissedSlots missed;
    @Inject
    ResultIngest ingest;
    @Inject
    ResultRollups rollups;
    @Inject
    Pool pool;

    /** A slot of the test grid about an hour ago: the last one a check stored before "the crash". */
    private static final Instant LAST = slot(Instant.now().minus(1, ChronoUnit.HOURS).toEpochMilli());

    private static Instant slot(long atOrBeforeMs) {
        return Instant.ofEpochMilli(Math.floorDiv(atOrBeforeMs - PHASE, INTERVAL) * INTERVAL + PHASE);
    }

    private UUID newCheck(boolean paused, Instant updatedAt) {
        if (!workspaceCreated) {
            pool.preparedQuery("INSERT INTO workspaces (id, slug, name) VALUES ($1, $2, 'missed')")
                    .execute(Tuple.of(WORKSPACE, "missed-" + WORKSPACE)).await().atMost(WAIT);
            workspaceCreated = true;
        }
        UUID check = UUID.randomUUID();
        OffsetDateTime at = updatedAt.atOffset(ZoneOffset.UTC);
        pool.preparedQuery("INSERT INTO checks (id, workspace_id, name, type, url, method, headers, interval_seconds, "
                        + "timeout_ms, follow_redirects, regions, assertions, failure_threshold, success_threshold, tags, "
                        + "paused, created_at, updated_at) VALUES ($1, $2, 'missed', 'http', 'http://missed.invalid/', 'GET', '{}', "
                        + "60, 1000, true, '{eu}', '{}', 2, 1, '{}', $3, $4, $4)")
                .execute(Tuple.of(check, WORKSPACE, paused, at)).await().atMost(WAIT);
        return check;
    }

    /** Up results every slot from {@code n} slots before {@link #LAST} up to it. */
    private void history(UUID check, String region, int n) {
        List<ProbeResult> results = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            Instant at = LAST.minusMillis(i * INTERVAL);
            results.add(new ProbeResult(null, check, WORKSPACE, region, at, at.plusMillis(2), Outcome.UP, 200, 20, null,
                    new Timings(1L, 2L, null, 10L, 20L), List.of(), null));
        }
        assertThat(ingest.write(results).await().atMost(WAIT)).hasSize(n);
    }

    private MissedSlots.Grid grid(UUID check) {
        return new MissedSlots.Grid(check, WORKSPACE, PHASE, INTERVAL);
    }

    private List<Instant> missedSlots(UUID check, String region) {
        List<Instant> slots = new ArrayList<>();
        for (Row row : pool.preparedQuery("SELECT scheduled_at, error_class, error_message FROM check_results "
                        + "WHERE check_id = $1 AND region = $2 AND outcome = 'missed' ORDER BY scheduled_at")
                .execute(Tuple.of(check, region)).await().atMost(WAIT)) {
            assertThat(row.getString(1)).isEqualTo("missed");
            assertThat(row.getString(2)).isEqualTo(MissedSlots.WHY);
            slots.add(row.getOffsetDateTime(0).toInstant());
        }
        return slots;
    }

    private long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(WAIT).iterator().next().getLong(0);
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

    @Test
    void theSlotsSinceTheLastResultAreMissedOnceAndInTheRollups() {
        UUID check = newCheck(false, LAST.minus(1, ChronoUnit.DAYS));
        history(check, "eu", 10);
        // Restarted five intervals after the last stored slot (plus a little: the sixth slot is not due yet).
        Instant restart = LAST.plusMillis(5 * INTERVAL + 1234);

        long first = missed.record("eu", List.of(grid(check)), restart, 1440).await().atMost(WAIT);

        assertThat(first).isEqualTo(5);
        List<Instant> expected = new ArrayList<>();
        for (int k = 1; k <= 5; k++) {
            expected.add(LAST.plusMillis(k * INTERVAL));
        }
        assertThat(missedSlots(check, "eu")).containsExactlyElementsOf(expected);
        assertThat(count("SELECT sum(missed) FROM rollups_minute WHERE check_id = $1", check)).isEqualTo(5);
        assertThat(count("SELECT sum(missed) FROM rollups_hour WHERE check_id = $1", check)).isEqualTo(5);
        assertThat(count("SELECT sum(missed) FROM rollups_day WHERE check_id = $1", check)).isEqualTo(5);
        assertThat(count("SELECT sum(up) FROM rollups_day WHERE check_id = $1", check)).isEqualTo(10);
        String incremental = rollupDump(check);

        // A second start (or a crash during the first one's insert) adds nothing.
        long second = missed.record("eu", List.of(grid(check)), restart, 1440).await().atMost(WAIT);
        assertThat(second).isZero();
        assertThat(missedSlots(check, "eu")).hasSize(5);
        assertThat(rollupDump(check)).isEqualTo(incremental);
        rollups.rebuild(check).await().atMost(WAIT);
        assertThat(rollupDump(check)).isEqualTo(incremental);
    }

    @Test
    void atMostTheMostRecentSlotsPerCheckAndOnlyForTheRegionAsked() {
        UUID check = newCheck(false, LAST.minus(1, ChronoUnit.DAYS));
        history(check, "eu", 3);
        history(check, "us", 3);
        Instant restart = LAST.plusMillis(40 * INTERVAL);

        assertThat(missed.record("eu", List.of(grid(check)), restart, 10).await().atMost(WAIT)).isEqualTo(10);

        List<Instant> slots = missedSlots(check, "eu");
        assertThat(slots).hasSize(10);
        assertThat(slots.get(0)).isEqualTo(LAST.plusMillis(31 * INTERVAL));
        assertThat(slots.get(9)).isEqualTo(restart);
        assertThat(missedSlots(check, "us")).isEmpty();
    }

    @Test
    void aPausedCheckMissesNothingAndAChangedOneOnlySinceItsChange() {
        UUID paused = newCheck(true, LAST.minus(1, ChronoUnit.DAYS));
        history(paused, "eu", 2);
        // Unpaused (or edited) three slots and a bit after its last result, then Vigil went down.
        UUID resumed = newCheck(false, LAST.plusMillis(3 * INTERVAL + 500));
        history(resumed, "eu", 2);
        // Created shortly before the crash, never probed.
        UUID fresh = newCheck(false, LAST.plusMillis(6 * INTERVAL - 1));
        Instant restart = LAST.plusMillis(8 * INTERVAL);

        long n = missed.record("eu", List.of(grid(paused), grid(resumed), grid(fresh)), restart, 1440).await().atMost(WAIT);

        assertThat(missedSlots(paused, "eu")).isEmpty();
        assertThat(missedSlots(resumed, "eu")).containsExactly(LAST.plusMillis(4 * INTERVAL), LAST.plusMillis(5 * INTERVAL),
                LAST.plusMillis(6 * INTERVAL), LAST.plusMillis(7 * INTERVAL), LAST.plusMillis(8 * INTERVAL));
        assertThat(missedSlots(fresh, "eu")).containsExactly(LAST.plusMillis(6 * INTERVAL), LAST.plusMillis(7 * INTERVAL),
                LAST.plusMillis(8 * INTERVAL));
        assertThat(n).isEqualTo(8);
    }

    @Test
    void manyChecksInOneGoAcrossChunks() {
        List<MissedSlots.Grid> grids = new ArrayList<>();
        List<UUID> checks = new ArrayList<>();
        for (int i = 0; i < MissedSlots.CHUNK + 5; i++) {
            UUID check = newCheck(false, LAST);
            checks.add(check);
            grids.add(grid(check));
        }
        Instant restart = LAST.plusMillis(3 * INTERVAL);

        assertThat(missed.record("eu", grids, restart, 1440).await().atMost(WAIT)).isEqualTo(3L * grids.size());
        assertThat(missed.record("eu", grids, restart, 1440).await().atMost(WAIT)).isZero();
        assertThat(count("SELECT count(*) FROM check_results WHERE check_id = ANY($1) AND outcome = 'missed'",
                (Object) checks.toArray(new UUID[0]))).isEqualTo(3L * grids.size());
    }
}

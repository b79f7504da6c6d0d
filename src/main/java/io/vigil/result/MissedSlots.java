package io.vigil.result;

import io.quarkus.arc.lookup.LookupUnlessProperty;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Records as {@code missed} the slots that fell while Vigil itself was not running, so a restart leaves no silent gap
 * in a check's history. Per (check, region) the slots strictly after the last stored result (or the check's last
 * change, when that is later: a paused check had no slots) and at or before {@code until} are written, at most
 * {@code maxPerCheck} of the most recent ones and none past raw retention. One set-based statement per chunk of
 * checks inserts the rows and folds exactly those it inserted into the rollups, as the ingest does; a slot that is
 * already stored is left alone, so running it again adds nothing. Missed slots count neither way in uptime.
 * Only where results are stored (a server); an agent has none of this.
 */
@ApplicationScoped
@LookupUnlessProperty(name = "vigil.mode", stringValue = "agent", lookupIfMissing = true)
public class MissedSlots {

    /** Checks per statement: bounds one statement's rows at {@code CHUNK × maxPerCheck}. */
    static final int CHUNK = 1000;
    static final String WHY = "Vigil was not running at this slot";

    /** Where one check's slots fall: {@code phaseMs + k × intervalMs} (epoch milliseconds). */
    public record Grid(UUID checkId, UUID workspaceId, long phaseMs, long intervalMs) {
    }

    static final String INSERT = """
            WITH grid AS (
                SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::bigint[])
                    AS g(check_id, workspace_id, phase_ms, interval_ms)
            ), bounds AS (
                SELECT g.check_id, g.workspace_id, g.phase_ms, g.interval_ms,
                       floor(($6::bigint - g.phase_ms)::numeric / g.interval_ms)::bigint AS k_last,
                       floor((extract(epoch FROM greatest(last.at, c.updated_at)) * 1000 - g.phase_ms) / g.interval_ms)::bigint AS k_since
                FROM grid g
                JOIN checks c ON c.id = g.check_id AND c.workspace_id = g.workspace_id AND NOT c.paused
                LEFT JOIN LATERAL (
                    SELECT max(r.scheduled_at) AS at FROM check_results r
                    WHERE r.check_id = g.check_id AND r.region = $5
                      AND r.scheduled_at >= greatest($7::timestamptz,
                              to_timestamp($6::bigint / 1000.0) - ($8::bigint * g.interval_ms) * interval '1 millisecond')
                ) last ON true
            ), ins AS (
                INSERT INTO check_results (check_id, workspace_id, region, scheduled_at, outcome, error_class, error_message)
                SELECT b.check_id, b.workspace_id, $5, s.at, 'missed', 'missed', $9
                FROM bounds b
                CROSS JOIN LATERAL generate_series(greatest(b.k_since + 1, b.k_last - $8::bigint + 1), b.k_last) AS k
                CROSS JOIN LATERAL (SELECT timestamptz 'epoch' + (b.phase_ms + k * b.interval_ms) * interval '1 millisecond' AS at) s
                WHERE s.at >= $7::timestamptz
                ON CONFLICT DO NOTHING
                RETURNING check_id, workspace_id, region, scheduled_at, outcome, latency_ms
            )%s
            SELECT count(*) FROM ins
            """.formatted(ResultIngest.rollup("minute", "m") + ResultIngest.rollup("hour", "h") + ResultIngest.rollup("day", "d"));

    @Inject
    Pool pool;
    @Inject
    ResultPartitions partitions;
    @Inject
    ResultsConfig config;
    @Inject
    Clock clock;

    /** Records the missed slots of these checks in {@code region} up to {@code until}; returns how many were new. */
    public Uni<Long> record(String region, List<Grid> grids, Instant until, int maxPerCheck) {
        if (grids.isEmpty() || maxPerCheck <= 0) {
            return Uni.createFrom().item(0L);
        }
        LocalDate oldestKept = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(config.retention().toDays());
        Instant floor = oldestKept.atStartOfDay(ZoneOffset.UTC).toInstant();
        long longest = grids.stream().mapToLong(Grid::intervalMs).max().orElse(0);
        Instant earliest = until.minusMillis(Math.min(longest * maxPerCheck, until.toEpochMilli() - floor.toEpochMilli()));
        List<Instant> days = new ArrayList<>();
        for (LocalDate d = LocalDate.ofInstant(earliest, ZoneOffset.UTC); !d.isAfter(LocalDate.ofInstant(until, ZoneOffset.UTC)); d = d.plusDays(1)) {
            days.add(d.atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        List<List<Grid>> chunks = new ArrayList<>();
        for (int i = 0; i < grids.size(); i += CHUNK) {
            chunks.add(grids.subList(i, Math.min(grids.size(), i + CHUNK)));
        }
        return partitions.ensureFor(days).chain(() -> Multi.createFrom().iterable(chunks)
                .onItem().transformToUniAndConcatenate(chunk -> insert(region, chunk, until, floor, maxPerCheck))
                .collect().with(Collectors.summingLong(Long::longValue)));
    }

    private Uni<Long> insert(String region, List<Grid> chunk, Instant until, Instant floor, int maxPerCheck) {
        int n = chunk.size();
        UUID[] checks = new UUID[n];
        UUID[] workspaces = new UUID[n];
        Long[] phases = new Long[n];
        Long[] intervals = new Long[n];
        for (int i = 0; i < n; i++) {
            Grid g = chunk.get(i);
            checks[i] = g.checkId();
            workspaces[i] = g.workspaceId();
            phases[i] = g.phaseMs();
            intervals[i] = g.intervalMs();
        }
        return pool.preparedQuery(INSERT).execute(Tuple.from(new Object[]{checks, workspaces, phases, intervals, region,
                        until.toEpochMilli(), OffsetDateTime.ofInstant(floor, ZoneOffset.UTC), (long) maxPerCheck, WHY}))
                .map(rows -> rows.iterator().next().getLong(0));
    }
}

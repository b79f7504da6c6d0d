package io.vigil.result;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The read model of results for other features (status pages, badges): availability and response times of checks
 * from the day and hour rollups. Never reads raw results, so its cost does not grow with the probe rate.
 */
@ApplicationScoped
public class RollupReads {

    @Inject
    Pool pool;

    /** Per check and UTC day from {@code from} on, the days that have any judged result. */
    public Uni<List<DailyUptime>> daily(List<UUID> checks, LocalDate from) {
        return pool.preparedQuery("""
                        SELECT check_id, bucket, sum(up + degraded), sum(down) FROM rollups_day
                        WHERE check_id = ANY($1) AND bucket >= $2 GROUP BY check_id, bucket""")
                .execute(Tuple.of(checks.toArray(UUID[]::new), from.atStartOfDay().atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<DailyUptime> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new DailyUptime(r.getUUID(0), LocalDate.ofInstant(r.getOffsetDateTime(1).toInstant(), ZoneOffset.UTC),
                                r.getLong(2), r.getLong(3)));
                    }
                    return out;
                });
    }

    /** Per check, the results of the whole hours before {@code hour} (and {@code hour} itself) over 24 h, 7 and 30 days. */
    public Uni<Map<UUID, RecentUptime>> recent(List<UUID> checks, Instant hour) {
        Instant h = hour.truncatedTo(ChronoUnit.HOURS);
        return pool.preparedQuery("""
                        SELECT check_id,
                               coalesce(sum(up + degraded) FILTER (WHERE bucket >= $3), 0), coalesce(sum(down) FILTER (WHERE bucket >= $3), 0),
                               coalesce(sum(up + degraded) FILTER (WHERE bucket >= $4), 0), coalesce(sum(down) FILTER (WHERE bucket >= $4), 0),
                               coalesce(sum(up + degraded), 0), coalesce(sum(down), 0)
                        FROM rollups_hour WHERE check_id = ANY($1) AND bucket >= $2 GROUP BY check_id""")
                .execute(Tuple.of(checks.toArray(UUID[]::new), utc(h.minus(30, ChronoUnit.DAYS)),
                        utc(h.minus(24, ChronoUnit.HOURS)), utc(h.minus(7, ChronoUnit.DAYS))))
                .map(rows -> {
                    Map<UUID, RecentUptime> out = new HashMap<>();
                    for (Row r : rows) {
                        out.put(r.getUUID(0), new RecentUptime(r.getUUID(0), new RecentUptime.Counts(r.getLong(1), r.getLong(2)),
                                new RecentUptime.Counts(r.getLong(3), r.getLong(4)), new RecentUptime.Counts(r.getLong(5), r.getLong(6))));
                    }
                    return out;
                });
    }

    /** Per check, region and hour from {@code since} on, the summed response times. */
    public Uni<List<HourlyLatency>> hourlyLatency(List<UUID> checks, Instant since) {
        return pool.preparedQuery("""
                        SELECT check_id, region, bucket, latency_sum, latency_count FROM rollups_hour
                        WHERE check_id = ANY($1) AND bucket >= $2 ORDER BY bucket""")
                .execute(Tuple.of(checks.toArray(UUID[]::new), utc(since)))
                .map(rows -> {
                    List<HourlyLatency> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new HourlyLatency(r.getUUID(0), r.getString(1), r.getOffsetDateTime(2).toInstant(),
                                r.getLong(3), r.getInteger(4)));
                    }
                    return out;
                });
    }

    private static java.time.OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}

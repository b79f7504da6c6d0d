package io.vigil.result;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.Page;
import io.vigil.api.Paging;
import io.vigil.check.assertion.AssertionResult;
import io.vigil.core.Outcome;
import io.vigil.egress.ErrorClass;
import io.vigil.egress.ProbeError;
import io.vigil.egress.Timings;
import io.vigil.egress.TlsInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads results and summaries. Callers pass a check already proven to belong to the caller's workspace. */
@ApplicationScoped
public class ResultQueries {

    private static final String RESULTS = """
            SELECT id, check_id, region, scheduled_at, started_at, outcome, status_code, latency_ms, error_class,
                   error_message, dns_ms, connect_ms, tls_ms, first_byte_ms, total_ms, assertions::text,
                   tls_days_left, tls_subject, tls_issuer
            FROM check_results
            WHERE check_id = $1 AND workspace_id = $2
              AND ($3::timestamptz IS NULL OR scheduled_at >= $3)
              AND ($4::timestamptz IS NULL OR scheduled_at < $4)
              AND ($5::text IS NULL OR region = $5)
              AND ($6::timestamptz IS NULL OR (scheduled_at, region) < ($6, $7::text))
            ORDER BY scheduled_at DESC, region DESC
            LIMIT $8""";

    private static final String SUMMARY = """
            SELECT region, sum(up), sum(degraded), sum(down), sum(missed), sum(latency_sum), sum(latency_count),
                   vigil_hist_sum(hist)
            FROM rollups_%s
            WHERE check_id = $1 AND workspace_id = $2 AND bucket >= $3
            GROUP BY region ORDER BY region""";

    private static final TypeReference<List<AssertionResult>> ASSERTIONS = new TypeReference<>() {
    };

    @Inject
    Pool pool;
    @Inject
    ObjectMapper mapper;

    public Uni<Page<ProbeResult>> results(UUID workspaceId, UUID checkId, Instant from, Instant to, String region,
                                          int limit, Paging.Position after) {
        Tuple args = Tuple.tuple(List.of(checkId, workspaceId));
        args.addValue(utc(from)).addValue(utc(to)).addValue(region)
                .addValue(after == null ? null : utc(after.at())).addValue(after == null ? null : after.key())
                .addValue(limit + 1);
        return pool.preparedQuery(RESULTS).execute(args).map(rows -> {
            List<ProbeResult> items = new ArrayList<>();
            for (Row row : rows) {
                items.add(result(row));
            }
            String next = null;
            if (items.size() > limit) {
                items = items.subList(0, limit);
                ProbeResult last = items.get(limit - 1);
                next = Paging.encode(last.scheduledAt(), last.region());
            }
            return new Page<>(List.copyOf(items), next);
        });
    }

    /** @param window 24h, 7d, 30d or 90d */
    public Uni<Summary> summary(UUID workspaceId, UUID checkId, String window, Instant now) {
        Instant from = switch (window) {
            case "24h" -> now.minus(24, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
            case "7d" -> now.minus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
            case "30d" -> now.minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
            case "90d" -> now.minus(90, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
            default -> throw new IllegalArgumentException(window);
        };
        String table = "90d".equals(window) ? "day" : "hour";
        return pool.preparedQuery(SUMMARY.formatted(table)).execute(Tuple.of(checkId, workspaceId, utc(from)))
                .map(rows -> {
                    List<Summary.RegionSummary> regions = new ArrayList<>();
                    long[] totals = new long[6];
                    long[] allHist = null;
                    for (Row row : rows) {
                        long[] c = {row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5), row.getLong(6)};
                        long[] hist = LatencyHistogram.merge(null, row.getArrayOfIntegers(7));
                        regions.add(new Summary.RegionSummary(row.getString(0), uptime(c), counts(c), latency(c, hist)));
                        for (int i = 0; i < totals.length; i++) {
                            totals[i] += c[i];
                        }
                        allHist = LatencyHistogram.merge(allHist, row.getArrayOfIntegers(7));
                    }
                    return new Summary(checkId, window, from, now, uptime(totals), counts(totals),
                            latency(totals, allHist), regions);
                });
    }

    /** Up and degraded count as available; missed slots count neither way. Null without data. */
    private static Double uptime(long[] c) {
        long judged = c[0] + c[1] + c[2];
        return judged == 0 ? null : Math.round(100_000.0 * (c[0] + c[1]) / judged) / 1000.0;
    }

    private static Summary.Counts counts(long[] c) {
        return new Summary.Counts(c[0], c[1], c[2], c[3]);
    }

    private static Summary.Latency latency(long[] c, long[] hist) {
        Long avg = c[5] == 0 ? null : Math.round((double) c[4] / c[5]);
        return new Summary.Latency(avg, LatencyHistogram.quantile(hist, 0.50), LatencyHistogram.quantile(hist, 0.95),
                LatencyHistogram.quantile(hist, 0.99));
    }

    private ProbeResult result(Row row) {
        String errorClass = row.getString(8);
        Integer tlsDays = row.getInteger(16);
        return new ProbeResult(row.getLong(0), row.getUUID(1), null, row.getString(2),
                row.getOffsetDateTime(3).toInstant(),
                row.getOffsetDateTime(4) == null ? null : row.getOffsetDateTime(4).toInstant(),
                Outcome.of(row.getString(5)), row.getInteger(6), row.getInteger(7),
                errorClass == null ? null : new ProbeError(ErrorClass.fromWire(errorClass), row.getString(9)),
                new Timings(lng(row.getInteger(10)), lng(row.getInteger(11)), lng(row.getInteger(12)),
                        lng(row.getInteger(13)), lng(row.getInteger(14))),
                assertions(row.getString(15)),
                tlsDays == null ? null : new TlsInfo(tlsDays, row.getString(17), row.getString(18)));
    }

    private List<AssertionResult> assertions(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return mapper.readValue(json, ASSERTIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored assertions are not valid JSON", e);
        }
    }

    private static Long lng(Integer v) {
        return v == null ? null : v.longValue();
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

}

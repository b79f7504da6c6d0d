package io.vigil.result;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.UUID;

/**
 * Recomputes a check's rollups from its raw results, with the same aggregation the ingest statement uses.
 * For repair after manual data surgery, and the proof that incremental maintenance is exact.
 * Buckets older than raw retention keep their incremental values (the raw rows are gone).
 */
@ApplicationScoped
public class ResultRollups {

    @Inject
    Pool pool;

    public Uni<Void> rebuild(UUID checkId) {
        return pool.withTransaction(c -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String unit : List.of("minute", "hour", "day")) {
                String source = "(SELECT * FROM check_results WHERE check_id = $1) raw";
                chain = chain
                        .chain(() -> c.preparedQuery("DELETE FROM rollups_" + unit + " WHERE check_id = $1 AND bucket >= "
                                        + "coalesce((SELECT date_trunc('" + unit + "', min(scheduled_at), 'UTC') FROM check_results WHERE check_id = $1), 'infinity')")
                                .execute(Tuple.of(checkId)))
                        .chain(() -> c.preparedQuery("INSERT INTO rollups_" + unit + " (check_id, region, bucket, workspace_id, up, "
                                        + "degraded, down, missed, latency_sum, latency_count, hist) "
                                        + ResultIngest.rollupSelect(unit, source))
                                .execute(Tuple.of(checkId)))
                        .replaceWithVoid();
            }
            return chain;
        });
    }
}

package io.vigil.verdict;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.core.CheckStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The read model of verdicts for other features: the current status of checks. */
@ApplicationScoped
public class CurrentVerdicts {

    @Inject
    Pool pool;

    /** The current verdict of each of these checks that has one (a check never judged yet has none). */
    public Uni<Map<UUID, CurrentVerdict>> of(List<UUID> checks) {
        return pool.preparedQuery("SELECT check_id, status, failing, changed_at FROM check_verdicts WHERE check_id = ANY($1)")
                .execute(Tuple.of(checks.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, CurrentVerdict> out = new HashMap<>();
                    for (Row r : rows) {
                        out.put(r.getUUID(0), new CurrentVerdict(r.getUUID(0), CheckStatus.of(r.getString(1)), List.of(r.getArrayOfStrings(2)),
                                r.getOffsetDateTime(3).toInstant()));
                    }
                    return out;
                });
    }
}

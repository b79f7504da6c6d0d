package io.vigil.incident;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.check.LatestVerdicts;
import io.vigil.core.CheckStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The stored check-level verdicts ({@code check_verdicts}), read for the status a check shows in the API. */
@ApplicationScoped
public class StoredCheckVerdicts implements LatestVerdicts {

    @Inject
    Pool pool;

    @Override
    public Uni<Map<UUID, Verdict>> of(Collection<UUID> checkIds) {
        if (checkIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("SELECT check_id, status, flapping FROM check_verdicts WHERE check_id = ANY($1)")
                .execute(Tuple.of(checkIds.toArray(UUID[]::new)))
                .map(StoredCheckVerdicts::byCheck);
    }

    @Override
    public Uni<Map<UUID, Verdict>> ofWorkspace(UUID workspaceId) {
        return pool.preparedQuery("SELECT check_id, status, flapping FROM check_verdicts WHERE workspace_id = $1")
                .execute(Tuple.of(workspaceId)).map(StoredCheckVerdicts::byCheck);
    }

    private static Map<UUID, Verdict> byCheck(RowSet<Row> rows) {
        Map<UUID, Verdict> byCheck = new HashMap<>();
        for (Row row : rows) {
            byCheck.put(row.getUUID("check_id"), new Verdict(CheckStatus.of(row.getString("status")), row.getBoolean("flapping")));
        }
        return byCheck;
    }
}

package io.vigil.check;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.UUID;

/**
 * The limits the instance admin set on a workspace's checks (columns of {@code workspaces}, read here by plain SQL so
 * that check needs nothing of the feature that sets them). {@code null}: no limit.
 */
@ApplicationScoped
public class WorkspaceLimits {

    @Inject
    Pool pool;

    /** A workspace's limits on checks. */
    public record Limits(Integer maxChecks, Integer minIntervalSeconds) {

        /** 400 naming {@code intervalSeconds} when the interval is shorter than the workspace allows. */
        void requireInterval(int intervalSeconds) {
            if (minIntervalSeconds != null && intervalSeconds < minIntervalSeconds) {
                throw ApiException.invalid("intervalSeconds", "must be at least " + minIntervalSeconds
                        + " (limit minIntervalSeconds of this workspace)");
            }
        }
    }

    public Uni<Limits> of(UUID workspaceId) {
        return read(pool, workspaceId, "");
    }

    /**
     * Inside a transaction that is about to add a check: locks the workspace row (so concurrent creates count one after
     * another) and fails with a 409 when the workspace already has its maximum.
     */
    Uni<Void> requireRoomForOne(SqlClient tx, UUID workspaceId) {
        return read(tx, workspaceId, " FOR UPDATE").chain(limits -> limits.maxChecks() == null ? Uni.createFrom().voidItem()
                : tx.preparedQuery("SELECT count(*) FROM checks WHERE workspace_id = $1").execute(Tuple.of(workspaceId))
                        .invoke(rows -> {
                            if (rows.iterator().next().getLong(0) >= limits.maxChecks()) {
                                throw ApiException.conflict("limit maxChecks (" + limits.maxChecks() + ") reached: "
                                        + "delete a check or ask the instance admin for more");
                            }
                        }).replaceWithVoid());
    }

    /** Fails with a 409 when {@code more} checks would take the workspace past its maximum (a check before a batch). */
    Uni<Void> requireRoomFor(UUID workspaceId, int more) {
        return read(pool, workspaceId, "").chain(limits -> limits.maxChecks() == null ? Uni.createFrom().voidItem()
                : pool.preparedQuery("SELECT count(*) FROM checks WHERE workspace_id = $1").execute(Tuple.of(workspaceId))
                        .invoke(rows -> {
                            long now = rows.iterator().next().getLong(0);
                            if (now + more > limits.maxChecks()) {
                                throw ApiException.conflict("limit maxChecks (" + limits.maxChecks() + ") leaves room for "
                                        + Math.max(0, limits.maxChecks() - now) + " more checks, not " + more);
                            }
                        }).replaceWithVoid());
    }

    private static Uni<Limits> read(SqlClient client, UUID workspaceId, String lock) {
        return client.preparedQuery("SELECT max_checks, min_interval_seconds FROM workspaces WHERE id = $1" + lock)
                .execute(Tuple.of(workspaceId))
                .map(rows -> rows.size() == 0 ? new Limits(null, null)
                        : new Limits(rows.iterator().next().getInteger(0), rows.iterator().next().getInteger(1)));
    }
}

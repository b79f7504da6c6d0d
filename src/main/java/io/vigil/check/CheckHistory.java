package io.vigil.check;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vigil.auth.Caller;

/**
 * Where a change of a check is recorded (the audit log and the check's revisions), in the transaction of the change;
 * implemented outside check, which knows no other feature.
 */
public interface CheckHistory {

    /** What happened to a check. */
    enum Change {
        CREATED("check.created"), UPDATED("check.updated"), RESTORED("check.restored"), PAUSED("check.paused"),
        RESUMED("check.resumed"), DELETED("check.deleted");

        private final String action;

        Change(String action) {
            this.action = action;
        }

        public String action() {
            return action;
        }

        /** Whether the check's definition after it is kept as a new revision. */
        public boolean newRevision() {
            return this == CREATED || this == UPDATED || this == RESTORED;
        }
    }

    /**
     * Records a change inside the current Hibernate Reactive transaction ({@code Panache.withTransaction}).
     *
     * @param before the check's view before the change, null for a create
     * @param after  its view after, null for a delete
     */
    Uni<Void> inSession(Caller caller, Change change, CheckView before, CheckView after);

    /** Records a change on this Vert.x transaction. */
    Uni<Void> on(SqlClient tx, Caller caller, Change change, CheckView before, CheckView after);
}

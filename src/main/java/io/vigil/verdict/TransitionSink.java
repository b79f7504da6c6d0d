package io.vigil.verdict;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Where verdict hands each transition, once, in order, inside the transaction that records it (so whatever the
 * sink writes commits or fails together with the transition, and is retried with it while the database is away).
 * Implemented by incident: incidents and their notifications. Verdict knows nothing of what follows.
 */
public interface TransitionSink {

    /** Carries out what the transition means, on the connection of the transaction that records it. */
    Uni<Void> accept(SqlConnection conn, Transition transition);
}

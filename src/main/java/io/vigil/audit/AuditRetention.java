package io.vigil.audit;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.ServerOnly;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Forgets audit entries older than {@code vigil.audit.retention}, hourly, on the server only. */
@ApplicationScoped
public class AuditRetention {

    private static final Logger LOG = Logger.getLogger(AuditRetention.class);

    @Inject
    Pool pool;
    @Inject
    Clock clock;
    @Inject
    AuditConfig config;

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = ServerOnly.class)
    Uni<Void> prune() {
        return prune(clock.instant().minus(config.retention()))
                .onFailure().invoke(e -> LOG.debugf(e, "could not prune the audit log"))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Deletes entries before {@code cutoff}; the number deleted. */
    public Uni<Integer> prune(Instant cutoff) {
        return pool.preparedQuery("DELETE FROM audit_events WHERE at < $1")
                .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }
}

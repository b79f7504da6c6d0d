package io.vigil.notify;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.check.CheckRegistry;
import io.vigil.check.CheckSpec;
import io.vigil.db.DatabaseErrors;
import io.vigil.result.NewResult;
import io.vigil.result.ResultConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Warns before a certificate expires: when a check's certificate first has no more days left than a threshold of
 * {@code vigil.notify.certificate-days} (30, 14, 7, 3, 1 by default), one {@code certificate.expiring} per threshold.
 * A renewed certificate (more days than the largest threshold) starts the count again.
 */
@ApplicationScoped
public class CertificateWatch implements ResultConsumer {

    private static final Logger LOG = Logger.getLogger(CertificateWatch.class);

    @Inject
    Pool pool;
    @Inject
    Outbox outbox;
    @Inject
    CheckRegistry registry;
    @Inject
    NotifyConfig config;
    @Inject
    Clock clock;
    @Inject
    io.vigil.VigilConfig vigil;

    /** check → the tightest threshold already warned about. */
    private final Map<UUID, Integer> warned = new ConcurrentHashMap<>();

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (vigil.agentMode()) {
            return;
        }
        VertxContextSupport.subscribeAndAwait(() -> pool.query("SELECT check_id, days FROM certificate_notices").execute()
                .invoke(rows -> rows.forEach(r -> warned.put(r.getUUID(0), r.getInteger(1))))
                .replaceWithVoid());
    }

    /** Looks at the certificates of freshly stored results (a replayed slot is not among them). */
    @Override
    public void stored(List<NewResult> results) {
        for (NewResult r : results) {
            if (r.tlsDaysLeft() != null) {
                observe(r.checkId(), r.region(), r.tlsDaysLeft(), r.tlsSubject());
            }
        }
    }

    synchronized void observe(UUID checkId, String region, int daysLeft, String subject) {
        Integer threshold = threshold(config.certificateDays(), daysLeft);
        Integer before = warned.get(checkId);
        if (threshold == null) {
            if (before != null) {
                warned.remove(checkId);
                write(pool.preparedQuery("DELETE FROM certificate_notices WHERE check_id = $1").execute(Tuple.of(checkId))
                        .replaceWithVoid());
            }
            return;
        }
        CheckSpec check = registry.get(checkId);
        if (check == null || (before != null && before <= threshold)) {
            return;
        }
        warned.put(checkId, threshold);
        Instant now = clock.instant();
        String message = "The certificate" + (subject == null ? "" : " " + subject) + " expires "
                + (daysLeft <= 0 ? "today or has expired" : "in " + daysLeft + (daysLeft == 1 ? " day" : " days")) + ".";
        Notification n = new Notification(Notification.CERTIFICATE_EXPIRING, now, new Notification.Data(Notices.check(check),
                null, List.of(region), null, Notices.links(vigil.publicUrl(), checkId), null, null, message));
        OutboxEvent event = new OutboxEvent(UUID.randomUUID(), check.workspaceId(), checkId, null, n, check.channelIds(), check.tags());
        write(pool.withTransaction(conn -> conn.preparedQuery("""
                        INSERT INTO certificate_notices (check_id, days, notified_at) VALUES ($1, $2, $3)
                        ON CONFLICT (check_id) DO UPDATE SET days = excluded.days, notified_at = excluded.notified_at""")
                .execute(Tuple.of(checkId, threshold, now.atOffset(ZoneOffset.UTC)))
                .chain(() -> outbox.publish(conn, event))));
    }

    /** The smallest threshold at or above {@code daysLeft}, or null when the certificate has more days than all. */
    static Integer threshold(List<Integer> thresholds, int daysLeft) {
        Integer best = null;
        for (int t : thresholds) {
            if (daysLeft <= t && (best == null || t < best)) {
                best = t;
            }
        }
        return best;
    }

    private void write(Uni<Void> write) {
        write.onFailure(DatabaseErrors::isTransient).retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).atMost(20)
                .subscribe().with(x -> { }, e -> LOG.errorf("Could not record a certificate warning: %s", e.getMessage()));
    }
}

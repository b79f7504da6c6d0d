package io.vigil.notify;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.ServerOnly;
import io.vigil.check.CheckRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Reminders while an incident stays open, for channels that ask for them ({@code remindMinutes}): an
 * {@code incident.updated} "still down" to each such channel that was told of the outage, once its last word on that
 * incident is older than its reminder interval. One replica at a time (an advisory lock), so no double reminder.
 */
@ApplicationScoped
public class Reminders {

    private static final Logger LOG = Logger.getLogger(Reminders.class);
    private static final String DUE = """
            SELECT i.id, i.workspace_id, i.check_id, i.title, i.phase, i.started_at, c.id AS channel_id
            FROM incidents i
            JOIN deliveries a ON a.incident_id = i.id AND a.type IN ('incident.opened', 'heartbeat.late') AND a.state = 'delivered'
            JOIN channels c ON c.id = a.channel_id AND c.enabled AND c.remind_minutes IS NOT NULL
            WHERE i.state = 'open'
              AND (SELECT max(l.created_at) FROM deliveries l WHERE l.incident_id = i.id AND l.channel_id = c.id
                     AND l.type IN ('incident.opened', 'heartbeat.late', 'incident.updated'))
                  <= $1::timestamptz - make_interval(mins => c.remind_minutes)
            LIMIT 500""";

    @Inject
    Pool pool;
    @Inject
    Outbox outbox;
    @Inject
    CheckRegistry registry;
    @Inject
    Clock clock;
    @Inject
    io.vigil.VigilConfig vigil;

    @Scheduled(every = "${vigil.notify.reminder-check:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = ServerOnly.class)
    Uni<Void> remind() {
        Instant now = clock.instant();
        return pool.withTransaction(conn -> conn.query("SELECT pg_try_advisory_xact_lock(hashtext('vigil-reminders'))").execute()
                        .chain(lock -> lock.iterator().next().getBoolean(0)
                                ? conn.preparedQuery(DUE).execute(Tuple.of(now.atOffset(ZoneOffset.UTC)))
                                .chain(rows -> {
                                    Uni<Void> chain = Uni.createFrom().voidItem();
                                    for (Row row : rows) {
                                        chain = chain.chain(() -> remind(conn, row, now));
                                    }
                                    return chain;
                                })
                                : Uni.createFrom().voidItem()))
                .onFailure().invoke(e -> LOG.warnf("Reminders skipped this round: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> remind(SqlConnection conn, Row row, Instant now) {
        Instant started = row.getOffsetDateTime("started_at").toInstant();
        Notification.IncidentRef ref = new Notification.IncidentRef(row.getUUID("id"), row.getString("title"), "open",
                row.getString("phase"), started, null);
        String message = "Still down after " + human(Duration.between(started, now)) + ".";
        OutboxEvent event = Notices.incident(Notification.INCIDENT_UPDATED, row.getUUID("workspace_id"),
                row.getUUID("check_id") == null ? null : registry.get(row.getUUID("check_id")), ref, message, now, vigil.publicUrl());
        return outbox.publishTo(conn, event, row.getUUID("channel_id")).replaceWithVoid();
    }

    static String human(Duration d) {
        long minutes = d.toMinutes();
        return minutes < 1 ? d.toSeconds() + " seconds" : minutes < 120 ? minutes + " minutes"
                : minutes / 60 + " h " + minutes % 60 + " min";
    }

}

package io.vigil.notify;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Writes notification events to the outbox inside the caller's transaction (the one that changed the incident), and
 * fans each out into one delivery per channel that wants it. The relay does the sending; nothing is sent from here.
 */
@ApplicationScoped
public class Outbox {

    /**
     * Routing: the check's own channels, else the defaults; plus channels listening to one of its tags; plus the
     * subscribers of every status page showing the check.
     */
    private static final String FAN_OUT = """
            WITH event AS (
                INSERT INTO notification_events (id, workspace_id, type, check_id, incident_id, payload, created_at)
                VALUES ($1, $2, $3, $4, $5,
                        -- links.statusPage: the oldest public page showing the check, if any
                        jsonb_set($6::text::jsonb, '{data,links,statusPage}', coalesce((
                            SELECT to_jsonb($11::text || '/status/' || p.slug)
                            FROM status_page_components sc JOIN status_pages p ON p.id = sc.page_id
                            WHERE sc.check_id = $4 AND p.public ORDER BY p.created_at, p.id LIMIT 1), 'null'::jsonb)),
                        $7) RETURNING id
            )
            INSERT INTO deliveries (id, event_id, channel_id, workspace_id, type, incident_id, state, next_attempt_at,
                                    give_up_at, created_at)
            SELECT gen_random_uuid(), event.id, c.id, $2, $3, $5, 'pending', $7 + delay, $7 + delay + make_interval(secs => $10), $7
            FROM event, channels c,
                 LATERAL (SELECT CASE WHEN $3 IN ('incident.opened', 'heartbeat.late')
                                      THEN make_interval(mins => c.delay_minutes) ELSE interval '0' END AS delay) d
            WHERE c.workspace_id = $2 AND c.enabled AND $3 = ANY (c.events)
              AND CASE WHEN c.page_id IS NULL
                       THEN c.id = ANY ($8::uuid[]) OR c.tags && $9::text[] OR (cardinality($8::uuid[]) = 0 AND c.is_default)
                       -- a page's subscriber: events of what the page shows (its checks, and incidents without a check)
                       ELSE $4::uuid IS NULL OR EXISTS (SELECT 1 FROM status_page_components sc
                                                        WHERE sc.page_id = c.page_id AND sc.check_id = $4) END
              -- a recovery is told only where the outage was (an escalation that never fired stays silent); a page's
              -- subscribers hear every resolution of what the page shows (they may have subscribed during the outage)
              AND ($3 <> 'incident.resolved' OR c.page_id IS NOT NULL OR EXISTS (
                    SELECT 1 FROM deliveries o WHERE o.incident_id = $5 AND o.channel_id = c.id
                      AND o.type IN ('incident.opened', 'heartbeat.late') AND o.state <> 'skipped'))""";
    /** An outage over before its escalation delay: the announcement still waiting is not sent. */
    private static final String SKIP_ESCALATIONS = """
            UPDATE deliveries SET state = 'skipped', finished_at = $2, last_error = 'resolved before the escalation delay'
            WHERE incident_id = $1 AND state = 'pending' AND attempts = 0 AND next_attempt_at > $2
              AND type IN ('incident.opened', 'heartbeat.late')""";
    private static final String DIRECT = """
            WITH event AS (
                INSERT INTO notification_events (id, workspace_id, type, check_id, incident_id, payload, created_at)
                VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7) RETURNING id
            )
            INSERT INTO deliveries (id, event_id, channel_id, workspace_id, type, incident_id, state, next_attempt_at,
                                    give_up_at, created_at)
            SELECT $8, event.id, $9, $2, $3, $5, 'pending', $7, $7 + make_interval(secs => $10), $7 FROM event""";

    @Inject
    Clock clock;
    @Inject
    NotifyConfig config;
    @Inject
    io.vigil.VigilConfig vigil;

    /** Writes the event and its deliveries; call inside the transaction that caused it. */
    public Uni<Void> publish(SqlClient conn, OutboxEvent e) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        Uni<Void> before = Notification.INCIDENT_RESOLVED.equals(e.type()) && e.incidentId() != null
                ? conn.preparedQuery(SKIP_ESCALATIONS).execute(Tuple.of(e.incidentId(), now)).replaceWithVoid()
                : Uni.createFrom().voidItem();
        return before.chain(() -> conn.preparedQuery(FAN_OUT).execute(event(e, now)
                        .addArrayOfUUID(e.channelIds().toArray(UUID[]::new))
                        .addArrayOfString(e.tags().toArray(String[]::new))
                        .addDouble((double) config.giveUpAfter().toSeconds())
                        .addString(vigil.publicUrl())))
                .chain(() -> signal(conn));
    }

    /** Writes an event for exactly one channel, whatever it listens to (a test, a reminder); returns the delivery id. */
    public Uni<UUID> publishTo(SqlClient conn, OutboxEvent e, UUID channelId) {
        UUID delivery = UUID.randomUUID();
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        return conn.preparedQuery(DIRECT).execute(event(e, now).addUUID(delivery).addUUID(channelId)
                        .addDouble((double) config.giveUpAfter().toSeconds()))
                .chain(() -> signal(conn)).replaceWith(delivery);
    }

    /** Wakes the relays of every replica when (and only if) the transaction commits; polling is the fallback. */
    private static Uni<Void> signal(SqlClient conn) {
        return conn.query("NOTIFY " + OutboxWakeups.CHANNEL).execute().replaceWithVoid();
    }

    private static Tuple event(OutboxEvent e, OffsetDateTime now) {
        return Tuple.of(e.id(), e.workspaceId(), e.type()).addUUID(e.checkId()).addUUID(e.incidentId())
                .addString(HttpChannel.json(e.notification())).addOffsetDateTime(now);
    }
}

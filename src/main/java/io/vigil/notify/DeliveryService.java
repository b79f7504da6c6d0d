package io.vigil.notify;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.ApiException;
import io.vigil.api.Page;
import io.vigil.api.Paging;
import io.vigil.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The delivery log of a channel, test sends and re-sends. */
@ApplicationScoped
public class DeliveryService {

    @Inject
    Pool pool;
    @Inject
    ChannelService channels;
    @Inject
    Outbox outbox;
    @Inject
    NotifyConfig config;
    @Inject
    Clock clock;
    @Inject
    io.vigil.VigilConfig vigil;

    /** Drops events older than {@code keep-log} once nothing of them is pending (deliveries and attempts go with them). */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = io.vigil.ServerOnly.class)
    Uni<Void> prune() {
        return pool.preparedQuery("""
                        DELETE FROM notification_events WHERE id IN (
                            SELECT e.id FROM notification_events e WHERE e.created_at < $1
                              AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND d.state = 'pending')
                            LIMIT 10000)""")
                .execute(Tuple.of(ChannelService.utc(clock.instant().minus(config.keepLog()))))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Queues a {@code test} event for this channel alone; the relay sends it like any other. */
    public Uni<Map<String, Object>> test(Caller caller, UUID channelId) {
        return channels.find(caller, channelId).chain(c -> {
            Instant now = clock.instant();
            Notification n = new Notification(Notification.TEST, now, new Notification.Data(null, null, List.of(), null,
                    Notices.links(vigil.publicUrl(), null), null, null,
                    "This is a test notification for channel \"" + c.name() + "\". If you can read it, Vigil can reach you."));
            OutboxEvent event = new OutboxEvent(UUID.randomUUID(), caller.workspaceId(), null, null, n, List.of(), List.of());
            return pool.withTransaction(conn -> outbox.publishTo(conn, event, channelId))
                    .map(delivery -> Map.<String, Object>of("id", delivery, "eventId", event.id(), "state", "pending"));
        });
    }

    public Uni<Page<DeliveryView>> list(Caller caller, UUID channelId, int limit, Paging.Position after) {
        return channels.find(caller, channelId).chain(c -> {
            Tuple args = Tuple.of(channelId, limit + 1);
            String where = "channel_id = $1";
            if (after != null) {
                where += " AND (created_at, id) < ($3, $4)";
                args.addOffsetDateTime(ChannelService.utc(after.at())).addUUID(UUID.fromString(after.key()));
            }
            return pool.preparedQuery("SELECT id, event_id, type, state, attempts, created_at, next_attempt_at, finished_at, "
                            + "last_status, last_error FROM deliveries WHERE " + where + " ORDER BY created_at DESC, id DESC LIMIT $2")
                    .execute(args)
                    .chain(rows -> {
                        List<Row> all = new ArrayList<>();
                        rows.forEach(all::add);
                        List<Row> items = all.size() > limit ? all.subList(0, limit) : all;
                        String next = all.size() > limit ? Paging.encode(instant(items.get(limit - 1).getOffsetDateTime("created_at")),
                                items.get(limit - 1).getUUID("id").toString()) : null;
                        return attempts(items.stream().map(r -> r.getUUID("id")).toArray(UUID[]::new))
                                .map(log -> new Page<>(items.stream().map(r -> view(r, log)).toList(), next));
                    });
        });
    }

    /** Sends a finished delivery again, under the same event id, with a fresh retry schedule. */
    public Uni<DeliveryView> resend(Caller caller, UUID channelId, UUID deliveryId) {
        return channels.find(caller, channelId).chain(c -> {
            if (!c.enabled()) {
                throw ApiException.conflict("channel " + channelId + " is disabled (" + c.disabledReason()
                        + "); enable it with PUT before re-sending");
            }
            Instant now = clock.instant();
            return pool.preparedQuery("UPDATE deliveries SET state = 'pending', next_attempt_at = $3, give_up_at = $4, "
                            + "finished_at = NULL WHERE id = $1 AND channel_id = $2 AND state IN ('failed', 'delivered') "
                            + "RETURNING id")
                    .execute(Tuple.of(deliveryId, channelId, ChannelService.utc(now), ChannelService.utc(now.plus(config.giveUpAfter()))))
                    .chain(rows -> {
                        if (rows.rowCount() == 0) {
                            return pool.preparedQuery("SELECT state FROM deliveries WHERE id = $1 AND channel_id = $2")
                                    .execute(Tuple.of(deliveryId, channelId))
                                    .map(r -> {
                                        if (!r.iterator().hasNext()) {
                                            throw ApiException.notFound("delivery " + deliveryId);
                                        }
                                        throw ApiException.conflict("delivery " + deliveryId + " is "
                                                + r.iterator().next().getString(0) + "; only a delivered or failed one can be sent again");
                                    });
                        }
                        return one(deliveryId);
                    });
        });
    }

    private Uni<DeliveryView> one(UUID id) {
        return pool.preparedQuery("SELECT id, event_id, type, state, attempts, created_at, next_attempt_at, finished_at, "
                        + "last_status, last_error FROM deliveries WHERE id = $1")
                .execute(Tuple.of(id))
                .chain(rows -> attempts(new UUID[]{id}).map(log -> view(rows.iterator().next(), log)));
    }

    private Uni<Map<UUID, List<DeliveryView.AttemptView>>> attempts(UUID[] ids) {
        return pool.preparedQuery("SELECT delivery_id, at, status, latency_ms, response, error FROM delivery_attempts "
                        + "WHERE delivery_id = ANY ($1) ORDER BY at, id")
                .execute(Tuple.of(ids))
                .map(rows -> {
                    Map<UUID, List<DeliveryView.AttemptView>> log = new HashMap<>();
                    rows.forEach(r -> log.computeIfAbsent(r.getUUID(0), k -> new ArrayList<>()).add(new DeliveryView.AttemptView(
                            instant(r.getOffsetDateTime(1)), r.getInteger(2), r.getInteger(3), r.getString(4), r.getString(5))));
                    return log;
                });
    }

    private static DeliveryView view(Row r, Map<UUID, List<DeliveryView.AttemptView>> log) {
        String state = r.getString("state");
        return new DeliveryView(r.getUUID("id"), r.getUUID("event_id"), r.getString("type"), state, r.getInteger("attempts"),
                instant(r.getOffsetDateTime("created_at")),
                "pending".equals(state) ? instant(r.getOffsetDateTime("next_attempt_at")) : null,
                instant(r.getOffsetDateTime("finished_at")), r.getInteger("last_status"), r.getString("last_error"),
                log.getOrDefault(r.getUUID("id"), List.of()));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

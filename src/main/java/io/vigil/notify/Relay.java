package io.vigil.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.VigilConfig;
import io.vigil.db.DatabaseErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers the outbox at least once. Each poll claims due deliveries with {@code FOR UPDATE SKIP LOCKED} (so several
 * replicas share the work) and leases them by moving their due time past the send deadline: a process that dies
 * mid-send leaves them to be sent again after the lease, under the same event id. Sends to one channel are bounded
 * ({@code per-channel-concurrency}) and a channel with sends in flight is not claimed for again, so a hanging receiver
 * only delays itself. Failures retry on {@code vigil.notify.retry-schedule} with jitter, no sooner than a receiver's
 * {@code Retry-After}; a 410, or failing until {@code give-up-after}, disables the channel and tells its owners.
 */
@ApplicationScoped
public class Relay {

    private static final Logger LOG = Logger.getLogger(Relay.class);
    /** PostgreSQL notification channel the outbox signals on commit. */
    private static final String OUTAGE = "('incident.opened', 'heartbeat.late')";

    /** Due deliveries of enabled channels, oldest first; within one incident and channel, strictly in order. */
    private static final String CLAIM = """
            WITH due AS (
                SELECT d.id FROM deliveries d JOIN channels c ON c.id = d.channel_id
                -- a subscriber awaiting its double opt-in is disabled but must get its confirmation request
                WHERE d.state = 'pending' AND d.next_attempt_at <= $1 AND (c.enabled OR d.type = '%3$s')
                  AND NOT (d.channel_id = ANY ($3::uuid[]))
                  AND NOT (d.type IN %1$s AND coalesce(c.hold_until > $1, false))
                  AND NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.channel_id = d.channel_id
                                    AND p.incident_id = d.incident_id AND p.state = 'pending' AND p.seq < d.seq)
                ORDER BY d.next_attempt_at
                LIMIT $4
                FOR UPDATE OF d SKIP LOCKED
            ), claimed AS (
                UPDATE deliveries d SET next_attempt_at = $2, attempts = d.attempts + 1 FROM due WHERE d.id = due.id
                RETURNING d.id, d.event_id, d.channel_id, d.type, d.attempts, d.give_up_at, d.seq
            ), held AS (
                -- grouping starts with the claim: further outage announcements for the channel wait out its window
                UPDATE channels c SET hold_until = $1 + make_interval(secs => coalesce(c.group_seconds, $6))
                WHERE c.type = ANY ($5::text[]) AND coalesce(c.group_seconds, $6) > 0
                  AND c.id IN (SELECT channel_id FROM claimed WHERE type IN %1$s)
            )
            SELECT cl.id AS delivery_id, cl.event_id, cl.type AS event_type, cl.attempts, cl.give_up_at,
                   e.payload::text AS payload, %2$s
            FROM claimed cl JOIN notification_events e ON e.id = cl.event_id JOIN channels c ON c.id = cl.channel_id
            ORDER BY cl.seq""".formatted(OUTAGE, prefixed("c", ChannelService.COLUMNS), Notification.SUBSCRIPTION_CONFIRM);
    private static final String LOG_ATTEMPTS = """
            INSERT INTO delivery_attempts (delivery_id, at, status, latency_ms, response, error)
            SELECT unnest($1::uuid[]), $2, $3, $4, $5, $6""";
    private static final String DELIVERED = """
            UPDATE deliveries SET state = 'delivered', finished_at = $2, last_status = $3, last_error = NULL
            WHERE id = ANY ($1::uuid[])""";
    private static final String RETRY = """
            UPDATE deliveries SET next_attempt_at = $2, last_status = $3, last_error = $4 WHERE id = ANY ($1::uuid[])""";
    private static final String FAILED = """
            UPDATE deliveries SET state = 'failed', finished_at = $2, last_status = $3, last_error = $4
            WHERE id = ANY ($1::uuid[])""";
    private static final String HOLD = "UPDATE channels SET hold_until = $2 WHERE id = $1";

    /** One claimed delivery. */
    record Claimed(UUID id, String eventId, String type, int attempts, Instant giveUpAt, Notification notification,
                   ChannelConfig channel) {
    }

    @Inject
    Pool pool;
    @Inject
    Channels channels;
    @Inject
    ChannelService store;
    @Inject
    NotifyConfig config;
    @Inject
    Clock clock;
    @Inject
    MeterRegistry meters;
    @Inject
    ChannelSwitch switches;
    @Inject
    Vertx vertx;
    @Inject
    VigilConfig vigil;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<UUID, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    /** Polls now; a wake-up during a poll makes it poll once more when done. */
    void wake() {
        if (!config.relay()) {
            return;
        }
        if (!polling.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        claim().onTermination().invoke(() -> {
            polling.set(false);
            if (again.getAndSet(false)) {
                wake();
            }
        }).subscribe().with(x -> { }, e -> { });
    }

    private long pollTimer = -1;

    /** A Vert.x timer, not {@code @Scheduled}: Quarkus's scheduler has a 1 s granularity, the poll is sub-second. */
    void onStart(@Observes StartupEvent event) {
        if (!vigil.agentMode()) {
            pollTimer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> wake());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(pollTimer);
    }

    private Uni<Void> claim() {
        int free = config.concurrency() - inFlight.get();
        if (free <= 0) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        // A channel's claimed sends run at most per-channel-concurrency at a time: the lease covers the wait too,
        // plus one more deadline to record the outcome. A process that dies leaves them due again after it.
        long rounds = 2 + (free + config.perChannelConcurrency() - 1) / config.perChannelConcurrency();
        Instant lease = now.plus(config.timeout().multipliedBy(rounds + 1));
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(utc(now), utc(lease), full(), free).addArrayOfString(groupingTypes())
                        .addDouble((double) config.groupWindow().toSeconds()))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    rows.forEach(row -> claimed.add(claimed(row)));
                    return claimed;
                })
                .invoke(this::dispatch)
                .onFailure().invoke(e -> LOG.warnf("Notification relay could not claim deliveries: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Channel types that gather outage announcements into one message. */
    private String[] groupingTypes() {
        return channels.types().stream().filter(t -> channels.get(t).groups()).toArray(String[]::new);
    }

    /** Channels whose lane is full: not claimed for this round. */
    private UUID[] full() {
        return lanes.entrySet().stream().filter(e -> e.getValue().full()).map(Map.Entry::getKey).toArray(UUID[]::new);
    }

    private Claimed claimed(Row row) {
        try {
            return new Claimed(row.getUUID("delivery_id"), row.getUUID("event_id").toString(), row.getString("event_type"),
                    row.getInteger("attempts"), row.getOffsetDateTime("give_up_at").toInstant(),
                    HttpChannel.JSON.readValue(row.getString("payload"), Notification.class), store.config(row));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored notification is not readable", e);
        }
    }

    /** Per channel: group what may be grouped, then queue it on the channel's lane. */
    private void dispatch(List<Claimed> claimed) {
        Map<UUID, List<Claimed>> byChannel = new LinkedHashMap<>();
        claimed.forEach(c -> byChannel.computeIfAbsent(c.channel().id(), k -> new ArrayList<>()).add(c));
        byChannel.forEach((channelId, list) -> {
            Channel channel = channels.get(list.get(0).channel().type());
            List<List<Claimed>> messages = channel != null && channel.groups() ? grouped(list) : list.stream().map(List::of).toList();
            inFlight.addAndGet(messages.size());
            // queued under the map's lock, so an idle lane being dropped (see Lane.finished) never loses them
            Lane lane = lanes.compute(channelId, (id, existing) -> {
                Lane l = existing == null ? new Lane(id, channel) : existing;
                l.queue(messages);
                return l;
            });
            lane.pump();
        });
    }

    /**
     * One channel's sends: at most per-channel-concurrency at a time, the rest queued in claim order. A full lane is
     * not claimed for, so a hanging receiver holds its own slots and nobody else's.
     */
    private final class Lane {
        private final UUID channelId;
        private final Channel channel;
        private final java.util.ArrayDeque<List<Claimed>> queue = new java.util.ArrayDeque<>();
        private int running;

        Lane(UUID channelId, Channel channel) {
            this.channelId = channelId;
            this.channel = channel;
        }

        /** Full once a second round is queued behind the sends in flight, so a finished send never waits for a claim. */
        synchronized boolean full() {
            return running + queue.size() >= 2 * config.perChannelConcurrency();
        }

        synchronized void queue(List<List<Claimed>> messages) {
            queue.addAll(messages);
        }

        synchronized boolean idle() {
            return running == 0 && queue.isEmpty();
        }

        synchronized void pump() {
            while (running < config.perChannelConcurrency() && !queue.isEmpty()) {
                List<Claimed> message = queue.poll();
                running++;
                send(channel, message).onTermination().invoke(this::finished)
                        .subscribe().with(x -> { }, e -> LOG.errorf(e, "Notification relay failed on a send"));
            }
        }

        private void finished() {
            boolean refill;
            synchronized (this) {
                running--;
                inFlight.decrementAndGet();
                pump();
                refill = queue.size() < config.perChannelConcurrency();
            }
            // an idle lane is dropped (channels come and go: a status page's subscribers are channels too)
            lanes.computeIfPresent(channelId, (id, lane) -> lane == this && idle() ? null : lane);
            if (refill) {
                wake();   // claim this lane's next round now rather than at the next poll
            }
        }
    }

    /** Outage announcements claimed together leave as one message, and so do recoveries; the rest one by one. */
    static List<List<Claimed>> grouped(List<Claimed> list) {
        List<Claimed> outages = new ArrayList<>();
        List<Claimed> recoveries = new ArrayList<>();
        List<List<Claimed>> messages = new ArrayList<>();
        for (Claimed c : list) {
            if (c.notification().announcesOutage()) {
                outages.add(c);
            } else if (Notification.INCIDENT_RESOLVED.equals(c.type())) {
                recoveries.add(c);
            } else {
                messages.add(List.of(c));
            }
        }
        if (!outages.isEmpty()) {
            messages.add(0, outages);
        }
        if (!recoveries.isEmpty()) {
            messages.add(recoveries);
        }
        return messages;
    }

    private Uni<Void> send(Channel channel, List<Claimed> group) {
        Claimed first = group.get(0);
        Message message = new Message(first.eventId(), group.stream().map(Claimed::notification).toList());
        Uni<Attempt> attempt = channel == null
                ? Uni.createFrom().item(Attempt.failed(null, 0, null, "no channel type " + first.channel().type()))
                : Uni.createFrom().deferred(() -> channel.send(first.channel().typeSettings(), message))
                .onFailure().recoverWithItem(e -> Attempt.failed(null, 0, null, "send failed: " + e.getMessage()));
        return attempt.call(a -> record(group, a)
                        .onFailure(DatabaseErrors::isTransient).retry().withBackOff(Duration.ofMillis(250), Duration.ofSeconds(5))
                        .atMost(8))
                .invoke(a -> count(first.channel(), a))
                .onFailure().invoke(e -> {
                    if (DatabaseErrors.isForeignKeyViolation(e)) {
                        // the channel (a subscriber who just unsubscribed, say) was deleted while this was being sent
                        LOG.debugf("Delivery to deleted channel %s not recorded", first.channel().id());
                    } else {
                        LOG.errorf("Could not record a delivery to channel %s (it will be sent again after its lease, "
                                + "with the same id): %s", first.channel().id(), e.getMessage());
                    }
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> record(List<Claimed> group, Attempt a) {
        Instant now = clock.instant();
        UUID[] ids = group.stream().map(Claimed::id).toArray(UUID[]::new);
        Claimed first = group.get(0);
        ChannelConfig channel = first.channel();
        Tuple log = Tuple.of(ids, utc(now)).addInteger(a.status()).addInteger((int) Math.min(Integer.MAX_VALUE, a.latencyMs()))
                .addString(a.response()).addString(a.error());
        String disableReason = null;
        String statement;
        Tuple args;
        if (a.ok()) {
            statement = DELIVERED;
            args = Tuple.of(ids, utc(now)).addInteger(a.status());
        } else {
            Instant next = now.plus(delay(first.attempts(), a.retryAfter()));
            if (a.gone()) {
                disableReason = "the receiver answered 410 Gone";
            } else if (next.isAfter(first.giveUpAt())) {
                disableReason = "deliveries failed for " + human(config.giveUpAfter()) + " (last: " + a.error() + ")";
            }
            statement = disableReason == null ? RETRY : FAILED;
            args = Tuple.of(ids, utc(disableReason == null ? next : now)).addInteger(a.status()).addString(a.error());
        }
        String reason = disableReason;
        return pool.withTransaction(conn -> conn.preparedQuery(LOG_ATTEMPTS).execute(log)
                        .chain(() -> conn.preparedQuery(statement).execute(args))
                        .chain(() -> reason == null ? Uni.createFrom().voidItem() : switches.disable(conn, channel, reason)))
                .invoke(() -> {
                    if (reason != null) {
                        switches.announce(channel, reason);
                    }
                });
    }

    /** The delay after the n-th failed attempt: the schedule's n-th entry (the last one repeats), ±10 %. */
    Duration delay(int attempts, Duration retryAfter) {
        List<Duration> schedule = config.retrySchedule();
        Duration base = schedule.get(Math.min(Math.max(attempts, 1), schedule.size()) - 1);
        long jittered = (long) (base.toMillis() * ThreadLocalRandom.current().nextDouble(0.9, 1.1));
        Duration d = Duration.ofMillis(jittered);
        return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
    }

    private void count(ChannelConfig channel, Attempt a) {
        meters.counter("vigil_notifications_sent_total", "type", channel.type(), "outcome", a.ok() ? "delivered" : "failed")
                .increment();
        Timer.builder("vigil_notification_send_seconds").tag("type", channel.type()).register(meters)
                .record(Duration.ofMillis(a.latencyMs()));
    }

    private static String human(Duration d) {
        return d.toHours() >= 1 ? d.toHours() + " h" : d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    private static String prefixed(String alias, String columns) {
        StringBuilder out = new StringBuilder();
        for (String c : columns.split(",")) {
            out.append(out.isEmpty() ? "" : ", ").append(alias).append('.').append(c.trim());
        }
        return out.toString();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}

package io.vigil.statuspage.subscribe;

import io.vigil.db.DatabaseErrors;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.ServerOnly;
import io.vigil.api.ApiException;
import io.vigil.api.FieldError;
import io.vigil.api.Page;
import io.vigil.api.Paging;
import io.vigil.auth.Caller;
import io.vigil.notify.Channel;
import io.vigil.notify.ChannelConfig;
import io.vigil.notify.ChannelService;
import io.vigil.notify.ChannelSettings;
import io.vigil.notify.Channels;
import io.vigil.notify.Notification;
import io.vigil.notify.Outbox;
import io.vigil.notify.OutboxEvent;
import io.vigil.statuspage.StatusPageService;
import io.vigil.statuspage.StatusSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
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

/**
 * Visitors' subscriptions to a status page. Each is a channel the page owns, delivered by the notification outbox like
 * any other: e-mail after a double opt-in (the confirmation request goes through the outbox too, so a down SMTP server
 * only delays it), webhooks at once with a signing secret shown once. Subscribers receive the incidents the page shows
 * (its checks' and those without a check): opened, updated, resolved. Addresses are encrypted at rest like channel
 * secrets; a keyed hash finds one again. Unconfirmed subscriptions are deleted after {@link SubscriberTokens#CONFIRM_WITHIN}.
 */
@ApplicationScoped
public class Subscriptions {

    private static final Logger LOG = Logger.getLogger(Subscriptions.class);
    static final List<String> EVENTS = List.of(Notification.INCIDENT_OPENED, Notification.HEARTBEAT_LATE,
            Notification.INCIDENT_UPDATED, Notification.INCIDENT_RESOLVED);
    /** A pending address asked for again gets a new confirmation request at most this often. */
    static final Duration RESEND_AFTER = Duration.ofMinutes(10);
    static final String AWAITING = "awaiting confirmation";

    @Inject
    Pool pool;
    @Inject
    ChannelService channelService;
    @Inject
    Channels channels;
    @Inject
    Outbox outbox;
    @Inject
    SubscriberTokens tokens;
    @Inject
    SubscriberLinks links;
    @Inject
    StatusPageService pages;
    @Inject
    Clock clock;

    /** A webhook subscription just made: its secret is shown this once. */
    public record WebhookSubscription(UUID id, String url, String secret, String unsubscribeUrl) {
    }

    /**
     * Asks an address to confirm its subscription, unless it is subscribed already or was asked within
     * {@link #RESEND_AFTER}. The visitor is told the same thing in every case, so nobody learns who is subscribed.
     * A malformed address is a 400 naming {@code email}.
     */
    public Uni<Void> subscribeEmail(StatusSnapshot.PageInfo page, String address) {
        ChannelSettings settings = validated(SubscriberEmailChannel.TYPE, ChannelSettings.of(SubscriberEmailChannel.EMAIL, address));
        String email = settings.text(SubscriberEmailChannel.EMAIL);
        String key = tokens.subscriberKey(page.id(), "email", email);
        Instant now = clock.instant();
        return pool.withTransaction(conn -> conn.preparedQuery(
                                "SELECT id, enabled, updated_at FROM channels WHERE page_id = $1 AND subscriber_key = $2 FOR UPDATE")
                        .execute(Tuple.of(page.id(), key))
                        .chain(rows -> {
                            if (!rows.iterator().hasNext()) {
                                UUID id = UUID.randomUUID();
                                return channelService.insertOwned(conn, subscriber(id, page, SubscriberEmailChannel.TYPE, settings,
                                                false, now), page.id(), key, null)
                                        .chain(() -> askToConfirm(conn, page, id, now));
                            }
                            var row = rows.iterator().next();
                            // unconfirmed, or disabled after deliveries failed for good: a (new) confirmation revives it
                            boolean active = row.getBoolean("enabled");
                            boolean askedLately = row.getOffsetDateTime("updated_at").toInstant().isAfter(now.minus(RESEND_AFTER));
                            if (active || askedLately) {
                                return Uni.createFrom().voidItem();
                            }
                            UUID id = row.getUUID("id");
                            return conn.preparedQuery("UPDATE channels SET updated_at = $2 WHERE id = $1")
                                    .execute(Tuple.of(id, utc(now))).chain(() -> askToConfirm(conn, page, id, now));
                        }))
                // the same address, twice at once: the other request won, which is all this one wanted
                .onFailure(DatabaseErrors::isUniqueViolation).recoverWithNull();
    }

    /** Subscribes a webhook at once (409 when this URL is subscribed already; 400 naming {@code webhookUrl} when malformed). */
    public Uni<WebhookSubscription> subscribeWebhook(StatusSnapshot.PageInfo page, String url) {
        ChannelSettings settings = validated(SubscriberWebhookChannel.TYPE, ChannelSettings.of(SubscriberWebhookChannel.URL, url));
        String normalized = settings.text(SubscriberWebhookChannel.URL);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        ChannelConfig c = subscriber(id, page, SubscriberWebhookChannel.TYPE, settings, true, now);
        String key = tokens.subscriberKey(page.id(), "webhook", normalized);
        // one disabled after deliveries failed for good is replaced (with a new secret); an active one is a 409
        return pool.withTransaction(conn -> conn.preparedQuery(
                                "DELETE FROM channels WHERE page_id = $1 AND subscriber_key = $2 AND NOT enabled RETURNING id")
                        .execute(Tuple.of(page.id(), key))
                        .invoke(rows -> rows.forEach(r -> channelService.evict(List.of(r.getUUID(0)))))
                        .chain(() -> channelService.insertOwned(conn, c, page.id(), key, now)))
                .onFailure(DatabaseErrors::isUniqueViolation).transform(e -> ApiException.conflict(
                        "This webhook URL is subscribed to this page already. To start over, unsubscribe it first with the "
                                + "link in its deliveries (meta.unsubscribe)."))
                .map(x -> new WebhookSubscription(id, normalized, settings.text(SubscriberWebhookChannel.SECRET),
                        links.unsubscribeUrl(links.pageUrl(page), id)));
    }

    /**
     * Confirms an e-mail subscription; false when the link is not valid (any more) or the subscription is gone. By id
     * alone (the token names it): links keep working when the page's slug changes.
     */
    public Uni<Boolean> confirm(UUID id, String token) {
        Instant now = clock.instant();
        if (!tokens.validConfirm(id, token, now)) {
            return Uni.createFrom().item(false);
        }
        return pool.preparedQuery("""
                        UPDATE channels SET enabled = true, disabled_reason = NULL, confirmed_at = coalesce(confirmed_at, $2),
                                            updated_at = $2
                        WHERE id = $1 AND page_id IS NOT NULL""")
                .execute(Tuple.of(id, utc(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Ends a subscription; true when the link is valid, whether or not the subscription was still there. */
    public Uni<Boolean> unsubscribe(UUID id, String token) {
        if (!tokens.validUnsubscribe(id, token)) {
            return Uni.createFrom().item(false);
        }
        return pool.preparedQuery("DELETE FROM channels WHERE id = $1 AND page_id IS NOT NULL").execute(Tuple.of(id))
                .invoke(() -> channelService.evict(List.of(id)))
                .replaceWith(true);
    }

    /** The page a subscription belongs to, if it still exists. */
    public Uni<java.util.Optional<UUID>> pageOf(UUID id) {
        return pool.preparedQuery("SELECT page_id FROM channels WHERE id = $1 AND page_id IS NOT NULL").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? java.util.Optional.of(rows.iterator().next().getUUID(0))
                        : java.util.Optional.<UUID>empty());
    }

    /** A page's subscribers, newest first, as its owners see them (404 for a page of another workspace). */
    public Uni<Page<SubscriberView>> list(Caller caller, UUID pageId, int limit, Paging.Position after) {
        Tuple args = Tuple.of(caller.workspaceId(), pageId, limit + 1);
        String where = "workspace_id = $1 AND page_id = $2";
        if (after != null) {
            where += " AND (created_at, id) < ($4, $5)";
            args.addOffsetDateTime(utc(after.at())).addUUID(UUID.fromString(after.key()));
        }
        String query = "SELECT " + ChannelService.COLUMNS + ", confirmed_at FROM channels WHERE " + where
                + " ORDER BY created_at DESC, id DESC LIMIT $3";
        return pages.get(caller, pageId).chain(page -> pool.preparedQuery(query).execute(args)).map(rows -> {
            List<SubscriberView> all = new ArrayList<>();
            rows.forEach(row -> all.add(SubscriberView.of(channelService.config(row), row.getOffsetDateTime("confirmed_at"))));
            List<SubscriberView> items = all.size() > limit ? all.subList(0, limit) : all;
            String next = all.size() > limit
                    ? Paging.encode(items.get(limit - 1).createdAt(), items.get(limit - 1).id().toString()) : null;
            return new Page<>(List.copyOf(items), next);
        });
    }

    /** Removes a subscriber (a visitor's request to its page's owners, say); 404 when it is not this page's. */
    public Uni<Void> remove(Caller caller, UUID pageId, UUID id) {
        return pool.preparedQuery("DELETE FROM channels WHERE id = $1 AND page_id = $2 AND workspace_id = $3")
                .execute(Tuple.of(id, pageId, caller.workspaceId()))
                .invoke(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.notFound("subscriber " + id);
                    }
                    channelService.evict(List.of(id));
                })
                .replaceWithVoid();
    }

    /** Unconfirmed subscriptions whose link has expired are forgotten, address and all. */
    @Scheduled(every = "1h", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = ServerOnly.class)
    Uni<Void> prune() {
        // updated_at: when the latest confirmation request was made (asking again renews it)
        return pool.preparedQuery("""
                        DELETE FROM channels WHERE page_id IS NOT NULL AND confirmed_at IS NULL AND NOT enabled
                          AND updated_at < $1 RETURNING id""")
                .execute(Tuple.of(utc(clock.instant().minus(SubscriberTokens.CONFIRM_WITHIN))))
                .invoke(rows -> {
                    List<UUID> gone = new ArrayList<>();
                    rows.forEach(r -> gone.add(r.getUUID(0)));
                    channelService.evict(gone);
                    if (rows.rowCount() > 0) {
                        LOG.infof("Forgot %d unconfirmed status page subscriptions", rows.rowCount());
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("Could not prune unconfirmed subscriptions: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> askToConfirm(SqlClient conn, StatusSnapshot.PageInfo page, UUID subscription, Instant now) {
        Notification n = new Notification(Notification.SUBSCRIPTION_CONFIRM, now, new Notification.Data(null, null,
                List.of(), null, null, null, null, "Confirm the subscription to " + page.title()));
        return outbox.publishTo(conn, new OutboxEvent(UUID.randomUUID(), page.workspaceId(), null, null, n, List.of(),
                List.of()), subscription).replaceWithVoid();
    }

    /** The type's own checks and normalization; a problem is a 400 naming the public field. */
    private ChannelSettings validated(String type, ChannelSettings settings) {
        List<FieldError> errors = new ArrayList<>();
        channels.validate(channels.get(type), settings, errors);
        if (!errors.isEmpty()) {
            String field = SubscriberWebhookChannel.TYPE.equals(type) ? "webhookUrl" : "email";
            throw ApiException.invalid(errors.stream().map(e -> new FieldError(field, e.message())).toList());
        }
        return settings;
    }

    private ChannelConfig subscriber(UUID id, StatusSnapshot.PageInfo page, String type, ChannelSettings settings,
                                     boolean enabled, Instant now) {
        Channel channel = channels.get(type);
        Map<String, Object> all = new LinkedHashMap<>(settings.asMap());
        all.put(SubscriberLinks.PAGE, page.id().toString());
        all.put(SubscriberLinks.SUBSCRIPTION, id.toString());
        return new ChannelConfig(id, page.workspaceId(), type, "Subscriber of status page " + page.slug(), false, EVENTS,
                List.of(), 0, null, null, ChannelService.settings(channel, all, false), ChannelService.settings(channel, all, true),
                enabled, enabled ? null : AWAITING, now, now);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}

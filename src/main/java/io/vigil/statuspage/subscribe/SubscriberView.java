package io.vigil.statuspage.subscribe;

import io.vigil.notify.ChannelConfig;
import io.vigil.notify.ChannelView;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A page's subscriber as its owners see it. An e-mail address is shown whole (the owners answer for it, and find it
 * to remove it on request); a webhook URL only by scheme and host, since it may carry a token.
 *
 * @param type      {@code email} or {@code webhook}
 * @param confirmed false while an e-mail address has not opened its confirmation link
 * @param enabled   false while unconfirmed, or after deliveries failed for good (then {@code disabledReason} says why)
 */
public record SubscriberView(UUID id, String type, String address, boolean confirmed, Instant confirmedAt, boolean enabled,
                             String disabledReason, Instant createdAt) {

    static SubscriberView of(ChannelConfig c, OffsetDateTime confirmedAt) {
        boolean email = SubscriberEmailChannel.TYPE.equals(c.type());
        String address = email ? String.valueOf(c.secrets().get(SubscriberEmailChannel.EMAIL))
                : ChannelView.mask(String.valueOf(c.secrets().get(SubscriberWebhookChannel.URL)));
        return new SubscriberView(c.id(), email ? "email" : "webhook", address, confirmedAt != null,
                confirmedAt == null ? null : confirmedAt.toInstant(), c.enabled(), c.disabledReason(), c.createdAt());
    }
}

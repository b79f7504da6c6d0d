package io.vigil.statuspage.subscribe;

import io.smallrye.mutiny.Uni;
import io.vigil.VigilConfig;
import io.vigil.notify.ChannelSettings;
import io.vigil.statuspage.StatusSnapshot;
import io.vigil.statuspage.StatusSnapshots;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/** Where a subscriber's messages point: the page, the confirmation link, the unsubscribe link. */
@ApplicationScoped
public class SubscriberLinks {

    /** Settings of a subscriber channel that are not secret: the page and the subscription's own id. */
    static final String PAGE = "page";
    static final String SUBSCRIPTION = "subscription";

    @Inject
    VigilConfig vigil;
    @Inject
    SubscriberTokens tokens;
    @Inject
    StatusSnapshots snapshots;
    @Inject
    Clock clock;

    /** The page a subscriber channel belongs to, as its messages speak of it; empty when the page is gone. */
    Uni<Optional<SubscriberMessages.PageFacts>> page(ChannelSettings settings) {
        return snapshots.byId(UUID.fromString(settings.text(PAGE)))
                .map(found -> found.map(s -> new SubscriberMessages.PageFacts(s, pageUrl(s.page()))));
    }

    String pageUrl(StatusSnapshot.PageInfo page) {
        return vigil.publicUrl() + "/status/" + page.slug();
    }

    String confirmUrl(SubscriberMessages.PageFacts page, UUID subscription) {
        return page.url() + "/subscriptions/" + subscription + "/confirm?token=" + tokens.confirm(subscription, clock.instant());
    }

    String unsubscribeUrl(String pageUrl, UUID subscription) {
        return pageUrl + "/subscriptions/" + subscription + "/unsubscribe?token=" + tokens.unsubscribe(subscription);
    }

    static UUID subscription(ChannelSettings settings) {
        return UUID.fromString(settings.text(SUBSCRIPTION));
    }
}

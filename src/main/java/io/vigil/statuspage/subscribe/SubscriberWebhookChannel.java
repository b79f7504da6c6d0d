package io.vigil.statuspage.subscribe;

import io.smallrye.mutiny.Uni;
import io.vigil.api.FieldError;
import io.vigil.egress.OutboundRequest;
import io.vigil.notify.Attempt;
import io.vigil.notify.ChannelSettings;
import io.vigil.notify.ChannelType;
import io.vigil.notify.HttpChannel;
import io.vigil.notify.Message;
import io.vigil.notify.Setting;
import io.vigil.notify.webhook.WebhookChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * A visitor who subscribed to a status page with a webhook: one signed POST per incident update (Standard Webhooks
 * headers, the secret shown once at subscription), its body shaped like Atlassian Statuspage's incident webhooks. Sent
 * through the guarded egress client like every webhook, so it cannot reach private addresses.
 */
@ApplicationScoped
@ChannelType(SubscriberWebhookChannel.TYPE)
public class SubscriberWebhookChannel extends HttpChannel {

    public static final String TYPE = "page-webhook";
    static final String URL = "url";
    static final String SECRET = "secret";
    static final int MAX_URL = 2000;

    @Inject
    SubscriberLinks links;

    @Override
    public List<Setting> settings() {
        return List.of(Setting.requiredSecret(URL), Setting.requiredSecret(SECRET),
                Setting.required(SubscriberLinks.PAGE, Setting.Kind.TEXT),
                Setting.required(SubscriberLinks.SUBSCRIPTION, Setting.Kind.TEXT));
    }

    @Override
    public void validate(ChannelSettings settings, List<FieldError> errors) {
        String url = settings.text(URL);
        if (url == null) {
            errors.add(new FieldError(URL, "is required"));
        } else if (url.length() > MAX_URL) {
            errors.add(new FieldError(URL, "must be at most " + MAX_URL + " characters"));
            return;
        }
        int before = errors.size();
        requireHttpUrl(settings, URL, errors);
        if (errors.size() == before && url != null) {
            settings.put(URL, normalized(java.net.URI.create(settings.text(URL))));
        }
        if (!settings.has(SECRET)) {
            settings.put(SECRET, WebhookChannel.newSecret());
        }
    }

    /** One spelling per address, so one receiver is one subscription: scheme and host in lower case, no default port. */
    static String normalized(java.net.URI url) {
        String scheme = url.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = url.getPort() == ("https".equals(scheme) ? 443 : 80) ? -1 : url.getPort();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return scheme + "://" + url.getHost().toLowerCase(java.util.Locale.ROOT) + (port < 0 ? "" : ":" + port) + path
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    }

    @Override
    public boolean internal() {
        return true;
    }

    @Override
    public boolean groups() {
        return false;
    }

    @Override
    public OutboundRequest request(ChannelSettings settings, Message message) {
        throw new UnsupportedOperationException("built in send(), which reads the page first");
    }

    @Override
    public Uni<Attempt> send(ChannelSettings settings, Message message) {
        return links.page(settings).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(Attempt.failed(null, 0, null, "the status page no longer exists"));
            }
            SubscriberMessages.PageFacts page = found.get();
            String unsubscribe = links.unsubscribeUrl(page.url(), SubscriberLinks.subscription(settings));
            String body = json(SubscriberMessages.webhook(page, message.first(), unsubscribe));
            return send(WebhookChannel.signed(ChannelSettings.of(URL, settings.text(URL), SECRET, settings.text(SECRET)),
                    message.id(), clock.instant().getEpochSecond(), body));
        });
    }
}

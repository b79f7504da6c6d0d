package io.vigil.notify.webhook;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import io.vigil.api.FieldError;
import io.vigil.auth.Secrets;
import io.vigil.egress.OutboundRequest;
import io.vigil.check.HeaderRules;
import io.vigil.notify.ChannelSettings;
import io.vigil.notify.ChannelType;
import io.vigil.notify.HttpChannel;
import io.vigil.notify.Message;
import io.vigil.notify.Setting;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A signed webhook following Standard Webhooks (standardwebhooks.com): {@code webhook-id} (the event id, the same on
 * every retry), {@code webhook-timestamp} and {@code webhook-signature} (HMAC-SHA256 over "id.timestamp.body"). While
 * a secret is being rotated ({@code previousSecret} set), both signatures are sent, space-separated.
 * Never grouped: each event is one request that machines can deduplicate on its id.
 */
@ApplicationScoped
@ChannelType("webhook")
public class WebhookChannel extends HttpChannel {

    static final Pattern SECRET = Pattern.compile("whsec_[A-Za-z0-9+/]{32,}={0,2}");

    @Override
    public List<Setting> settings() {
        return List.of(Setting.required("url", Setting.Kind.TEXT), Setting.optionalSecret("secret"),
                Setting.optionalSecret("previousSecret"), Setting.optional("headers", Setting.Kind.TEXT_MAP));
    }

    @Override
    public void validate(ChannelSettings settings, List<FieldError> errors) {
        requireHttpUrl(settings, "url", errors);
        for (String name : List.of("secret", "previousSecret")) {
            String secret = settings.text(name);
            if (secret != null && !validSecret(secret)) {
                errors.add(new FieldError(name, "must be whsec_ followed by the base64 of 24 to 64 random bytes"));
            }
        }
        if (!settings.has("secret")) {
            settings.put("secret", newSecret());
        }
        Map<String, String> headers = settings.textMap("headers");
        HeaderRules.validate(headers, "headers", errors);
        headers.keySet().stream().filter(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("webhook-"))
                .forEach(h -> errors.add(new FieldError("headers." + h, "cannot be set: the signature headers are Vigil's")));
    }

    @Override
    public boolean groups() {
        return false;
    }

    @Override
    public OutboundRequest request(ChannelSettings settings, Message message) {
        return signed(settings, message.id(), clock.instant().getEpochSecond(), json(message.first()));
    }

    /** The request for one event at one Unix time. Pure: what receivers verify. */
    public static OutboundRequest signed(ChannelSettings settings, String id, long timestamp, String body) {
        List<String> signatures = new ArrayList<>();
        signatures.add(sign(settings.text("secret"), id, timestamp, body));
        if (settings.has("previousSecret")) {
            signatures.add(sign(settings.text("previousSecret"), id, timestamp, body));
        }
        Map<String, String> headers = new LinkedHashMap<>(settings.textMap("headers"));
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", String.join(" ", signatures));
        headers.put("Content-Type", "application/json");
        return new OutboundRequest("POST", java.net.URI.create(settings.text("url")), headers, body, null, false, 0, 0);
    }

    static String sign(String secret, String id, long timestamp, String body) {
        try {
            return new Webhook(secret).sign(id, timestamp, body);
        } catch (WebhookSigningException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    static boolean validSecret(String secret) {
        if (!SECRET.matcher(secret).matches()) {
            return false;
        }
        try {
            int bytes = Base64.getDecoder().decode(secret.substring("whsec_".length())).length;
            return bytes >= 24 && bytes <= 64;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code whsec_} and the base64 of 32 random bytes. */
    public static String newSecret() {
        return "whsec_" + Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(Secrets.newToken("")));
    }
}

package io.vigil.notify.ntfy;

import io.vigil.api.FieldError;
import io.vigil.egress.OutboundRequest;
import io.vigil.notify.ChannelSettings;
import io.vigil.notify.ChannelType;
import io.vigil.notify.HttpChannel;
import io.vigil.notify.Message;
import io.vigil.notify.Messages;
import io.vigil.notify.Notification;
import io.vigil.notify.Setting;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ntfy (ntfy.sh or a self-hosted server): a push to the phones and desktops subscribed to one topic. Published as
 * JSON to the server's root ({@code {"topic", "title", "message", "priority", "tags", "click", "actions"}}), which
 * keeps non-ASCII titles intact (headers would need RFC 2047). The title's emoji leads as ntfy's tag emoji; the
 * notification opens the check in Vigil. Protected topics take an access token ({@code Authorization: Bearer}) or a
 * user name and password (Basic). People read it, so outages arriving together are grouped into one push.
 */
@ApplicationScoped
@ChannelType("ntfy")
public class NtfyChannel extends HttpChannel {

    /** ntfy's topic names. */
    static final Pattern TOPIC = Pattern.compile("[-_A-Za-z0-9]{1,64}");
    /** ntfy turns longer messages into attachments. */
    static final int MAX_MESSAGE_BYTES = 4096;

    @Override
    public List<Setting> settings() {
        return List.of(Setting.required("url", Setting.Kind.TEXT), Setting.optionalSecret("token"),
                Setting.optional("username", Setting.Kind.TEXT), Setting.optionalSecret("password"),
                Setting.optional("priority", Setting.Kind.INTEGER));
    }

    @Override
    public void validate(ChannelSettings settings, List<FieldError> errors) {
        int before = errors.size();
        requireHttpUrl(settings, "url", errors);
        if (errors.size() == before && settings.has("url")) {
            URI url = URI.create(settings.text("url"));
            if (url.getRawQuery() != null || url.getRawFragment() != null || topic(url) == null) {
                errors.add(new FieldError("url", "must be the URL of a topic, such as https://ntfy.sh/mytopic (topic names "
                        + "are 1 to 64 letters, digits, - and _)"));
            }
        }
        if (settings.has("token") && (settings.has("username") || settings.has("password"))) {
            errors.add(new FieldError("token", "cannot be combined with username and password: use one or the other "
                    + "(to replace a stored token, send \"token\": null)"));
        } else if (settings.has("username") && !settings.has("password")) {
            errors.add(new FieldError("password", "is required with username"));
        } else if (settings.has("password") && !settings.has("username")) {
            errors.add(new FieldError("username", "is required with password"));
        }
        if (settings.has("username") && settings.text("username").contains(":")) {
            errors.add(new FieldError("username", "must not contain ':'"));
        }
        Object priority = settings.asMap().get("priority");
        if (priority instanceof Number p && (p.longValue() < 1 || p.longValue() > 5)) {
            errors.add(new FieldError("priority", "must be 1 (min) to 5 (max)"));
        }
    }

    @Override
    public OutboundRequest request(ChannelSettings settings, Message message) {
        URI topicUrl = URI.create(settings.text("url"));
        Map<String, String> headers = new LinkedHashMap<>();
        if (settings.has("token")) {
            headers.put("Authorization", "Bearer " + settings.text("token"));
        } else if (settings.has("username")) {
            String credentials = settings.text("username") + ":" + settings.text("password");
            headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return postJson(root(topicUrl).toString(), body(settings, topic(topicUrl), message), headers);
    }

    /** The JSON publish request body. Pure. */
    static NtfyMessage body(ChannelSettings settings, String topic, Message message) {
        Notification n = message.first();
        // The title without its leading emoji: ntfy shows the first tag's emoji in front of it instead.
        String title = Messages.plainTitle(message);
        String text = Messages.text(message);
        int priority = settings.integer("priority") != null ? settings.integer("priority")
                : Messages.severity(message) == Messages.Severity.CRITICAL ? 5 : 3;
        String console = Messages.link(message);
        List<NtfyMessage.Action> actions = new ArrayList<>();
        if (console != null) {
            actions.add(NtfyMessage.Action.view("Open in Vigil", console));
        }
        Notification.Links links = n.data().links();
        if (links != null && links.statusPage() != null) {
            actions.add(NtfyMessage.Action.view("Status page", links.statusPage()));
        }
        return new NtfyMessage(topic, title, truncateUtf8(text.isBlank() ? title : text, MAX_MESSAGE_BYTES), priority,
                List.of(emoji(message)), console, actions.isEmpty() ? null : actions);
    }

    /** The emoji short code (ntfy tag) that says what the title's emoji says. */
    static String emoji(Message message) {
        Notification n = message.first();
        return switch (n.type()) {
            case Notification.INCIDENT_OPENED -> "rotating_light";
            case Notification.HEARTBEAT_LATE -> message.grouped() ? "rotating_light" : "alarm_clock";
            case Notification.INCIDENT_RESOLVED -> "white_check_mark";
            case Notification.INCIDENT_UPDATED -> Messages.severity(n) == Messages.Severity.OK ? "white_check_mark" : "bell";
            case Notification.CHECK_DEGRADED -> "yellow_circle";
            case Notification.CHECK_RECOVERED -> "green_circle";
            case Notification.CHECK_FLAPPING -> Boolean.TRUE.equals(n.data().flapping()) ? "repeat" : "heavy_minus_sign";
            case Notification.CERTIFICATE_EXPIRING -> "closed_lock_with_key";
            case Notification.TEST -> "test_tube";
            default -> "bell";
        };
    }

    /** The topic: the last path segment of the topic URL, or null when it is not a topic name. */
    static String topic(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        int slash = path.lastIndexOf('/');
        String topic = slash < 0 ? path : path.substring(slash + 1);
        return TOPIC.matcher(topic).matches() ? topic : null;
    }

    /** Where JSON is published: the topic URL without its topic (the server root, or a proxy's prefix). */
    static URI root(URI topicUrl) {
        String path = topicUrl.getRawPath();
        return topicUrl.resolve(path.substring(0, path.lastIndexOf('/') + 1));
    }

    static String truncateUtf8(String s, int maxBytes) {
        if (s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return s;
        }
        int budget = maxBytes - "…".getBytes(StandardCharsets.UTF_8).length;
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + len > budget) {
                break;
            }
            out.appendCodePoint(cp);
            used += len;
            i += Character.charCount(cp);
        }
        return out.append('…').toString();
    }
}

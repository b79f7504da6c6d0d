package io.vigil.notify.googlechat;

import io.vigil.api.FieldError;
import io.vigil.egress.OutboundRequest;
import io.vigil.notify.ChannelSettings;
import io.vigil.notify.ChannelType;
import io.vigil.notify.HttpChannel;
import io.vigil.notify.Message;
import io.vigil.notify.Messages;
import io.vigil.notify.Notification;
import io.vigil.notify.Setting;
import io.vigil.notify.Text;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A Google Chat incoming webhook (developers.google.com/workspace/chat/quickstart/webhooks): {@code text} for the
 * notification and a {@code cardsV2} card with a header, the status in the severity's colour, the details and a
 * button to the console. Card text is the documented HTML subset, so user text in it is HTML-escaped; in the plain
 * {@code text} a {@code <} gets a zero-width space after it, so a check name cannot be a {@code <users/all>} mention.
 * With {@code threadKey}, messages go to that thread ({@code messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD}).
 */
@ApplicationScoped
@ChannelType("googlechat")
public class GoogleChatChannel extends HttpChannel {

    static final String HOST = "chat.googleapis.com";
    static final Pattern PATH = Pattern.compile("/v1/spaces/[^/]+/messages");
    static final String REPLY_OPTION = "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";
    static final int THREAD_KEY_MAX = 4000;
    static final int GROUP_MAX = 40;
    static final int TEXT_MAX = 4000;

    @Override
    public List<Setting> settings() {
        return List.of(Setting.requiredSecret("url"), Setting.optional("threadKey", Setting.Kind.TEXT));
    }

    @Override
    public void validate(ChannelSettings settings, List<FieldError> errors) {
        URI url = requireHttpsUrl(settings, "url", errors);
        if (url != null && (!HOST.equals(url.getHost().toLowerCase(Locale.ROOT)) || url.getRawPath() == null
                || !PATH.matcher(url.getRawPath()).matches())) {
            errors.add(new FieldError("url", "must be a Google Chat webhook URL, https://chat.googleapis.com/v1/spaces/…/messages?key=…&token=…"));
        }
        String threadKey = settings.text("threadKey");
        if (threadKey != null && threadKey.length() > THREAD_KEY_MAX) {
            errors.add(new FieldError("threadKey", "must be at most " + THREAD_KEY_MAX + " characters"));
        }
    }

    @Override
    public OutboundRequest request(ChannelSettings settings, Message message) {
        Notification first = message.first();
        String title = Messages.title(message);
        Messages.Severity severity = Messages.severity(message);
        List<GoogleChatMessage.Widget> widgets = new ArrayList<>();
        String status = first.data().status() != null ? first.data().status().wire() : first.type();
        widgets.add(GoogleChatMessage.Widget.decorated("Status",
                "<font color=\"" + severity.colour + "\"><b>" + html(status) + "</b></font>"));
        if (message.grouped()) {
            List<String> lines = new ArrayList<>();
            List<Notification> all = message.notifications();
            for (Notification n : all.subList(0, Math.min(GROUP_MAX, all.size()))) {
                String line = "• <b>" + html(n.checkName()) + "</b>";
                Notification.ErrorRef e = n.data().error();
                if (e != null) {
                    line += " — " + html(Text.truncate(Messages.errorText(e), 200));
                }
                lines.add(line);
            }
            if (all.size() > GROUP_MAX) {
                lines.add("… and " + (all.size() - GROUP_MAX) + " more");
            }
            widgets.add(GoogleChatMessage.Widget.paragraph(String.join("<br>", lines)));
        } else {
            if (Messages.hasMessage(first)) {
                widgets.add(GoogleChatMessage.Widget.paragraph(html(Text.truncate(first.data().message(), TEXT_MAX))));
            }
            for (Messages.Fact fact : Messages.labelledFacts(first)) {
                widgets.add(GoogleChatMessage.Widget.decorated(fact.label(), html(Text.truncate(fact.value(), TEXT_MAX))));
            }
        }
        String link = Messages.link(message);
        if (link != null) {
            widgets.add(GoogleChatMessage.Widget.button("Open in Vigil", link));
        }

        GoogleChatMessage body = new GoogleChatMessage(plain(title), new GoogleChatMessage.Card(
                new GoogleChatMessage.Header(title, "Vigil · " + Messages.time(first.timestamp())),
                new GoogleChatMessage.Section(widgets)));

        String url = settings.text("url");
        if (settings.has("threadKey")) {
            url = inThread(url, settings.text("threadKey"));
        }
        return postJson(url, body);
    }

    /**
     * The webhook URL with {@code threadKey} and {@code messageReplyOption} (any of those already there replaced),
     * {@code key} and {@code token} kept as they are.
     */
    static String inThread(String url, String threadKey) {
        URI uri = URI.create(url);
        List<String> params = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String p : uri.getRawQuery().split("&")) {
                String name = p.contains("=") ? p.substring(0, p.indexOf('=')) : p;
                if (!p.isEmpty() && !name.equals("threadKey") && !name.equals("messageReplyOption")) {
                    params.add(p);
                }
            }
        }
        params.add("threadKey=" + URLEncoder.encode(threadKey, StandardCharsets.UTF_8).replace("+", "%20"));
        params.add("messageReplyOption=" + REPLY_OPTION);
        return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + "?" + String.join("&", params);
    }

    /** For card text, which Google Chat reads as HTML. */
    static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** For the plain {@code text}: no {@code <users/…>} mention or {@code <url|label>} link out of user text. */
    static String plain(String text) {
        return text.replace("<", "<\u200B");
    }
}

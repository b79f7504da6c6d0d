package io.vigil.notify.telegram;

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

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Telegram through the Bot API's {@code sendMessage} (core.telegram.org/bots/api#sendmessage): {@code parse_mode}
 * HTML, with every user-supplied string escaped ({@code & < >}), link previews off, and the text within Telegram's
 * 4096 characters after entity parsing (what is cut is cut before escaping, so no tag or entity is broken). The bot
 * token is part of the URL path, so it is a secret; {@code apiUrl} points at a self-hosted Bot API server.
 */
@ApplicationScoped
@ChannelType("telegram")
public class TelegramChannel extends HttpChannel {

    static final String DEFAULT_API = "https://api.telegram.org";
    static final int TEXT_MAX = 4096;
    static final int LINE_MAX = 3000;
    static final String LINK_TEXT = "Open in Vigil";
    static final Pattern TOKEN = Pattern.compile("^[0-9]{5,16}:[A-Za-z0-9_-]{30,}$");
    static final Pattern NUMERIC_CHAT = Pattern.compile("^-?[0-9]{1,18}$");
    static final Pattern PUBLIC_CHAT = Pattern.compile("^@[A-Za-z][A-Za-z0-9_]{3,31}$");

    @Override
    public List<Setting> settings() {
        return List.of(Setting.requiredSecret("botToken"), Setting.required("chatId", Setting.Kind.TEXT),
                Setting.optional("apiUrl", Setting.Kind.TEXT));
    }

    @Override
    public List<String> destinations() {
        return List.of("apiUrl");
    }

    @Override
    public void validate(ChannelSettings settings, List<FieldError> errors) {
        String token = settings.text("botToken");
        if (token != null && !TOKEN.matcher(token.trim()).matches()) {
            errors.add(new FieldError("botToken", "must be a bot token from @BotFather, such as 123456789:AAE…"));
        } else if (token != null) {
            settings.put("botToken", token.trim());
        }
        String chat = settings.text("chatId");
        if (chat != null) {
            chat = chat.trim();
            if (NUMERIC_CHAT.matcher(chat).matches() || PUBLIC_CHAT.matcher(chat).matches()) {
                settings.put("chatId", chat);
            } else {
                errors.add(new FieldError("chatId", "must be a numeric chat ID (such as -1001234567890) or a public @channelusername"));
            }
        }
        int before = errors.size();
        requireHttpUrl(settings, "apiUrl", errors);
        if (errors.size() == before && settings.has("apiUrl")) {
            String api = settings.text("apiUrl");
            if (api.contains("?") || api.contains("#")) {
                errors.add(new FieldError("apiUrl", "must be the Bot API server's base URL, without a query"));
            } else {
                settings.put("apiUrl", api.replaceAll("/+$", ""));
            }
        }
    }

    @Override
    public OutboundRequest request(ChannelSettings settings, Message message) {
        String api = settings.text("apiUrl", DEFAULT_API).replaceAll("/+$", "");
        TelegramMessage body = TelegramMessage.html(settings.text("chatId"), text(message));
        return postJson(api + "/bot" + settings.text("botToken") + "/sendMessage", body);
    }

    /** One line of the message: an optional bold label and its value, both plain until rendered. */
    private record Line(String label, String value) {
        int visible() {
            return (label == null ? 0 : label.length() + 2) + value.length();
        }

        Line cut(int max) {
            int room = Math.max(1, max - (label == null ? 0 : label.length() + 2));
            return new Line(label, Text.truncate(value, room));
        }

        String html() {
            return (label == null ? "" : "<b>" + escape(label) + ":</b> ") + escape(value);
        }
    }

    /** The message as Telegram HTML: the title in bold, the details or one line per check, the console link. */
    static String text(Message message) {
        String title = Text.truncate(Messages.title(message), 256);
        String link = Messages.link(message);
        List<Line> lines = new ArrayList<>();
        if (message.grouped()) {
            for (Notification n : message.notifications()) {
                Notification.ErrorRef e = n.data().error();
                lines.add(new Line(null, "• " + n.checkName() + (e == null ? "" : " — " + Messages.errorText(e))));
            }
        } else {
            Notification n = message.first();
            if (Messages.hasMessage(n)) {
                lines.add(new Line(null, n.data().message()));
            }
            for (String fact : Messages.detailFacts(n)) {
                Messages.Fact parts = Messages.factParts(fact);
                lines.add(new Line(parts.label(), parts.value()));
            }
        }

        // What Telegram counts is the text after entity parsing: tags do not count, an entity counts one.
        int budget = TEXT_MAX - title.length() - (link == null ? 0 : 2 + LINK_TEXT.length());
        StringBuilder out = new StringBuilder("<b>").append(escape(title)).append("</b>");
        int used = 0;
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i).cut(LINE_MAX);
            String more = "… and " + (lines.size() - i - 1) + " more";
            int room = budget - used - 1 - (i == lines.size() - 1 ? 0 : 1 + more.length());
            if (line.visible() > room) {
                if (message.grouped() || room < 40) {
                    out.append('\n').append(escape("… and " + (lines.size() - i) + " more"));
                    break;
                }
                line = line.cut(room);
            }
            out.append('\n').append(line.html());
            used += 1 + line.visible();
        }
        if (link != null) {
            out.append("\n\n<a href=\"").append(escape(link).replace("\"", "&quot;")).append("\">").append(LINK_TEXT).append("</a>");
        }
        return out.toString();
    }

    /** The three characters Telegram's HTML style needs escaped (core.telegram.org/bots/api#html-style). */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

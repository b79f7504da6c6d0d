package io.vigil.notify.mattermost;

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
 * A Mattermost incoming webhook (developers.mattermost.com/integrate/webhooks/incoming): the title as the post's
 * markdown {@code text} and one message attachment (Slack-compatible, as Mattermost documents it) with the severity's
 * colour, a {@code fallback} for notifications, the details as {@code fields} and the console as {@code title_link}.
 * {@code channel}, {@code username} and {@code icon_url} override the webhook's defaults where the server allows it.
 * Mentions in user text ({@code @channel}, {@code @all}, {@code @here}, {@code @someone}) get a zero-width space after
 * the {@code @}, so an alert never pings anyone by accident.
 */
@ApplicationScoped
@ChannelType("mattermost")
public class MattermostChannel extends HttpChannel {

    /** Post messages are limited to 16383 characters (4000 on servers before 5.0); this stays below both. */
    static final int TEXT_MAX = 3500;
    static final int FIELD_MAX = 1000;
    static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_.])@(?=[A-Za-z0-9_])");

    @Override
    public List<Setting> settings() {
        return List.of(Setting.requiredSecret("url"), Setting.optional("channel", Setting.Kind.TEXT),
                Setting.optional("username", Setting.Kind.TEXT), Setting.optional("iconUrl", Setting.Kind.TEXT));
    }

    @Override
    public void validate(ChannelSettings settings, List<FieldError> errors) {
        requireHttpUrl(settings, "url", errors);
        String channel = settings.text("channel");
        if (channel != null && (channel.length() > 64 || channel.chars().anyMatch(Character::isWhitespace))) {
            errors.add(new FieldError("channel", "must be a channel's name as in its URL (town-square) or @username, without spaces"));
        }
        String username = settings.text("username");
        if (username != null && username.length() > 64) {
            errors.add(new FieldError("username", "must be at most 64 characters"));
        }
        requireHttpUrl(settings, "iconUrl", errors);
    }

    @Override
    public OutboundRequest request(ChannelSettings settings, Message message) {
        Notification first = message.first();
        String title = quiet(Messages.title(message));
        String fallback = Text.truncate(quiet(Messages.title(message) + "\n" + Messages.text(message)).strip(), TEXT_MAX);
        // One check: its name over the details (the post's text already says what happened); else the title.
        String heading = message.grouped() || first.data().check() == null ? title : quiet(first.checkName());
        String text = null;
        List<MattermostMessage.Field> fields = new ArrayList<>();
        if (message.grouped()) {
            List<String> lines = new ArrayList<>();
            for (Notification n : message.notifications()) {
                String line = "- **" + quiet(n.checkName()) + "**";
                if (n.data().error() != null) {
                    line += " — " + quiet(Messages.errorText(n.data().error()));
                }
                lines.add(Text.truncate(line.replace('\n', ' '), 300));
            }
            text = Text.fitLines(lines, TEXT_MAX);
        } else {
            if (Messages.hasMessage(first)) {
                text = Text.truncate(quiet(first.data().message()), TEXT_MAX);
            }
            for (Messages.Fact fact : Messages.labelledFacts(first)) {
                fields.add(new MattermostMessage.Field(!fact.label().equals("Error") && !fact.label().equals("Target"),
                        fact.label(), Text.truncate(quiet(fact.value()), FIELD_MAX)));
            }
        }
        MattermostMessage.Attachment attachment = new MattermostMessage.Attachment(fallback, Messages.severity(message).colour,
                heading, Messages.link(message), text, fields.isEmpty() ? null : fields,
                "Vigil · " + Messages.time(first.timestamp()));
        MattermostMessage body = new MattermostMessage("#### " + title, settings.text("channel"), settings.text("username"),
                settings.text("iconUrl"), List.of(attachment));
        return postJson(settings.text("url"), body);
    }

    /** No mention from user text: {@code @channel} becomes {@code @\u200Bchannel}. */
    static String quiet(String text) {
        return MENTION.matcher(text).replaceAll("@\u200B");
    }
}

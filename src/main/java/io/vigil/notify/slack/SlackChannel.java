package io.vigil.notify.slack;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Slack incoming webhook (api.slack.com/messaging/webhooks): a Block Kit message, a {@code header} with the title, a
 * {@code section} with the details as mrkdwn, a {@code context} with the time and an {@code actions} button to the
 * console, and {@code text} as the notification fallback. Everything that is not Vigil's own wording is escaped for
 * mrkdwn ({@code & < >}), so a check name cannot form a link or a {@code <!channel>} mention. Block Kit limits are
 * kept: header 150 characters, section text 3000, at most 10 fields of 2000.
 */
@ApplicationScoped
@ChannelType("slack")
public class SlackChannel extends HttpChannel {

    static final int HEADER_MAX = 150;
    static final int SECTION_MAX = 3000;
    static final int FIELDS_MAX = 10;
    static final int FIELD_MAX = 2000;
    static final int FALLBACK_MAX = 3000;
    /** Incoming-webhook hosts: commercial Slack and GovSlack. */
    static final Set<String> HOSTS = Set.of("hooks.slack.com", "hooks.slack-gov.com");
    static final Pattern EMOJI = Pattern.compile(":?[a-z0-9_+'-]{1,100}:?");

    @Override
    public List<Setting> settings() {
        return List.of(Setting.requiredSecret("url"), Setting.optional("channel", Setting.Kind.TEXT),
                Setting.optional("username", Setting.Kind.TEXT), Setting.optional("iconEmoji", Setting.Kind.TEXT));
    }

    @Override
    public void validate(ChannelSettings settings, List<FieldError> errors) {
        URI url = requireHttpsUrl(settings, "url", errors);
        if (url != null && (!HOSTS.contains(url.getHost().toLowerCase(Locale.ROOT))
                || url.getRawPath() == null || !url.getRawPath().startsWith("/services/"))) {
            errors.add(new FieldError("url", "must be a Slack incoming webhook URL, https://hooks.slack.com/services/…"));
        }
        String channel = settings.text("channel");
        if (channel != null && (channel.length() > 80 || channel.chars().anyMatch(Character::isWhitespace))) {
            errors.add(new FieldError("channel", "must be a channel name (#alerts), a user (@name) or a channel ID, without spaces"));
        }
        String username = settings.text("username");
        if (username != null && username.length() > 80) {
            errors.add(new FieldError("username", "must be at most 80 characters"));
        }
        String emoji = settings.text("iconEmoji");
        if (emoji != null) {
            if (!EMOJI.matcher(emoji).matches()) {
                errors.add(new FieldError("iconEmoji", "must be an emoji name such as :rotating_light:"));
            } else {
                settings.put("iconEmoji", ":" + emoji.replaceAll("^:|:$", "") + ":");
            }
        }
    }

    @Override
    public OutboundRequest request(ChannelSettings settings, Message message) {
        String title = Messages.title(message);
        String link = Messages.link(message);
        List<SlackMessage.Block> blocks = new ArrayList<>();
        blocks.add(new SlackMessage.Header(Text.truncate(title, HEADER_MAX)));
        if (message.grouped()) {
            List<String> lines = new ArrayList<>();
            for (Notification n : message.notifications()) {
                String line = "• *" + escape(n.checkName()) + "*";
                if (n.data().error() != null) {
                    line += " — " + escape(Messages.errorText(n.data().error()));
                }
                lines.add(truncateEscaped(line, SECTION_MAX / 2));
            }
            blocks.add(SlackMessage.Section.text(Text.fitLines(lines, SECTION_MAX)));
        } else {
            Notification n = message.first();
            if (Messages.hasMessage(n)) {
                blocks.add(SlackMessage.Section.text(truncateEscaped(escape(n.data().message()), SECTION_MAX)));
            }
            List<SlackMessage.Text> fields = new ArrayList<>();
            for (Messages.Fact fact : Messages.labelledFacts(n)) {
                if (fields.size() == FIELDS_MAX) {
                    break;
                }
                fields.add(SlackMessage.Text.mrkdwn(truncateEscaped("*" + escape(fact.label()) + "*\n" + escape(fact.value()), FIELD_MAX)));
            }
            if (!fields.isEmpty()) {
                blocks.add(SlackMessage.Section.fields(fields));
            }
        }
        blocks.add(new SlackMessage.Context(SlackMessage.Text.mrkdwn("Vigil · " + Messages.time(message.first().timestamp()))));
        if (link != null) {
            blocks.add(new SlackMessage.Actions(new SlackMessage.Button("vigil_open", "Open in Vigil", link)));
        }

        String text = Messages.text(message);
        SlackMessage body = new SlackMessage(truncateEscaped(escape(text.isEmpty() ? title : title + "\n" + text), FALLBACK_MAX),
                blocks, settings.text("channel"), settings.text("username"), settings.text("iconEmoji"));
        return postJson(settings.text("url"), body);
    }

    /** Slack's control characters in mrkdwn (api.slack.com/reference/surfaces/formatting#escaping). */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Truncates escaped text without cutting an entity such as {@code &amp;} in two. */
    static String truncateEscaped(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        int amp = text.lastIndexOf('&', end - 1);
        if (amp >= 0) {
            int semi = text.indexOf(';', amp);
            if (semi < 0 || semi >= end) {
                end = amp;
            }
        }
        return text.substring(0, end) + "…";
    }
}

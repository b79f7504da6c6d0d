package io.vigil.notify.discord;

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
 * A Discord webhook (discord.com/developers/docs/resources/webhook#execute-webhook): one embed with the title, the
 * details, the severity's colour, the event time and a link to the console. Sent with {@code ?wait=true}, so Discord
 * answers only once the message is stored and a refused message is a failed delivery, not a silent 204. Embed limits
 * are kept by truncating (title 256, description 4096, 25 fields, field name 256 and value 1024, 6000 in all), and
 * nothing mentions anyone: {@code allowed_mentions} parses none and {@code @everyone}/{@code @here} in user text get a
 * zero-width space after the {@code @}.
 */
@ApplicationScoped
@ChannelType("discord")
public class DiscordChannel extends HttpChannel {

    static final int TITLE_MAX = 256;
    static final int DESCRIPTION_MAX = 4096;
    static final int FIELDS_MAX = 25;
    static final int FIELD_NAME_MAX = 256;
    static final int FIELD_VALUE_MAX = 1024;
    static final int EMBED_TOTAL_MAX = 6000;
    static final String FOOTER = "Vigil";
    static final Set<String> HOSTS = Set.of("discord.com", "discordapp.com", "canary.discord.com", "ptb.discord.com");
    static final Pattern PATH = Pattern.compile("/api(/v\\d+)?/webhooks/\\d+/[A-Za-z0-9_-]+/?");
    static final Pattern MASS_MENTION = Pattern.compile("@(everyone|here)");

    @Override
    public List<Setting> settings() {
        return List.of(Setting.requiredSecret("url"), Setting.optional("username", Setting.Kind.TEXT),
                Setting.optional("avatarUrl", Setting.Kind.TEXT));
    }

    @Override
    public void validate(ChannelSettings settings, List<FieldError> errors) {
        URI url = requireHttpsUrl(settings, "url", errors);
        if (url != null && (!HOSTS.contains(url.getHost().toLowerCase(Locale.ROOT)) || url.getRawPath() == null
                || !PATH.matcher(url.getRawPath()).matches())) {
            errors.add(new FieldError("url", "must be a Discord webhook URL, https://discord.com/api/webhooks/{id}/{token}"
                    + " (without /slack or /github)"));
        }
        String username = settings.text("username");
        if (username != null) {
            String lower = username.toLowerCase(Locale.ROOT);
            if (username.length() > 80) {
                errors.add(new FieldError("username", "must be at most 80 characters"));
            } else if (lower.contains("clyde") || lower.contains("discord")) {
                errors.add(new FieldError("username", "cannot contain \"clyde\" or \"discord\" (Discord refuses such webhook names)"));
            }
        }
        int beforeAvatar = errors.size();
        requireHttpUrl(settings, "avatarUrl", errors);
        if (errors.size() == beforeAvatar && settings.has("avatarUrl")
                && !settings.text("avatarUrl").toLowerCase(Locale.ROOT).startsWith("https://")) {
            errors.add(new FieldError("avatarUrl", "must be an https URL"));
        }
    }

    @Override
    public OutboundRequest request(ChannelSettings settings, Message message) {
        Notification first = message.first();
        String title = Text.truncate(quiet(Messages.title(message)), TITLE_MAX);

        List<DiscordMessage.Field> fields = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        if (message.grouped()) {
            for (Notification n : message.notifications()) {
                String line = "• **" + quiet(n.checkName()) + "**";
                if (n.data().error() != null) {
                    line += " — " + quiet(Messages.errorText(n.data().error()));
                }
                lines.add(line.replace('\n', ' '));
            }
        } else {
            if (Messages.hasMessage(first)) {
                lines.add(quiet(first.data().message()));
            }
            List<Messages.Fact> facts = Messages.labelledFacts(first);
            facts = facts.subList(0, Math.min(FIELDS_MAX, facts.size()));
            // Fields first, leaving the description at least 1000 characters of the embed's 6000.
            int fieldBudget = EMBED_TOTAL_MAX - title.length() - FOOTER.length() - 1000;
            for (Messages.Fact fact : facts) {
                String name = Text.truncate(fact.label(), FIELD_NAME_MAX);
                fields.add(new DiscordMessage.Field(name,
                        Text.truncate(quiet(fact.value()), Math.min(FIELD_VALUE_MAX, fieldBudget / facts.size() - name.length())),
                        !fact.label().equals("Error") && !fact.label().equals("Target")));
            }
        }
        int used = title.length() + FOOTER.length();
        for (DiscordMessage.Field f : fields) {
            used += f.name().length() + f.value().length();
        }
        int room = Math.min(DESCRIPTION_MAX, EMBED_TOTAL_MAX - used);
        String description = lines.isEmpty() ? null
                : message.grouped() ? fitLines(lines, room) : Text.truncate(lines.get(0), room);
        DiscordMessage.Embed embed = new DiscordMessage.Embed(title, description, Messages.link(message),
                Messages.severity(message).rgb(), first.timestamp().toString(), fields.isEmpty() ? null : fields,
                new DiscordMessage.Footer(FOOTER));
        DiscordMessage body = new DiscordMessage(settings.text("username"), settings.text("avatarUrl"), List.of(embed),
                DiscordMessage.AllowedMentions.NONE);
        return postJson(withWait(settings.text("url")), body);
    }

    /** The webhook URL with {@code wait=true}, any other query (such as {@code thread_id}) kept. */
    static String withWait(String url) {
        URI uri = URI.create(url);
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        if (!query.matches("(^|.*&)wait=.*")) {
            query = query.isEmpty() ? "wait=true" : query + "&wait=true";
        }
        return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + "?" + query;
    }

    /** No mass mention from user text: {@code @everyone} becomes {@code @\u200Beveryone}. */
    static String quiet(String text) {
        return MASS_MENTION.matcher(text).replaceAll("@\u200B$1");
    }

    /** The lines within {@code max} characters, each cut to half of it at most so that one long line leaves room. */
    static String fitLines(List<String> lines, int max) {
        int lineMax = Math.max(1, max / 2);
        return Text.fitLines(lines.stream().map(line -> Text.truncate(line, lineMax)).toList(), max);
    }
}

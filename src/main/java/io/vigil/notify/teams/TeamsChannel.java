package io.vigil.notify.teams;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Microsoft Teams through a Workflows webhook ("Post to a channel when a webhook request is received") or an incoming
 * webhook: the message envelope with one Adaptive Card 1.4 attachment (learn.microsoft.com, "Create and send messages"
 * and "Format cards in Teams"). The card has the title as a bold TextBlock coloured by severity ({@code attention},
 * {@code warning}, {@code good}, {@code accent}), the free-text message, the facts as a FactSet and an
 * {@code Action.OpenUrl} to the console. Card markdown is a small subset and a mention needs an explicit
 * {@code msteams.entities} entry, which is never sent, so user text goes in as it is.
 */
@ApplicationScoped
@ChannelType("teams")
public class TeamsChannel extends HttpChannel {

    static final String CARD = "application/vnd.microsoft.card.adaptive";
    static final String SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";
    static final String VERSION = "1.4";
    /** Lines of a grouped message shown at most; Teams refuses cards much above 28 KB. */
    static final int GROUP_MAX = 40;
    static final int TEXT_MAX = 2000;

    @Override
    public List<Setting> settings() {
        return List.of(Setting.requiredSecret("url"));
    }

    @Override
    public void validate(ChannelSettings settings, List<FieldError> errors) {
        int before = errors.size();
        requireHttpUrl(settings, "url", errors);
        if (errors.size() == before && !settings.text("url").toLowerCase(Locale.ROOT).startsWith("https://")) {
            errors.add(new FieldError("url", "must be an https URL (the Workflows webhook's HTTP POST URL)"));
        }
    }

    /** The Adaptive Card TextBlock colour for a severity. */
    static String colour(Messages.Severity severity) {
        return switch (severity) {
            case CRITICAL -> "attention";
            case WARNING -> "warning";
            case OK -> "good";
            case INFO -> "accent";
        };
    }

    @Override
    public OutboundRequest request(ChannelSettings settings, Message message) {
        Notification first = message.first();
        List<Object> body = new ArrayList<>();
        Map<String, Object> title = textBlock(Messages.title(message));
        title.put("weight", "bolder");
        title.put("size", "medium");
        title.put("color", colour(Messages.severity(message)));
        body.add(title);

        List<Map<String, String>> facts = new ArrayList<>();
        if (message.grouped()) {
            List<Notification> all = message.notifications();
            for (Notification n : all.subList(0, Math.min(GROUP_MAX, all.size()))) {
                Notification.ErrorRef e = n.data().error();
                facts.add(fact(n.checkName(), e == null ? (n.data().status() == null ? "—" : n.data().status())
                        : Messages.errorText(e)));
            }
            if (all.size() > GROUP_MAX) {
                facts.add(fact("…", "and " + (all.size() - GROUP_MAX) + " more"));
            }
        } else {
            if (Messages.hasMessage(first)) {
                body.add(textBlock(first.data().message()));
            }
            for (Messages.Fact f : Messages.labelledFacts(first)) {
                facts.add(fact(f.label(), f.value()));
            }
        }
        if (!facts.isEmpty()) {
            body.add(Map.of("type", "FactSet", "facts", facts));
        }
        Map<String, Object> footer = textBlock("Vigil · " + Messages.time(first.timestamp()));
        footer.put("isSubtle", true);
        footer.put("size", "small");
        body.add(footer);

        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", SCHEMA);
        card.put("type", "AdaptiveCard");
        card.put("version", VERSION);
        card.put("body", body);
        String link = Messages.link(message);
        if (link != null) {
            card.put("actions", List.of(Map.of("type", "Action.OpenUrl", "title", "Open in Vigil", "url", link)));
        }
        card.put("msteams", Map.of("width", "Full"));

        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("contentType", CARD);
        attachment.put("contentUrl", null);
        attachment.put("content", card);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", "message");
        envelope.put("attachments", List.of(attachment));
        return postJson(settings.text("url"), envelope);
    }

    private static Map<String, Object> textBlock(String text) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("type", "TextBlock");
        block.put("text", Text.truncate(text, TEXT_MAX));
        block.put("wrap", true);
        return block;
    }

    private static Map<String, String> fact(String title, String value) {
        Map<String, String> fact = new LinkedHashMap<>();
        fact.put("title", Text.truncate(title, 200));
        fact.put("value", Text.truncate(value, TEXT_MAX));
        return fact;
    }
}

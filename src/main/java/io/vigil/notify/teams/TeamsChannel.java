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
import java.util.List;
import java.util.Locale;

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
        List<TeamsMessage.Element> body = new ArrayList<>();
        body.add(new TeamsMessage.Title(Text.truncate(Messages.title(message), TEXT_MAX), colour(Messages.severity(message))));

        List<TeamsMessage.Fact> facts = new ArrayList<>();
        if (message.grouped()) {
            List<Notification> all = message.notifications();
            for (Notification n : all.subList(0, Math.min(GROUP_MAX, all.size()))) {
                Notification.ErrorRef e = n.data().error();
                facts.add(fact(n.checkName(), e == null ? (n.data().status() == null ? "—" : n.data().status().wire())
                        : Messages.errorText(e)));
            }
            if (all.size() > GROUP_MAX) {
                facts.add(fact("…", "and " + (all.size() - GROUP_MAX) + " more"));
            }
        } else {
            if (Messages.hasMessage(first)) {
                body.add(new TeamsMessage.TextBlock(Text.truncate(first.data().message(), TEXT_MAX)));
            }
            for (Messages.Fact f : Messages.labelledFacts(first)) {
                facts.add(fact(f.label(), f.value()));
            }
        }
        if (!facts.isEmpty()) {
            body.add(new TeamsMessage.FactSet(facts));
        }
        body.add(new TeamsMessage.Footer(Text.truncate("Vigil · " + Messages.time(first.timestamp()), TEXT_MAX)));

        String link = Messages.link(message);
        TeamsMessage.Card card = new TeamsMessage.Card(SCHEMA, "AdaptiveCard", VERSION, body,
                link == null ? null : List.of(new TeamsMessage.OpenUrl(link)), TeamsMessage.Width.FULL);
        return postJson(settings.text("url"), new TeamsMessage(new TeamsMessage.Attachment(CARD, null, card)));
    }

    private static TeamsMessage.Fact fact(String title, String value) {
        return new TeamsMessage.Fact(Text.truncate(title, 200), Text.truncate(value, TEXT_MAX));
    }
}

package io.vigil.notify.pagerduty;

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
import java.util.Set;
import java.util.regex.Pattern;

/**
 * PagerDuty, through the Events API v2 ({@code POST /v2/enqueue}). Every alert Vigil raises has a dedup key of its
 * own, so the event that ends it resolves exactly that alert: an incident is triggered as {@code vigil-<incident id>}
 * and resolved under the same key; a degraded check is {@code vigil-degraded-<check id>}, resolved on recovery;
 * flapping is {@code vigil-flapping-<check id>}, resolved when it stops. A certificate warning is
 * {@code vigil-certificate-<check id>} (repeats deduplicate into one alert), a test {@code vigil-test-<event id>}.
 * PagerDuty answers 202. Never grouped: each event is one PagerDuty event.
 */
@ApplicationScoped
@ChannelType("pagerduty")
public class PagerDutyChannel extends HttpChannel {

    public static final String EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";
    static final Pattern ROUTING_KEY = Pattern.compile("[A-Za-z0-9]{32}");
    static final List<String> SEVERITIES = List.of("critical", "error", "warning", "info");
    static final int MAX_SUMMARY = 1024;
    static final int MAX_DEDUP_KEY = 255;

    @Override
    public List<Setting> settings() {
        return List.of(Setting.requiredSecret("routingKey"), Setting.optional("severity", Setting.Kind.TEXT),
                Setting.optional("apiUrl", Setting.Kind.TEXT));
    }

    @Override
    public List<String> destinations() {
        return List.of("apiUrl");
    }

    @Override
    public void validate(ChannelSettings settings, List<FieldError> errors) {
        String key = settings.text("routingKey");
        if (key != null) {
            key = key.trim();
            if (ROUTING_KEY.matcher(key).matches()) {
                settings.put("routingKey", key);
            } else {
                errors.add(new FieldError("routingKey", "must be the 32-character integration key of an Events API v2 "
                        + "integration (letters and digits)"));
            }
        }
        String severity = settings.text("severity");
        if (severity != null) {
            String s = severity.trim().toLowerCase(Locale.ROOT);
            if (SEVERITIES.contains(s)) {
                settings.put("severity", s);
            } else {
                errors.add(new FieldError("severity", "must be one of " + String.join(", ", SEVERITIES)));
            }
        }
        requireHttpUrl(settings, "apiUrl", errors);
    }

    @Override
    public boolean groups() {
        return false;
    }

    @Override
    public OutboundRequest request(ChannelSettings settings, Message message) {
        return postJson(settings.text("apiUrl", EVENTS_URL), event(settings, message.id(), message.first()));
    }

    /** The Events API v2 event for one notification. Pure. */
    static PagerDutyEvent event(ChannelSettings settings, String eventId, Notification n) {
        Notification.Data d = n.data();
        String routingKey = settings.text("routingKey");
        String dedupKey = Text.truncate(dedupKey(n, eventId), MAX_DEDUP_KEY);
        if (resolves(n)) {
            return PagerDutyEvent.resolve(routingKey, dedupKey);
        }
        PagerDutyEvent.Payload payload = new PagerDutyEvent.Payload(Text.truncate(summary(n), MAX_SUMMARY), source(n),
                severity(settings, n), n.timestamp().toString(), d.check() == null ? null : d.check().name(),
                d.regions() != null && !d.regions().isEmpty() ? String.join(",", d.regions()) : null,
                d.error() == null ? null : d.error().errorClass(), details(n));
        List<PagerDutyEvent.Link> links = new ArrayList<>();
        String console = d.links() == null ? null : d.links().console();
        if (console != null) {
            links.add(new PagerDutyEvent.Link(console, "Open in Vigil"));
        }
        if (d.links() != null && d.links().statusPage() != null) {
            links.add(new PagerDutyEvent.Link(d.links().statusPage(), "Status page"));
        }
        return new PagerDutyEvent(routingKey, "trigger", dedupKey, payload, links.isEmpty() ? null : links, "Vigil", console);
    }

    /** Whether the notification ends an alert raised before. */
    static boolean resolves(Notification n) {
        return switch (n.type()) {
            case Notification.INCIDENT_RESOLVED, Notification.CHECK_RECOVERED -> true;
            case Notification.INCIDENT_UPDATED -> n.data().incident() != null && "resolved".equals(n.data().incident().state());
            case Notification.CHECK_FLAPPING -> !Boolean.TRUE.equals(n.data().flapping());
            default -> false;
        };
    }

    /** The alert a notification raises or ends: the same key on both sides. */
    static String dedupKey(Notification n, String eventId) {
        Notification.Data d = n.data();
        String check = d.check() == null ? null : d.check().id().toString();
        return switch (n.type()) {
            case Notification.INCIDENT_OPENED, Notification.HEARTBEAT_LATE, Notification.INCIDENT_UPDATED,
                 Notification.INCIDENT_RESOLVED -> d.incident() != null ? "vigil-" + d.incident().id()
                    : check != null ? "vigil-check-" + check : "vigil-" + eventId;
            case Notification.CHECK_DEGRADED, Notification.CHECK_RECOVERED -> "vigil-degraded-" + (check == null ? eventId : check);
            case Notification.CHECK_FLAPPING -> "vigil-flapping-" + (check == null ? eventId : check);
            case Notification.CERTIFICATE_EXPIRING -> "vigil-certificate-" + (check == null ? eventId : check);
            case Notification.TEST -> "vigil-test-" + eventId;
            default -> "vigil-" + eventId;
        };
    }

    /** The configured severity for outages; warnings and tests are never louder than they are. */
    static String severity(ChannelSettings settings, Notification n) {
        String configured = settings.text("severity", "critical");
        return switch (Messages.severity(n)) {
            case CRITICAL -> configured;
            case WARNING -> Set.of("warning", "info").contains(configured) ? configured : "warning";
            default -> "info";
        };
    }

    /** One line a pager can read out: the title without its emoji, and the error. */
    static String summary(Notification n) {
        String summary = Messages.plainTitle(n);
        Notification.ErrorRef e = n.data().error();
        if (e != null) {
            summary += " (" + Messages.errorText(e) + ")";
        } else if (n.data().message() != null && (Notification.TEST.equals(n.type())
                || Notification.CERTIFICATE_EXPIRING.equals(n.type()))) {
            summary += ": " + n.data().message();
        }
        return summary;
    }

    private static String source(Notification n) {
        Notification.CheckRef c = n.data().check();
        if (c == null) {
            return "Vigil";
        }
        return c.url() != null && !c.url().isBlank() ? c.url() : c.name();
    }

    private static PagerDutyEvent.Details details(Notification n) {
        Notification.Data d = n.data();
        Notification.CheckRef c = d.check();
        Notification.IncidentRef i = d.incident();
        return new PagerDutyEvent.Details(n.type(), c == null ? null : c.name(), c == null ? null : c.id().toString(),
                c == null ? null : c.type(), c == null ? null : c.url(), d.status(),
                d.regions() != null && !d.regions().isEmpty() ? d.regions() : null,
                d.error() == null ? null : Messages.errorText(d.error()),
                i == null ? null : i.title(), i == null ? null : i.id().toString(),
                i == null || i.startedAt() == null ? null : i.startedAt().toString(),
                Messages.hasMessage(n) ? d.message() : null);
    }
}

package io.vigil.notify.opsgenie;

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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Opsgenie, through the Alert API ({@code api.opsgenie.com}, or {@code api.eu.opsgenie.com} for the EU instance),
 * authenticated with an API integration's key ({@code Authorization: GenieKey <key>}). An alert opens with
 * {@code POST /v2/alerts} under an alias of Vigil's and closes with {@code POST /v2/alerts/<alias>/close?identifierType=alias}:
 * an incident is {@code vigil-<incident id>}, a degraded check {@code vigil-degraded-<check id>} (closed on recovery),
 * flapping {@code vigil-flapping-<check id>} (closed when it stops), a certificate warning
 * {@code vigil-certificate-<check id>}, a test {@code vigil-test-<event id>}. An incident update is a note on the
 * incident's alert. Opsgenie processes requests asynchronously and answers 202. Never grouped.
 */
@ApplicationScoped
@ChannelType("opsgenie")
public class OpsgenieChannel extends HttpChannel {

    static final Map<String, String> REGIONS = Map.of("us", "https://api.opsgenie.com", "eu", "https://api.eu.opsgenie.com");
    static final Pattern API_KEY = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final Pattern PRIORITY = Pattern.compile("P[1-5]");
    static final Set<String> RESPONDER_TYPES = Set.of("team", "user", "escalation", "schedule");
    static final int MAX_MESSAGE = 130;
    static final int MAX_DESCRIPTION = 15_000;
    static final int MAX_ALIAS = 512;
    static final int MAX_TAGS = 20;
    static final int MAX_TAG = 50;
    static final int MAX_NOTE = 25_000;
    static final int MAX_RESPONDERS = 50;
    static final int MAX_DETAIL = 1000;

    /** What a notification does to an Opsgenie alert. */
    enum Action { CREATE, CLOSE, NOTE }

    @Override
    public List<Setting> settings() {
        return List.of(Setting.requiredSecret("apiKey"), Setting.optional("region", Setting.Kind.TEXT),
                Setting.optional("apiUrl", Setting.Kind.TEXT), Setting.optional("responders", Setting.Kind.TEXT_LIST),
                Setting.optional("priority", Setting.Kind.TEXT));
    }

    @Override
    public List<String> destinations() {
        return List.of("apiUrl");
    }

    @Override
    public void validate(ChannelSettings settings, List<FieldError> errors) {
        String key = settings.text("apiKey");
        if (key != null) {
            key = key.trim();
            if (API_KEY.matcher(key).matches()) {
                settings.put("apiKey", key.toLowerCase(Locale.ROOT));
            } else {
                errors.add(new FieldError("apiKey", "must be the key of an Opsgenie API integration "
                        + "(a UUID such as 3f2a9c4e-1b7d-4e8a-9c2f-6d5e4b3a2c1d)"));
            }
        }
        String region = settings.text("region");
        if (region != null) {
            String r = region.trim().toLowerCase(Locale.ROOT);
            if (REGIONS.containsKey(r)) {
                settings.put("region", r);
            } else {
                errors.add(new FieldError("region", "must be us or eu"));
            }
        }
        requireHttpUrl(settings, "apiUrl", errors);
        String priority = settings.text("priority");
        if (priority != null) {
            String p = priority.trim().toUpperCase(Locale.ROOT);
            if (PRIORITY.matcher(p).matches()) {
                settings.put("priority", p);
            } else {
                errors.add(new FieldError("priority", "must be one of P1, P2, P3, P4, P5"));
            }
        }
        List<String> responders = settings.texts("responders");
        if (responders.size() > MAX_RESPONDERS) {
            errors.add(new FieldError("responders", "at most " + MAX_RESPONDERS + " responders"));
        }
        List<String> normalized = new ArrayList<>();
        for (int i = 0; i < responders.size(); i++) {
            OpsgenieAlert.Responder r = responder(responders.get(i));
            if (r == null) {
                errors.add(new FieldError("responders[" + i + "]", "must be team:<name>, user:<e-mail>, "
                        + "escalation:<name> or schedule:<name>"));
            } else {
                normalized.add(r.type() + ":" + (r.name() != null ? r.name() : r.username()));
            }
        }
        if (!responders.isEmpty() && normalized.size() == responders.size()) {
            settings.put("responders", normalized);
        }
    }

    @Override
    public boolean groups() {
        return false;
    }

    @Override
    public OutboundRequest request(ChannelSettings settings, Message message) {
        Notification n = message.first();
        String base = baseUrl(settings);
        Map<String, String> auth = Map.of("Authorization", "GenieKey " + settings.text("apiKey"));
        String alias = alias(n, message.id());
        return switch (action(n)) {
            case CREATE -> postJson(base + "/v2/alerts", create(settings, n, alias), auth);
            case CLOSE -> postJson(base + "/v2/alerts/" + pathSegment(alias) + "/close?identifierType=alias",
                    close(n), auth);
            case NOTE -> postJson(base + "/v2/alerts/" + pathSegment(alias) + "/notes?identifierType=alias",
                    note(n), auth);
        };
    }

    /** The API root: {@code apiUrl} when given, else the region's. */
    static String baseUrl(ChannelSettings settings) {
        String url = settings.text("apiUrl", REGIONS.get(settings.text("region", "us")));
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static Action action(Notification n) {
        return switch (n.type()) {
            case Notification.INCIDENT_RESOLVED, Notification.CHECK_RECOVERED -> Action.CLOSE;
            case Notification.CHECK_FLAPPING -> Boolean.TRUE.equals(n.data().flapping()) ? Action.CREATE : Action.CLOSE;
            case Notification.INCIDENT_UPDATED -> n.data().incident() != null && "resolved".equals(n.data().incident().state())
                    ? Action.CLOSE : Action.NOTE;
            default -> Action.CREATE;
        };
    }

    /** The alert a notification opens or closes: the same alias on both sides. */
    static String alias(Notification n, String eventId) {
        Notification.Data d = n.data();
        String check = d.check() == null ? eventId : d.check().id().toString();
        String alias = switch (n.type()) {
            case Notification.INCIDENT_OPENED, Notification.HEARTBEAT_LATE, Notification.INCIDENT_UPDATED,
                 Notification.INCIDENT_RESOLVED -> d.incident() != null ? "vigil-" + d.incident().id() : "vigil-check-" + check;
            case Notification.CHECK_DEGRADED, Notification.CHECK_RECOVERED -> "vigil-degraded-" + check;
            case Notification.CHECK_FLAPPING -> "vigil-flapping-" + check;
            case Notification.CERTIFICATE_EXPIRING -> "vigil-certificate-" + check;
            case Notification.TEST -> "vigil-test-" + eventId;
            default -> "vigil-" + eventId;
        };
        return Text.truncate(alias, MAX_ALIAS);
    }

    /** P1 (or the configured priority) for an outage, P3 for warnings, P5 for a test. */
    static String priority(ChannelSettings settings, Notification n) {
        if (Notification.TEST.equals(n.type())) {
            return "P5";
        }
        return Messages.severity(n) == Messages.Severity.CRITICAL ? settings.text("priority", "P1") : "P3";
    }

    static OpsgenieAlert.Create create(ChannelSettings settings, Notification n, String alias) {
        Notification.Data d = n.data();
        List<OpsgenieAlert.Responder> responders = settings.texts("responders").stream().map(OpsgenieChannel::responder)
                .filter(java.util.Objects::nonNull).toList();
        return new OpsgenieAlert.Create(Text.truncate(Messages.plainTitle(n), MAX_MESSAGE), alias,
                Text.truncate(description(n), MAX_DESCRIPTION), responders.isEmpty() ? null : responders, tags(n),
                details(n), d.check() == null ? null : Text.truncate(d.check().name(), MAX_ALIAS), "Vigil",
                priority(settings, n));
    }

    static OpsgenieAlert.Note close(Notification n) {
        return new OpsgenieAlert.Note("Vigil", Text.truncate(Messages.plainTitle(n) + noteText(n), MAX_NOTE));
    }

    static OpsgenieAlert.Note note(Notification n) {
        return close(n);
    }

    private static String noteText(Notification n) {
        String facts = String.join("\n", Messages.facts(n));
        return facts.isEmpty() ? "" : "\n" + facts;
    }

    private static String description(Notification n) {
        StringBuilder text = new StringBuilder(String.join("\n", Messages.facts(n)));
        Notification.Links links = n.data().links();
        if (links != null && links.console() != null) {
            text.append(text.isEmpty() ? "" : "\n\n").append("Open in Vigil: ").append(links.console());
        }
        if (links != null && links.statusPage() != null) {
            text.append("\nStatus page: ").append(links.statusPage());
        }
        return text.toString();
    }

    private static List<String> tags(Notification n) {
        Set<String> tags = new LinkedHashSet<>();
        tags.add("vigil");
        tags.add(n.type());
        Notification.Data d = n.data();
        if (d.check() != null && d.check().type() != null) {
            tags.add("check:" + d.check().type());
        }
        if (d.regions() != null) {
            d.regions().forEach(r -> tags.add("region:" + r));
        }
        return tags.stream().map(t -> Text.truncate(t, MAX_TAG)).limit(MAX_TAGS).toList();
    }

    private static OpsgenieAlert.Details details(Notification n) {
        Notification.Data d = n.data();
        Notification.CheckRef c = d.check();
        Notification.IncidentRef i = d.incident();
        return new OpsgenieAlert.Details(detail(n.type()), c == null ? null : detail(c.name()),
                c == null ? null : c.id().toString(), c == null ? null : detail(c.url()),
                d.status() == null ? null : detail(d.status().wire()),
                d.regions() != null && !d.regions().isEmpty() ? detail(String.join(", ", d.regions())) : null,
                d.error() == null ? null : detail(Messages.errorText(d.error())), i == null ? null : i.id().toString(),
                i == null || i.startedAt() == null ? null : i.startedAt().toString(),
                d.links() == null ? null : detail(d.links().console()));
    }

    private static String detail(String value) {
        return value == null ? null : Text.truncate(value, MAX_DETAIL);
    }

    /** {@code team:Ops} as an Opsgenie responder, or null when it is not one. */
    static OpsgenieAlert.Responder responder(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String type = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String name = text.substring(colon + 1).trim();
        if (!RESPONDER_TYPES.contains(type) || name.isEmpty() || name.length() > 512) {
            return null;
        }
        boolean user = "user".equals(type);
        return new OpsgenieAlert.Responder(type, user ? null : name, user ? name : null);
    }

    static String pathSegment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

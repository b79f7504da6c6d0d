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
import java.util.LinkedHashMap;
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
            Map<String, String> r = responder(responders.get(i));
            if (r == null) {
                errors.add(new FieldError("responders[" + i + "]", "must be team:<name>, user:<e-mail>, "
                        + "escalation:<name> or schedule:<name>"));
            } else {
                normalized.add(r.get("type") + ":" + r.getOrDefault("name", r.get("username")));
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

    static Map<String, Object> create(ChannelSettings settings, Notification n, String alias) {
        Notification.Data d = n.data();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", Text.truncate(Messages.plainTitle(n), MAX_MESSAGE));
        body.put("alias", alias);
        body.put("description", Text.truncate(description(n), MAX_DESCRIPTION));
        List<Map<String, String>> responders = settings.texts("responders").stream().map(OpsgenieChannel::responder)
                .filter(java.util.Objects::nonNull).toList();
        if (!responders.isEmpty()) {
            body.put("responders", responders);
        }
        body.put("tags", tags(n));
        body.put("details", details(n));
        if (d.check() != null) {
            body.put("entity", Text.truncate(d.check().name(), MAX_ALIAS));
        }
        body.put("source", "Vigil");
        body.put("priority", priority(settings, n));
        return body;
    }

    static Map<String, Object> close(Notification n) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", "Vigil");
        body.put("note", Text.truncate(Messages.plainTitle(n) + noteText(n), MAX_NOTE));
        return body;
    }

    static Map<String, Object> note(Notification n) {
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

    private static Map<String, String> details(Notification n) {
        Notification.Data d = n.data();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("event", n.type());
        if (d.check() != null) {
            details.put("check", d.check().name());
            details.put("checkId", d.check().id().toString());
            if (d.check().url() != null) {
                details.put("target", d.check().url());
            }
        }
        if (d.status() != null) {
            details.put("status", d.status());
        }
        if (d.regions() != null && !d.regions().isEmpty()) {
            details.put("regions", String.join(", ", d.regions()));
        }
        if (d.error() != null) {
            details.put("error", Messages.errorText(d.error()));
        }
        if (d.incident() != null) {
            details.put("incidentId", d.incident().id().toString());
            if (d.incident().startedAt() != null) {
                details.put("startedAt", d.incident().startedAt().toString());
            }
        }
        if (d.links() != null && d.links().console() != null) {
            details.put("console", d.links().console());
        }
        details.replaceAll((k, v) -> Text.truncate(v, MAX_DETAIL));
        return details;
    }

    /** {@code team:Ops} as an Opsgenie responder, or null when it is not one. */
    static Map<String, String> responder(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String type = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String name = text.substring(colon + 1).trim();
        if (!RESPONDER_TYPES.contains(type) || name.isEmpty() || name.length() > 512) {
            return null;
        }
        Map<String, String> responder = new LinkedHashMap<>();
        responder.put("type", type);
        responder.put("user".equals(type) ? "username" : "name", name);
        return responder;
    }

    static String pathSegment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

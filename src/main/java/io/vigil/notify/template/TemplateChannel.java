package io.vigil.notify.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.Variant;
import io.vigil.api.FieldError;
import io.vigil.core.CheckStatus;
import io.vigil.egress.OutboundRequest;
import io.vigil.check.HeaderRules;
import io.vigil.notify.ChannelSettings;
import io.vigil.notify.ChannelType;
import io.vigil.notify.HttpChannel;
import io.vigil.notify.Message;
import io.vigil.notify.Messages;
import io.vigil.notify.Notification;
import io.vigil.notify.Setting;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A webhook whose body and header values are Qute templates, for any receiver Vigil has no built-in channel for.
 * Templates see the notification as the webhook channel sends it, as plain maps and lists:
 * <ul>
 *   <li>{@code n}: the notification ({@code n.type}, {@code n.timestamp}, {@code n.data.check.name},
 *       {@code n.data.incident.id}, {@code n.data.error.class}, {@code n.data.links.console}, ...)</li>
 *   <li>{@code notifications}: all of them (one: the channel does not group), {@code message}: {@code id},
 *       {@code grouped}, {@code notifications}</li>
 *   <li>{@code title}, {@code text}, {@code link}, {@code severity}: Vigil's wording, as the chat channels use it</li>
 *   <li>{@code secret}: the channel's {@code secret} setting (stored encrypted, masked in the API), for a token in a
 *       header such as {@code Authorization: Bearer {secret}}</li>
 * </ul>
 * In a JSON body (content type {@code application/json} or {@code +json}) every {@code {expression}} is JSON-escaped,
 * so {@code "name": "{n.data.check.name}"} stays valid whatever the name holds; {@code {json:str(x)}} writes a quoted
 * JSON string (or {@code null}), {@code {json:value(x)}} any value as JSON, {@code {json:escape(x)}} escapes without
 * quotes (for other content types), {@code {x.raw}} writes a value unescaped. A value that is missing renders as
 * nothing ({@code {x ?: 'default'}} gives a default).
 * <p>
 * Templates are user input, so they run in an engine of their own: no reflection, no CDI beans, no configuration
 * ({@code inject:}, {@code cdi:} and {@code config:} do not exist), no includes; loops are bounded and output is capped.
 * Syntax is checked at save time, and the templates are rendered for a sample incident so that a misspelt property
 * is reported with its line and column before any event needs it.
 */
@ApplicationScoped
@ChannelType("template")
public class TemplateChannel extends HttpChannel {

    static final List<String> METHODS = List.of("POST", "PUT", "PATCH");
    static final String DEFAULT_CONTENT_TYPE = "application/json";
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_HEADER_CHARS = 8 * 1024;
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final Pattern CONTENT_TYPE = Pattern.compile(TOKEN + "/" + TOKEN + "(\\s*;[^\\p{Cntrl}]*)?");

    /** Rendering for receivers: a missing value renders as nothing rather than failing the delivery. */
    private static final Engine ENGINE = TemplateSandbox.sandbox(false);
    /** Rendering at save time: a missing value is an error, with its line and column. */
    private static final Engine STRICT = TemplateSandbox.sandbox(true);
    /** Parsed templates by text (a template is immutable and thread-safe). */
    private static final Map<String, Template> PARSED = new ConcurrentHashMap<>();
    private static final int MAX_PARSED = 1000;

    @Override
    public List<Setting> settings() {
        return List.of(Setting.required("url", Setting.Kind.TEXT), Setting.optional("method", Setting.Kind.TEXT),
                Setting.optional("headers", Setting.Kind.TEXT_MAP), Setting.required("body", Setting.Kind.TEXT),
                Setting.optional("contentType", Setting.Kind.TEXT), Setting.optionalSecret("secret"));
    }

    @Override
    public void validate(ChannelSettings settings, List<FieldError> errors) {
        requireHttpUrl(settings, "url", errors);
        String method = settings.text("method");
        if (method != null) {
            String m = method.trim().toUpperCase(Locale.ROOT);
            if (METHODS.contains(m)) {
                settings.put("method", m);
            } else {
                errors.add(new FieldError("method", "must be one of " + String.join(", ", METHODS)));
            }
        }
        String contentType = settings.text("contentType");
        if (contentType != null) {
            if (CONTENT_TYPE.matcher(contentType.trim()).matches()) {
                settings.put("contentType", contentType.trim());
            } else {
                errors.add(new FieldError("contentType", "must be a media type such as application/json"));
            }
        }
        boolean json = isJson(settings.text("contentType", DEFAULT_CONTENT_TYPE));

        Map<String, String> headers = settings.textMap("headers");
        HeaderRules.validate(headers, "headers", errors);
        Map<String, Template> headerTemplates = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if ("content-type".equalsIgnoreCase(name)) {
                errors.add(new FieldError("headers." + name, "cannot be set here: use contentType"));
            } else if (value != null) {
                Template t = parse(STRICT, value, false, "headers." + name, errors);
                if (t != null) {
                    headerTemplates.put(name, t);
                }
            }
        });

        String body = settings.text("body");
        Template bodyTemplate = null;
        if (body != null) {
            if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
                errors.add(new FieldError("body", "must be at most 64 KiB"));
            } else {
                bodyTemplate = parse(STRICT, body, json, "body", errors);
            }
        }

        // Render for a sample incident: catches misspelt properties and bodies that are not JSON.
        Map<String, Object> sample = data(sample(), settings.has("secret") ? "sample-secret" : null);
        headerTemplates.forEach((name, t) -> sampleRender(t, sample, MAX_HEADER_CHARS, "headers." + name, errors));
        if (bodyTemplate != null) {
            String rendered = sampleRender(bodyTemplate, sample, MAX_BODY_BYTES, "body", errors);
            if (rendered != null && json && !rendered.isBlank()) {
                try {
                    JSON.readTree(rendered);
                } catch (JsonProcessingException e) {
                    errors.add(new FieldError("body", "does not render valid JSON for a sample " + Notification.INCIDENT_OPENED
                            + " (" + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + " of the output)"));
                }
            }
        }
    }

    @Override
    public boolean groups() {
        return false;
    }

    @Override
    public OutboundRequest request(ChannelSettings settings, Message message) {
        String contentType = settings.text("contentType", DEFAULT_CONTENT_TYPE);
        Map<String, Object> data = data(message, settings.text("secret"));
        Map<String, String> headers = new LinkedHashMap<>();
        settings.textMap("headers").forEach((name, value) ->
                headers.put(name, headerValue(TemplateSandbox.render(template(value, false), data, MAX_HEADER_CHARS))));
        headers.put("Content-Type", contentType);
        String body = TemplateSandbox.render(template(settings.text("body"), isJson(contentType)), data, MAX_BODY_BYTES);
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new TemplateLimitException("the body renders larger than 64 KiB");
        }
        return new OutboundRequest(settings.text("method", "POST"), URI.create(settings.text("url")), headers, body,
                null, false, 0, 0);
    }

    /** What templates see. */
    static Map<String, Object> data(Message message, String secret) {
        List<Map<String, Object>> notifications = message.notifications().stream().map(TemplateChannel::asMap).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", message.id());
        m.put("grouped", message.grouped());
        m.put("notifications", notifications);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message", m);
        data.put("n", notifications.get(0));
        data.put("notifications", notifications);
        data.put("title", Messages.title(message));
        data.put("text", Messages.text(message));
        data.put("link", Messages.link(message));
        data.put("severity", Messages.severity(message).name().toLowerCase(Locale.ROOT));
        data.put("secret", secret);
        return data;
    }

    private static Map<String, Object> asMap(Notification n) {
        return JSON.convertValue(n, new TypeReference<Map<String, Object>>() { });
    }

    static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json");
    }

    private static Template template(String text, boolean json) {
        String key = (json ? "j:" : "t:") + text;
        Template t = PARSED.get(key);
        if (t == null) {
            t = json ? ENGINE.parse(text, Variant.forContentType(Variant.APPLICATION_JSON)) : ENGINE.parse(text);
            if (PARSED.size() >= MAX_PARSED) {
                PARSED.clear();
            }
            PARSED.put(key, t);
        }
        return t;
    }

    private static Template parse(Engine engine, String text, boolean json, String field, List<FieldError> errors) {
        try {
            return json ? engine.parse(text, Variant.forContentType(Variant.APPLICATION_JSON)) : engine.parse(text);
        } catch (TemplateException e) {
            errors.add(new FieldError(field, TemplateSandbox.describe(e)));
            return null;
        }
    }

    private static String sampleRender(Template t, Map<String, Object> data, int max, String field, List<FieldError> errors) {
        try {
            return TemplateSandbox.render(t, data, max);
        } catch (TemplateException e) {
            errors.add(new FieldError(field, TemplateSandbox.describe(e) + " (rendering a sample " + Notification.INCIDENT_OPENED + ")"));
        } catch (TemplateLimitException e) {
            errors.add(new FieldError(field, e.getMessage() + " (rendering a sample " + Notification.INCIDENT_OPENED + ")"));
        } catch (RuntimeException e) {
            errors.add(new FieldError(field, "cannot be rendered for a sample " + Notification.INCIDENT_OPENED + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage())));
        }
        return null;
    }

    /** Header values are one line: line breaks and other control characters become spaces. */
    static String headerValue(String rendered) {
        return rendered.replaceAll("\\p{Cntrl}+", " ").trim();
    }

    /** A template that would render too much, or loop too long. */
    static final class TemplateLimitException extends RuntimeException {
        TemplateLimitException(String message) {
            super(message);
        }
    }

    /** A notification with every field set, for checking templates at save time. */
    static Message sample() {
        UUID check = UUID.fromString("00000000-0000-4000-8000-000000000001");
        Instant at = Instant.parse("2026-01-01T12:00:00Z");
        Notification n = new Notification(Notification.INCIDENT_OPENED, at, new Notification.Data(
                new Notification.CheckRef(check, "Example check", "https://example.com/health", "http"),
                new Notification.IncidentRef(UUID.fromString("00000000-0000-4000-8000-000000000002"),
                        "Example check is down", "open", "investigating", at, null),
                List.of("eu-west"), new Notification.ErrorRef("timeout", "no answer within 5000 ms"),
                new Notification.Links("https://vigil.example.com/console/checks/" + check, "https://status.example.com"),
                CheckStatus.DOWN, false, "A sample notification"));
        return Message.of("00000000-0000-4000-8000-000000000003", n);
    }
}

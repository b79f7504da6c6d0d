package io.vigil.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.smallrye.mutiny.Uni;
import io.vigil.api.FieldError;
import io.vigil.egress.EgressPolicy;
import io.vigil.egress.GuardedHttpClient;
import io.vigil.egress.OutboundRequest;
import jakarta.inject.Inject;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A channel that posts to an HTTP endpoint. Subclasses build the request ({@link #request}) as a pure function,
 * unit-tested against the service's documented shape; this class sends it through the guarded egress client with
 * the relay's timeout, never following redirects, and classifies the answer (only 2xx succeeds).
 */
public abstract class HttpChannel implements Channel {

    /** For payload building: plain, ISO-8601 timestamps, no surprises. */
    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Inject
    GuardedHttpClient client;
    @Inject
    NotifyConfig config;
    @Inject
    protected java.time.Clock clock;

    /** Most HTTP channels post to their {@code url} setting; those with another endpoint setting say so. */
    @Override
    public List<String> destinations() {
        return List.of("url");
    }

    /** The request to send for this message: method, URL, headers and body. Pure. */
    public abstract OutboundRequest request(ChannelSettings settings, Message message);

    @Override
    public Uni<Attempt> send(ChannelSettings settings, Message message) {
        OutboundRequest request;
        try {
            request = request(settings, message);
        } catch (RuntimeException e) {
            return Uni.createFrom().item(Attempt.failed(null, 0, null, "could not build the request: " + e.getMessage()));
        }
        return send(request);
    }

    /** Sends a built request through the guarded egress client: the deadline, no redirects, a bounded response. */
    protected Uni<Attempt> send(OutboundRequest request) {
        long start = System.nanoTime();
        return client.send(request.withTimeout(config.timeout()).withFollowRedirects(false, 0)
                        .withMaxBodyBytes(Attempt.EXCERPT * 4))
                .map(exchange -> Attempt.of(exchange, (System.nanoTime() - start) / 1_000_000, clock.instant()));
    }

    /** A JSON POST. */
    public static OutboundRequest postJson(String url, Object body) {
        return postJson(url, body, Map.of());
    }

    public static OutboundRequest postJson(String url, Object body, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", "application/json");
        all.putAll(headers);
        return new OutboundRequest("POST", URI.create(url), all, json(body), null, false, 0, 0);
    }

    public static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Checks that a setting is an absolute http(s) URL with a host; adds an error naming it otherwise. */
    public static void requireHttpUrl(ChannelSettings settings, String name, List<FieldError> errors) {
        String value = settings.text(name);
        if (value == null) {
            return;
        }
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                errors.add(new FieldError(name, "must be an http or https URL"));
            } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
                errors.add(new FieldError(name, EgressPolicy.spellingRefusal(uri).orElse("must name a host")));
            } else if (uri.getUserInfo() != null) {
                errors.add(new FieldError(name, "must not carry credentials before the host"));
            } else {
                settings.put(name, uri.toString());
            }
        } catch (URISyntaxException e) {
            errors.add(new FieldError(name, "is not a valid URL: " + e.getReason()));
        }
    }

    /**
     * {@link #requireHttpUrl}, and https only ("must be an https URL"): the URL, for the caller to check its host and
     * path, when it is one; null when the setting is missing or an error was added.
     */
    public static URI requireHttpsUrl(ChannelSettings settings, String name, List<FieldError> errors) {
        int before = errors.size();
        requireHttpUrl(settings, name, errors);
        if (errors.size() != before || settings.text(name) == null) {
            return null;
        }
        URI url = URI.create(settings.text(name));
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            errors.add(new FieldError(name, "must be an https URL"));
            return null;
        }
        return url;
    }
}

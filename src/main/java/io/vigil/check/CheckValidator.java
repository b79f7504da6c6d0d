package io.vigil.check;

import io.vigil.api.ApiException;
import io.vigil.api.FieldError;
import io.vigil.check.assertion.Condition;
import io.vigil.check.assertion.ConditionSyntaxException;
import io.vigil.egress.EgressPolicy;
import io.vigil.probe.DnsProbe;
import io.vigil.verdict.Quorum;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks a {@link CheckRequest} against every rule at once, applies defaults, and returns the normalized
 * definition with its conditions parsed; or throws one 400 listing every bad field.
 */
public final class CheckValidator {

    /** Check types with a {@link io.vigil.probe.Probe}; ProbeTypesTest proves each resolves to exactly one bean. */
    public static final Set<String> TYPES = Set.of("http", "tcp", "tls", "dns", "heartbeat");
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    static final Set<String> FORBIDDEN_HEADERS = Set.of("host", "connection", "transfer-encoding", "content-length",
            "keep-alive", "upgrade", "te", "trailer");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final int MAX_NAME = 200;
    private static final int MAX_URL = 2048;
    private static final int MAX_HEADERS = 50;
    private static final int MAX_HEADER_BYTES = 8 * 1024;
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int MAX_ASSERTIONS = 50;
    private static final int MAX_TAGS = 20;
    private static final int MAX_CHANNELS = 50;
    private static final int MAX_TAG = 50;
    private static final int MAX_THRESHOLD = 20;
    private static final int MIN_TIMEOUT_MS = 100;

    /** A valid, fully defaulted check definition. */
    public record Valid(CheckRequest request, List<Condition> conditions) {
    }

    private final Duration minInterval;
    private final Duration maxInterval;
    private final String defaultRegion;
    private final EgressPolicy egress;

    public CheckValidator(Duration minInterval, Duration maxInterval, String defaultRegion, EgressPolicy egress) {
        this.minInterval = minInterval;
        this.maxInterval = maxInterval;
        this.defaultRegion = defaultRegion;
        this.egress = egress;
    }

    /** @param knownRegions regions the workspace may assign checks to */
    public Valid validate(CheckRequest r, Set<String> knownRegions) {
        List<FieldError> errors = new ArrayList<>();

        String name = r.name() == null ? null : r.name().trim();
        if (name == null || name.isEmpty()) {
            errors.add(new FieldError("name", "is required"));
        } else if (name.length() > MAX_NAME) {
            errors.add(new FieldError("name", "must be at most " + MAX_NAME + " characters"));
        }

        String type = r.type() == null ? "http" : r.type();
        if (!TYPES.contains(type)) {
            errors.add(new FieldError("type", "must be one of http, tcp, dns, tls, heartbeat"));
        }

        String url = r.url() == null ? null : r.url().trim();
        boolean heartbeat = "heartbeat".equals(type);
        if (heartbeat) {
            if (url != null) {
                errors.add(new FieldError("url", "heartbeat checks have no url: the job pings the check's pingUrl"));
            }
        } else {
            validateUrl(url, TYPES.contains(type) ? type : "http", errors);
        }
        Integer period = r.periodSeconds();
        Integer grace = r.graceSeconds();
        if (heartbeat) {
            if (period == null) {
                errors.add(new FieldError("periodSeconds", "is required: how often the job pings"));
            } else if (period < Math.max(1, minInterval.toSeconds()) || period > maxInterval.toSeconds()) {
                errors.add(new FieldError("periodSeconds", "must be between " + Math.max(1, minInterval.toSeconds())
                        + " and " + maxInterval.toSeconds()));
            } else if (grace == null) {
                grace = Math.max(1, Math.min(3600, period / 5));
            }
            if (r.graceSeconds() != null && (r.graceSeconds() < 1 || r.graceSeconds() > 7 * 24 * 3600)) {
                errors.add(new FieldError("graceSeconds", "must be between 1 and " + 7 * 24 * 3600));
            }
        } else {
            if (period != null) {
                errors.add(new FieldError("periodSeconds", "applies to heartbeat checks only"));
            }
            if (grace != null) {
                errors.add(new FieldError("graceSeconds", "applies to heartbeat checks only"));
            }
        }

        String method = r.method() == null ? "GET" : r.method().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            errors.add(new FieldError("method", "must be one of " + String.join(", ", METHODS.stream().sorted().toList())));
        }

        Map<String, String> headers = r.headers() == null ? Map.of() : r.headers();
        validateHeaders(headers, "headers", errors);

        if (r.body() != null && r.body().getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            errors.add(new FieldError("body", "must be at most 64 KiB"));
        }

        // A heartbeat is judged as often as it is expected, at most every minute.
        int defaultInterval = heartbeat && period != null ? Math.min(period, 60) : 60;
        int interval = r.intervalSeconds() == null ? (int) Math.max(defaultInterval, minInterval.toSeconds()) : r.intervalSeconds();
        if (interval < minInterval.toSeconds() || interval < 1) {
            errors.add(new FieldError("intervalSeconds", "must be at least " + Math.max(1, minInterval.toSeconds())
                    + " (vigil.checks.min-interval)"));
        } else if (interval > maxInterval.toSeconds()) {
            errors.add(new FieldError("intervalSeconds", "must be at most " + maxInterval.toSeconds()));
        }

        long intervalMs = interval * 1000L;
        int timeout = r.timeoutMs() == null ? (int) Math.min(10_000, intervalMs / 2) : r.timeoutMs();
        if (timeout < MIN_TIMEOUT_MS) {
            errors.add(new FieldError("timeoutMs", "must be at least " + MIN_TIMEOUT_MS));
        } else if (timeout >= intervalMs) {
            errors.add(new FieldError("timeoutMs", "must be less than the interval (" + intervalMs + " ms)"));
        }

        List<String> regions = r.regions() == null || r.regions().isEmpty() ? List.of(defaultRegion) : r.regions();
        validateRegions(regions, knownRegions, errors);

        List<String> assertions = r.assertions() == null ? List.of() : r.assertions();
        List<Condition> conditions = parseConditions(assertions, errors);

        if (r.degradedAfterMs() != null && (r.degradedAfterMs() < 1 || r.degradedAfterMs() > timeout)) {
            errors.add(new FieldError("degradedAfterMs", "must be between 1 and timeoutMs (" + timeout + ")"));
        }
        int failureThreshold = threshold(r.failureThreshold(), 2, "failureThreshold", errors);
        int successThreshold = threshold(r.successThreshold(), 1, "successThreshold", errors);

        List<String> tags = r.tags() == null ? List.of() : r.tags();
        validateTags(tags, errors);

        List<UUID> channelIds = r.channelIds() == null ? List.of() : r.channelIds();
        if (channelIds.stream().anyMatch(java.util.Objects::isNull)) {
            errors.add(new FieldError("channelIds", "must not contain null"));
        } else if (channelIds.size() > MAX_CHANNELS) {
            errors.add(new FieldError("channelIds", "at most " + MAX_CHANNELS + " channels"));
        }

        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        CheckRequest normalized = new CheckRequest(name, type, url, method, new LinkedHashMap<>(headers), r.body(),
                interval, timeout, r.followRedirects() == null || r.followRedirects(),
                List.copyOf(new LinkedHashSet<>(regions)), List.copyOf(assertions), r.degradedAfterMs(),
                failureThreshold, successThreshold, r.quorum() == null ? Quorum.MAJORITY : r.quorum(),
                List.copyOf(new LinkedHashSet<>(tags)), r.parentId(),
                List.copyOf(new LinkedHashSet<>(channelIds)), period, heartbeat ? grace : null);
        return new Valid(normalized, conditions);
    }

    private void validateUrl(String url, String type, List<FieldError> errors) {
        if (url == null || url.isEmpty()) {
            errors.add(new FieldError("url", "is required"));
            return;
        }
        if (url.length() > MAX_URL) {
            errors.add(new FieldError("url", "must be at most " + MAX_URL + " characters"));
            return;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            errors.add(new FieldError("url", "is not a valid URL: " + e.getReason() + " at index " + e.getIndex()));
            return;
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (type.equals("dns")) {
            DnsProbe.Query query;
            try {
                query = DnsProbe.Query.parse(url);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("url", e.getMessage()));
                return;
            }
            if (query.resolverHost() != null) {
                refuseLiteral(query.resolverHost(), "resolver", errors);
            }
            return;
        }
        switch (type) {
            case "tcp" -> {
                if (!"tcp".equals(scheme)) {
                    errors.add(new FieldError("url", "must be a tcp://host:port URL for tcp checks"));
                    return;
                }
            }
            case "tls" -> {
                if (!"tls".equals(scheme)) {
                    errors.add(new FieldError("url", "must be a tls://host[:port] URL for tls checks"));
                    return;
                }
            }
            default -> {
                if (!"http".equals(scheme) && !"https".equals(scheme)) {
                    errors.add(new FieldError("url", "must be an http:// or https:// URL"));
                    return;
                }
            }
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            errors.add(new FieldError("url", EgressPolicy.spellingRefusal(uri).orElse("must name a host")));
            return;
        }
        if (uri.getRawUserInfo() != null) {
            errors.add(new FieldError("url", "must not carry credentials; send an Authorization header instead"));
            return;
        }
        if (!type.equals("http")) {
            String path = uri.getRawPath();
            if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                errors.add(new FieldError("url", "must be just " + type + "://host" + (type.equals("tcp") ? ":port" : "[:port]")
                        + ", without a path or query"));
                return;
            }
            if (type.equals("tcp") && uri.getPort() <= 0) {
                errors.add(new FieldError("url", "must name a port: tcp://host:port"));
                return;
            }
        }
        refuseLiteral(uri.getHost(), "", errors);
    }

    /**
     * The host's spelling and, for literal addresses (and localhost), the address are checked against the egress
     * policy on save, without DNS; names are checked per probe.
     */
    private void refuseLiteral(String host, String what, List<FieldError> errors) {
        egress.hostRefusal(host).ifPresent(why -> errors.add(new FieldError("url",
                (what.isEmpty() ? "" : what + " ") + "is refused by the egress policy: " + why)));
    }

    /** The request-header rules shared by checks and notification channels: names, values, size, managed headers. */
    public static void validateHeaders(Map<String, String> headers, String member, List<FieldError> errors) {
        if (headers.size() > MAX_HEADERS) {
            errors.add(new FieldError(member, "at most " + MAX_HEADERS + " headers"));
            return;
        }
        int total = 0;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String field = member + "." + h.getKey();
            String lower = h.getKey().toLowerCase(Locale.ROOT);
            if (!HEADER_NAME.matcher(h.getKey()).matches()) {
                errors.add(new FieldError(field, "is not a valid header name"));
            } else if (FORBIDDEN_HEADERS.contains(lower) || lower.startsWith("proxy-")) {
                errors.add(new FieldError(field, "cannot be set: Vigil manages it"));
            }
            if (h.getValue() == null) {
                errors.add(new FieldError(field, "must be a string"));
                continue;
            }
            if (h.getValue().indexOf('\r') >= 0 || h.getValue().indexOf('\n') >= 0) {
                errors.add(new FieldError(field, "must not contain line breaks"));
            }
            total += h.getKey().length() + h.getValue().getBytes(StandardCharsets.UTF_8).length + 4;
        }
        if (total > MAX_HEADER_BYTES) {
            errors.add(new FieldError(member, "must be at most 8 KiB in total"));
        }
    }

    private static void validateRegions(List<String> regions, Set<String> known, List<FieldError> errors) {
        for (int i = 0; i < regions.size(); i++) {
            String region = regions.get(i);
            if (region == null || !known.contains(region)) {
                errors.add(new FieldError("regions[" + i + "]", "unknown region '" + region + "'; known: "
                        + String.join(", ", known.stream().sorted().toList())));
            }
        }
    }

    private static List<Condition> parseConditions(List<String> assertions, List<FieldError> errors) {
        if (assertions.size() > MAX_ASSERTIONS) {
            errors.add(new FieldError("assertions", "at most " + MAX_ASSERTIONS + " conditions"));
            return List.of();
        }
        List<Condition> conditions = new ArrayList<>();
        for (int i = 0; i < assertions.size(); i++) {
            String text = assertions.get(i);
            if (text == null) {
                errors.add(new FieldError("assertions[" + i + "]", "must be a string"));
                continue;
            }
            try {
                conditions.add(Condition.parse(text));
            } catch (ConditionSyntaxException e) {
                errors.add(new FieldError("assertions[" + i + "]", "'" + text + "': " + e.getMessage()));
            }
        }
        return conditions;
    }

    private static int threshold(Integer value, int fallback, String field, List<FieldError> errors) {
        int v = value == null ? fallback : value;
        if (v < 1 || v > MAX_THRESHOLD) {
            errors.add(new FieldError(field, "must be between 1 and " + MAX_THRESHOLD));
        }
        return v;
    }

    private static void validateTags(List<String> tags, List<FieldError> errors) {
        if (tags.size() > MAX_TAGS) {
            errors.add(new FieldError("tags", "at most " + MAX_TAGS + " tags"));
        }
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            if (tag == null || tag.isBlank() || tag.length() > MAX_TAG) {
                errors.add(new FieldError("tags[" + i + "]", "must be 1 to " + MAX_TAG + " characters"));
            }
        }
    }
}

package io.vigil.check;

import io.vigil.VigilConfig;
import io.vigil.api.ApiException;
import io.vigil.api.FieldError;
import io.vigil.check.assertion.Condition;
import io.vigil.core.Quorum;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Checks a {@link CheckRequest} against every rule at once, applies defaults, and returns the normalized
 * definition with its conditions parsed; or throws one 400 listing every bad field. The members whose meaning
 * depends on the type are the type's own {@link CheckKind}'s to check.
 */
@ApplicationScoped
public class CheckValidator {

    static final String DEFAULT_TYPE = "http";
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final int MAX_NAME = 200;
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int MAX_THRESHOLD = 20;
    private static final int MIN_TIMEOUT_MS = 100;
    private static final int DEFAULT_INTERVAL_SECONDS = 60;

    /** A valid, fully defaulted check definition; {@code pinged} when its type is fed by pings. */
    public record Valid(CheckRequest request, List<Condition> conditions, boolean pinged) {
    }

    @Inject
    ChecksConfig config;
    @Inject
    VigilConfig vigil;
    @Inject
    CheckKinds kinds;

    /** @param knownRegions regions the workspace may assign checks to */
    public Valid validate(CheckRequest r, Set<String> knownRegions) {
        List<FieldError> errors = new ArrayList<>();

        String name = r.name() == null ? null : r.name().trim();
        if (name == null || name.isEmpty()) {
            errors.add(new FieldError("name", "is required"));
        } else if (name.length() > MAX_NAME) {
            errors.add(new FieldError("name", "must be at most " + MAX_NAME + " characters"));
        }

        String type = r.type() == null ? DEFAULT_TYPE : r.type();
        Optional<CheckKind> kind = kinds.of(type);
        if (kind.isEmpty()) {
            errors.add(new FieldError("type", "must be one of " + String.join(", ", kinds.types())));
        }
        TypeMembers members = kind.map(k -> typeMembers(k, r, errors))
                .orElse(new TypeMembers(TypeMembers.url(r), r.periodSeconds(), r.graceSeconds(), null));

        String method = r.method() == null ? "GET" : r.method().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            errors.add(new FieldError("method", "must be one of " + String.join(", ", METHODS.stream().sorted().toList())));
        }

        Map<String, String> headers = r.headers() == null ? Map.of() : r.headers();
        HeaderRules.validate(headers, "headers", errors);

        if (r.body() != null && r.body().getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            errors.add(new FieldError("body", "must be at most 64 KiB"));
        }

        int interval = interval(r.intervalSeconds(), members.defaultIntervalSeconds(), errors);
        int timeout = timeout(r.timeoutMs(), interval * 1000L, errors);

        List<String> regions = r.regions() == null || r.regions().isEmpty() ? List.of(vigil.region()) : r.regions();
        ListRules.regions(regions, knownRegions, errors);

        List<String> assertions = r.assertions() == null ? List.of() : r.assertions();
        List<Condition> conditions = ListRules.conditions(assertions, errors);

        if (r.degradedAfterMs() != null && (r.degradedAfterMs() < 1 || r.degradedAfterMs() > timeout)) {
            errors.add(new FieldError("degradedAfterMs", "must be between 1 and timeoutMs (" + timeout + ")"));
        }
        int failureThreshold = threshold(r.failureThreshold(), 2, "failureThreshold", errors);
        int successThreshold = threshold(r.successThreshold(), 1, "successThreshold", errors);

        List<String> tags = r.tags() == null ? List.of() : r.tags();
        ListRules.tags(tags, errors);

        List<UUID> channelIds = r.channelIds() == null ? List.of() : r.channelIds();
        ListRules.channelIds(channelIds, errors);

        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        CheckRequest normalized = new CheckRequest(name, type, members.url(), method, new LinkedHashMap<>(headers),
                r.body(), interval, timeout, r.followRedirects() == null || r.followRedirects(),
                List.copyOf(new LinkedHashSet<>(regions)), List.copyOf(assertions), r.degradedAfterMs(),
                failureThreshold, successThreshold, r.quorum() == null ? Quorum.MAJORITY : r.quorum(),
                List.copyOf(new LinkedHashSet<>(tags)), r.parentId(), List.copyOf(new LinkedHashSet<>(channelIds)),
                members.periodSeconds(), members.graceSeconds());
        return new Valid(normalized, conditions, kind.get().pinged());
    }

    /** The kind's own rules; the ping members are refused for types that are probed rather than pinged. */
    private TypeMembers typeMembers(CheckKind kind, CheckRequest r, List<FieldError> errors) {
        TypeMembers members = kind.validate(r, errors);
        if (!kind.pinged()) {
            String owners = String.join(", ", kinds.pingedTypes());
            if (r.periodSeconds() != null) {
                errors.add(new FieldError("periodSeconds", "applies to " + owners + " checks only"));
            }
            if (r.graceSeconds() != null) {
                errors.add(new FieldError("graceSeconds", "applies to " + owners + " checks only"));
            }
        }
        return members;
    }

    private int interval(Integer requested, Integer typeDefault, List<FieldError> errors) {
        Duration min = config.minInterval();
        Duration max = config.maxInterval();
        int fallback = typeDefault == null ? DEFAULT_INTERVAL_SECONDS : typeDefault;
        int interval = requested == null ? (int) Math.max(fallback, min.toSeconds()) : requested;
        if (interval < min.toSeconds() || interval < 1) {
            errors.add(new FieldError("intervalSeconds", "must be at least " + Math.max(1, min.toSeconds())
                    + " (vigil.checks.min-interval)"));
        } else if (interval > max.toSeconds()) {
            errors.add(new FieldError("intervalSeconds", "must be at most " + max.toSeconds()));
        }
        return interval;
    }

    private static int timeout(Integer requested, long intervalMs, List<FieldError> errors) {
        int timeout = requested == null ? (int) Math.min(10_000, intervalMs / 2) : requested;
        if (timeout < MIN_TIMEOUT_MS) {
            errors.add(new FieldError("timeoutMs", "must be at least " + MIN_TIMEOUT_MS));
        } else if (timeout >= intervalMs) {
            errors.add(new FieldError("timeoutMs", "must be less than the interval (" + intervalMs + " ms)"));
        }
        return timeout;
    }

    private static int threshold(Integer value, int fallback, String field, List<FieldError> errors) {
        int v = value == null ? fallback : value;
        if (v < 1 || v > MAX_THRESHOLD) {
            errors.add(new FieldError(field, "must be between 1 and " + MAX_THRESHOLD));
        }
        return v;
    }
}

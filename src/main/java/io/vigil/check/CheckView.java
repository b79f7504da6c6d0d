package io.vigil.check;

import io.vigil.core.CheckStatus;
import io.vigil.core.Quorum;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A check as the API shows it. */
public record CheckView(
        UUID id,
        String name,
        String type,
        String url,
        String method,
        Map<String, String> headers,
        String body,
        int intervalSeconds,
        int timeoutMs,
        boolean followRedirects,
        List<String> regions,
        List<String> assertions,
        Integer degradedAfterMs,
        int failureThreshold,
        int successThreshold,
        Quorum quorum,
        List<String> tags,
        UUID parentId,
        List<UUID> channelIds,
        Integer periodSeconds,
        Integer graceSeconds,
        String pingUrl,
        CheckStatus status,
        boolean flapping,
        Instant createdAt,
        Instant updatedAt) {

    static CheckView of(Check c, CheckStatus status, boolean flapping, String publicUrl) {
        return new CheckView(c.id, c.name, c.type, c.url, c.method, c.headers, c.body, c.intervalSeconds,
                c.timeoutMs, c.followRedirects, c.regions, c.assertions, c.degradedAfterMs, c.failureThreshold,
                c.successThreshold, Quorum.parse(c.quorum), c.tags, c.parentId,
                c.channelIds == null ? List.of() : c.channelIds.stream().map(UUID::fromString).toList(), c.periodSeconds, c.graceSeconds,
                c.pingToken == null || publicUrl == null ? null : publicUrl + "/ping/" + c.pingToken,
                status, flapping, c.createdAt, c.updatedAt);
    }

    /** The writable members, as a request: the base a PATCH merges into. */
    public CheckRequest toRequest() {
        return new CheckRequest(name, type, url, method, headers, body, intervalSeconds, timeoutMs, followRedirects,
                regions, assertions, degradedAfterMs, failureThreshold, successThreshold, quorum, tags, parentId,
                channelIds, periodSeconds, graceSeconds);
    }
}

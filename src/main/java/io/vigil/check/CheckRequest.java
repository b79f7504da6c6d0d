package io.vigil.check;

import io.vigil.core.Quorum;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Body of create (POST), replace (PUT) and, after merging, PATCH. Every member is nullable so that "missing"
 * can be told apart from a wrong value; {@link CheckValidator} applies defaults and reports every problem.
 */
public record CheckRequest(
        String name,
        String type,
        String url,
        String method,
        Map<String, String> headers,
        String body,
        Integer intervalSeconds,
        Integer timeoutMs,
        Boolean followRedirects,
        List<String> regions,
        List<String> assertions,
        Integer degradedAfterMs,
        Integer failureThreshold,
        Integer successThreshold,
        Quorum quorum,
        List<String> tags,
        UUID parentId,
        List<UUID> channelIds,
        Integer periodSeconds,
        Integer graceSeconds) {
}

package io.vigil.check;

import io.vigil.check.assertion.Condition;
import io.vigil.check.assertion.ConditionSyntaxException;
import io.vigil.core.Quorum;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An immutable, compiled check definition: what the scheduler and probes work from. */
public record CheckSpec(
        UUID id,
        UUID workspaceId,
        String name,
        String type,
        String url,
        String method,
        Map<String, String> headers,
        String body,
        Duration interval,
        Duration timeout,
        boolean followRedirects,
        List<String> regions,
        List<Condition> conditions,
        Integer degradedAfterMs,
        int failureThreshold,
        int successThreshold,
        Quorum quorum,
        List<String> tags,
        UUID parentId,
        List<UUID> channelIds,
        Duration period,
        Duration grace,
        Instant createdAt,
        boolean paused) {

    public static CheckSpec of(Check c) {
        List<Condition> conditions = new ArrayList<>();
        for (String text : c.assertions) {
            try {
                conditions.add(Condition.parse(text));
            } catch (ConditionSyntaxException e) {
                // Validated on save; only a stored condition from an older, looser grammar can land here.
                throw new IllegalStateException("check " + c.id + " has an unparseable assertion: " + text, e);
            }
        }
        return new CheckSpec(c.id, c.workspaceId, c.name, c.type, c.url, c.method, Map.copyOf(c.headers), c.body,
                Duration.ofSeconds(c.intervalSeconds), Duration.ofMillis(c.timeoutMs), c.followRedirects,
                List.copyOf(c.regions), List.copyOf(conditions), c.degradedAfterMs, c.failureThreshold,
                c.successThreshold, Quorum.parse(c.quorum), List.copyOf(c.tags), c.parentId,
                c.channelIds == null ? List.of() : c.channelIds.stream().map(UUID::fromString).toList(),
                c.periodSeconds == null ? null : Duration.ofSeconds(c.periodSeconds),
                c.graceSeconds == null ? null : Duration.ofSeconds(c.graceSeconds), c.createdAt, c.paused);
    }
}

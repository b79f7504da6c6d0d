package io.vigil.check;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A {@link Check} as one row of {@code checks}, for the create path's single INSERT statement (the entity mapping
 * serves every other read and write). The columns are those of the entity, in this order.
 */
final class CheckRows {

    static final String COLUMNS = "id, workspace_id, name, type, url, method, headers, body, interval_seconds, timeout_ms, "
            + "follow_redirects, regions, assertions, degraded_after_ms, failure_threshold, success_threshold, quorum, "
            + "tags, paused, parent_id, channel_ids, period_seconds, grace_seconds, ping_token, created_at, updated_at";
    /** {@code headers} is bound as text and cast, so the JSON object is stored as it is written. */
    static final String PARAMETERS = "$1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
            + "$17, $18, $19, $20, $21, $22, $23, $24, $25, $26";

    private CheckRows() {
    }

    static Tuple insert(Check c) {
        List<Object> values = new ArrayList<>(26);
        values.add(c.id);
        values.add(c.workspaceId);
        values.add(c.name);
        values.add(c.type);
        values.add(c.url);
        values.add(c.method);
        values.add(json(c.headers));
        values.add(c.body);
        values.add(c.intervalSeconds);
        values.add(c.timeoutMs);
        values.add(c.followRedirects);
        values.add(c.regions.toArray(String[]::new));
        values.add(c.assertions.toArray(String[]::new));
        values.add(c.degradedAfterMs);
        values.add(c.failureThreshold);
        values.add(c.successThreshold);
        values.add(c.quorum);
        values.add(c.tags.toArray(String[]::new));
        values.add(c.paused);
        values.add(c.parentId);
        values.add(c.channelIds.toArray(String[]::new));
        values.add(c.periodSeconds);
        values.add(c.graceSeconds);
        values.add(c.pingToken);
        values.add(c.createdAt.atOffset(ZoneOffset.UTC));
        values.add(c.updatedAt.atOffset(ZoneOffset.UTC));
        return Tuple.from(values);
    }

    /** A flat string map as a JSON object (Vert.x's encoder escapes every value). */
    private static String json(Map<String, String> headers) {
        return new JsonObject(headers.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> (Object) e.getValue()))).encode();
    }
}

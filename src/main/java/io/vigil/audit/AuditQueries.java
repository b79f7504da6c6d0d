package io.vigil.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.Page;
import io.vigil.api.Paging;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads the audit log, newest first, one workspace's or the instance-level entries. */
@ApplicationScoped
public class AuditQueries {

    @Inject
    Pool pool;
    @Inject
    ObjectMapper mapper;

    /** A page of one workspace's entries, or with {@code workspaceId} null, of the instance-level ones. */
    public Uni<Page<AuditItem>> list(UUID workspaceId, AuditFilter f, int limit, Paging.Position after) {
        Tuple args = Tuple.tuple();
        StringBuilder where = new StringBuilder();
        if (workspaceId == null) {
            where.append("workspace_id IS NULL");
        } else {
            args.addUUID(workspaceId);
            where.append("workspace_id = $1");
        }
        if (f.objectId() != null) {
            args.addString(f.objectId());
            where.append(" AND object_id = $").append(args.size());
        }
        if (f.actor() != null) {
            args.addUUID(f.actor());
            where.append(" AND (actor_id = $").append(args.size()).append(" OR actor_user_id = $").append(args.size()).append(')');
        }
        if (f.system()) {
            where.append(" AND actor_type = 'system'");
        }
        if (f.action() != null) {
            boolean prefix = f.action().endsWith(".");
            args.addString(prefix ? f.action().replace("_", "\\_") + "%" : f.action());
            where.append(" AND action ").append(prefix ? "LIKE" : "=").append(" $").append(args.size());
        }
        if (f.from() != null) {
            args.addOffsetDateTime(f.from().atOffset(ZoneOffset.UTC));
            where.append(" AND at >= $").append(args.size());
        }
        if (f.to() != null) {
            args.addOffsetDateTime(f.to().atOffset(ZoneOffset.UTC));
            where.append(" AND at < $").append(args.size());
        }
        if (after != null) {
            args.addOffsetDateTime(after.at().atOffset(ZoneOffset.UTC));
            args.addUUID(UUID.fromString(after.key()));
            where.append(" AND (at, id) < ($").append(args.size() - 1).append(", $").append(args.size()).append(')');
        }
        args.addInteger(limit + 1);
        String sql = "SELECT id, at, actor_type, actor_id, actor_name, actor_user_id, action, object_type, object_id, "
                + "changes, address FROM audit_events WHERE " + where + " ORDER BY at DESC, id DESC LIMIT $" + args.size();
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<AuditItem> all = new ArrayList<>();
            for (Row r : rows) {
                all.add(item(r));
            }
            List<AuditItem> items = all.size() > limit ? all.subList(0, limit) : all;
            String next = all.size() > limit
                    ? Paging.encode(items.get(limit - 1).at(), items.get(limit - 1).id().toString()) : null;
            return new Page<>(List.copyOf(items), next);
        });
    }

    private AuditItem item(Row r) {
        return new AuditItem(r.getUUID("id"), r.getOffsetDateTime("at").toInstant(),
                new AuditItem.ActorView(r.getString("actor_type"), r.getUUID("actor_id"), r.getString("actor_name"),
                        r.getUUID("actor_user_id")),
                r.getString("action"), r.getString("object_type"), r.getString("object_id"),
                json(r.getValue("changes")), r.getString("address"));
    }

    /** A jsonb column as a Jackson tree. */
    JsonNode json(Object value) {
        try {
            return mapper.readTree(value instanceof JsonObject o ? o.encode() : String.valueOf(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored audit entry is not JSON", e);
        }
    }
}

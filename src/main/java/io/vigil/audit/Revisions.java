package io.vigil.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.ApiException;
import io.vigil.api.Page;
import io.vigil.api.Paging;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads the revisions {@link AuditLog} keeps of checks, channels and status pages (written with the change, see
 * {@link AuditEvent#revision(JsonNode)}), always within one workspace.
 */
@ApplicationScoped
public class Revisions {

    public static final String CHECK = "check";
    public static final String CHANNEL = "channel";
    public static final String STATUS_PAGE = "status_page";

    @Inject
    Pool pool;
    @Inject
    AuditQueries queries;

    /** One revision on the wire: when, who, and what it changed against the one before. */
    public record RevisionView(int revision, Instant at, AuditItem.ActorView actor, JsonNode changes) {
    }

    /** A page of the object's revisions, newest first; {@code after} is the cursor's revision number. */
    public Uni<Page<RevisionView>> list(UUID workspaceId, String type, UUID objectId, int limit, Paging.Position after) {
        Tuple args = Tuple.of(workspaceId, type, objectId, limit + 1);
        String older = "";
        if (after != null) {
            args.addInteger(revisionOf(after));
            older = " AND revision < $5";
        }
        return pool.preparedQuery("SELECT revision, at, actor_type, actor_id, actor_name, changes FROM revisions "
                        + "WHERE workspace_id = $1 AND object_type = $2 AND object_id = $3" + older
                        + " ORDER BY revision DESC LIMIT $4")
                .execute(args)
                .map(rows -> {
                    List<RevisionView> all = new ArrayList<>();
                    for (Row r : rows) {
                        all.add(new RevisionView(r.getInteger(0), r.getOffsetDateTime(1).toInstant(),
                                new AuditItem.ActorView(r.getString(2), r.getUUID(3), r.getString(4), null),
                                queries.json(r.getValue(5))));
                    }
                    List<RevisionView> items = all.size() > limit ? all.subList(0, limit) : all;
                    RevisionView last = items.isEmpty() ? null : items.get(items.size() - 1);
                    String next = all.size() > limit ? Paging.encode(last.at(), Integer.toString(last.revision())) : null;
                    return new Page<>(List.copyOf(items), next);
                });
    }

    /** The view kept as this revision, or null when the object (in this workspace) has no such revision. */
    public Uni<JsonNode> view(UUID workspaceId, String type, UUID objectId, int revision) {
        return pool.preparedQuery("SELECT view FROM revisions WHERE workspace_id = $1 AND object_type = $2 "
                        + "AND object_id = $3 AND revision = $4")
                .execute(Tuple.of(workspaceId, type, objectId, revision))
                .map(rows -> rows.size() == 0 ? null : queries.json(rows.iterator().next().getValue(0)));
    }

    private static int revisionOf(Paging.Position p) {
        try {
            return Integer.parseInt(p.key());
        } catch (NumberFormatException e) {
            throw ApiException.invalid("cursor", "is not a cursor this API issued");
        }
    }
}

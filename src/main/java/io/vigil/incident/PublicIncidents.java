package io.vigil.incident;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The read model of incidents for public pages. Every query is scoped to one workspace and to a set of checks: the
 * incidents of those checks, and the workspace-wide ones people wrote (an automatic incident whose check was deleted
 * belongs to no page).
 */
@ApplicationScoped
public class PublicIncidents {

    private static final String COLUMNS = "id, check_id, title, automatic, state, phase, impact, started_at, resolved_at";
    private static final String SCOPE = "workspace_id = $1 AND (check_id = ANY($2) OR (check_id IS NULL AND NOT automatic))";

    @Inject
    Pool pool;

    /** Open incidents and those that ended since {@code since}, newest start first, at most {@code limit}. */
    public Uni<List<PublicIncident>> current(UUID workspaceId, List<UUID> checks, Instant since, int limit) {
        return query("SELECT " + COLUMNS + " FROM incidents WHERE " + SCOPE
                        + " AND (state = 'open' OR coalesce(resolved_at, started_at) >= $3)"
                        + " ORDER BY started_at DESC, id DESC LIMIT $4",
                Tuple.of(workspaceId, checks.toArray(UUID[]::new), utc(since), limit));
    }

    /** Resolved incidents that started before {@code before}, newest first, at most {@code limit}. */
    public Uni<List<PublicIncident>> resolvedBefore(UUID workspaceId, List<UUID> checks, Instant before, int limit) {
        return query("SELECT " + COLUMNS + " FROM incidents WHERE " + SCOPE
                        + " AND state = 'resolved' AND started_at < $3 ORDER BY started_at DESC, id DESC LIMIT $4",
                Tuple.of(workspaceId, checks.toArray(UUID[]::new), utc(before), limit));
    }

    /** One incident, when it is in this scope. */
    public Uni<Optional<PublicIncident>> one(UUID workspaceId, List<UUID> checks, UUID id) {
        return query("SELECT " + COLUMNS + " FROM incidents WHERE " + SCOPE + " AND id = $3",
                Tuple.of(workspaceId, checks.toArray(UUID[]::new), id))
                .map(found -> found.stream().findFirst());
    }

    private Uni<List<PublicIncident>> query(String sql, Tuple args) {
        return pool.withConnection(conn -> conn.preparedQuery(sql).execute(args).chain(rows -> {
            List<Row> list = new ArrayList<>();
            rows.forEach(list::add);
            if (list.isEmpty()) {
                return Uni.createFrom().item(List.<PublicIncident>of());
            }
            UUID[] ids = list.stream().map(r -> r.getUUID("id")).toArray(UUID[]::new);
            return conn.preparedQuery("SELECT incident_id, at, phase, message FROM incident_updates "
                            + "WHERE incident_id = ANY($1) ORDER BY at DESC, id DESC")
                    .execute(Tuple.of(ids))
                    .map(us -> {
                        Map<UUID, List<PublicIncident.Update>> updates = new HashMap<>();
                        us.forEach(u -> updates.computeIfAbsent(u.getUUID(0), k -> new ArrayList<>())
                                .add(new PublicIncident.Update(u.getOffsetDateTime(1).toInstant(), IncidentPhase.of(u.getString(2)), u.getString(3))));
                        return list.stream().map(r -> incident(r, updates.getOrDefault(r.getUUID("id"), List.of()))).toList();
                    });
        }));
    }

    private static PublicIncident incident(Row r, List<PublicIncident.Update> updates) {
        OffsetDateTime resolved = r.getOffsetDateTime("resolved_at");
        return new PublicIncident(r.getUUID("id"), r.getUUID("check_id"), r.getString("title"), r.getBoolean("automatic"),
                r.getString("state"), IncidentPhase.of(r.getString("phase")), IncidentImpact.of(r.getString("impact")),
                r.getOffsetDateTime("started_at").toInstant(),
                resolved == null ? null : resolved.toInstant(), List.copyOf(updates));
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}

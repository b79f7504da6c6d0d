package io.vigil.region;

import io.vigil.check.CheckRegistry;
import io.vigil.db.DatabaseErrors;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.VigilConfig;
import io.vigil.api.ApiException;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.audit.Changes;
import io.vigil.api.FieldError;
import io.vigil.api.Page;
import io.vigil.auth.Caller;
import io.vigil.auth.Secrets;
import io.vigil.check.RegionDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Regions of a workspace, their agent tokens and agents. The server's own region is always there. */
@ApplicationScoped
public class RegionService implements RegionDirectory {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** Body of {@code POST /api/v1/regions}. */
    public record CreateRegion(String name, String displayName, String location) {
    }

    /** The create answer of a token: the only time it is shown. */
    public record CreatedToken(UUID id, String region, String token) {
    }

    @Inject
    Pool pool;
    @Inject
    AuditLog audit;
    @Inject
    VigilConfig vigil;
    @Inject
    RegionsConfig config;
    @Inject
    Clock clock;
    @Inject
    CheckRegistry registry;

    /** The names checks of this workspace may be assigned to. */
    @Override
    public Uni<Set<String>> names(UUID workspaceId) {
        return pool.preparedQuery("SELECT name FROM regions WHERE workspace_id = $1").execute(Tuple.of(workspaceId))
                .map(rows -> {
                    Set<String> names = new HashSet<>();
                    names.add(vigil.region());
                    rows.forEach(r -> names.add(r.getString(0)));
                    return names;
                });
    }

    public Uni<RegionView> create(Caller caller, CreateRegion r) {
        if (r == null) {
            throw ApiException.badRequest("a JSON body with at least a name is required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (r.name() == null || !NAME.matcher(r.name()).matches()) {
            errors.add(new FieldError("name", "must be 1 to 63 lowercase letters, digits or dashes, starting with a letter or digit"));
        } else if (r.name().equals(vigil.region())) {
            throw ApiException.conflict("'" + r.name() + "' is the server's own region");
        }
        if (r.displayName() != null && r.displayName().length() > 200) {
            errors.add(new FieldError("displayName", "must be at most 200 characters"));
        }
        if (r.location() != null && r.location().length() > 200) {
            errors.add(new FieldError("location", "must be at most 200 characters"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        String display = r.displayName() == null || r.displayName().isBlank() ? r.name() : r.displayName().trim();
        UUID id = UUID.randomUUID();
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO regions (id, workspace_id, name, display_name, location) "
                                + "VALUES ($1, $2, $3, $4, $5)")
                        .execute(Tuple.of(id, caller.workspaceId(), r.name(), display).addString(r.location()))
                        .chain(() -> audit.record(tx, AuditEvent.of(caller.workspaceId(), caller.actor(), "region.created",
                                "region", r.name()).changes(Changes.none().with("name", null, r.name())
                                .with("displayName", null, display).with("location", null, r.location())))))
                .onFailure(DatabaseErrors::isUniqueViolation).transform(e -> ApiException.conflict("region '" + r.name() + "' exists"))
                .map(x -> new RegionView(r.name(), display, r.location(), false, 0, List.of()));
    }

    public Uni<Page<RegionView>> list(Caller caller) {
        return views(caller, null).map(items -> new Page<>(items, null));
    }

    public Uni<RegionView> get(Caller caller, String name) {
        return views(caller, name).map(items -> {
            if (items.isEmpty()) {
                throw ApiException.notFound("region " + name);
            }
            return items.get(0);
        });
    }

    public Uni<Void> delete(Caller caller, String name) {
        if (name.equals(vigil.region())) {
            throw ApiException.conflict("the server's own region cannot be deleted");
        }
        return pool.preparedQuery("SELECT count(*) FROM checks WHERE workspace_id = $1 AND $2 = ANY(regions)")
                .execute(Tuple.of(caller.workspaceId(), name))
                .chain(rows -> {
                    long assigned = rows.iterator().next().getLong(0);
                    if (assigned > 0) {
                        throw ApiException.conflict(assigned + " checks still probe from '" + name + "'; move them first");
                    }
                    return pool.withTransaction(tx -> tx.preparedQuery("DELETE FROM regions WHERE workspace_id = $1 AND name = $2")
                            .execute(Tuple.of(caller.workspaceId(), name))
                            .call(deleted -> {
                                if (deleted.rowCount() == 0) {
                                    throw ApiException.notFound("region " + name);
                                }
                                return audit.record(tx, AuditEvent.of(caller.workspaceId(), caller.actor(), "region.deleted",
                                        "region", name).changes(Changes.none().with("name", name, null)));
                            }));
                })
                .replaceWithVoid();
    }

    public Uni<CreatedToken> createToken(Caller caller, String name) {
        String secret = Secrets.newToken("vga_");
        UUID id = UUID.randomUUID();
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO agent_tokens (id, workspace_id, region, token_hash, "
                                + "created_at) SELECT $1, workspace_id, name, $3, $4 FROM regions WHERE workspace_id = $2 AND name = $5")
                        .execute(Tuple.of(id, caller.workspaceId(), io.vertx.core.buffer.Buffer.buffer(Secrets.sha256(secret)),
                                clock.instant().atOffset(ZoneOffset.UTC), name))
                        .call(rows -> {
                            if (rows.rowCount() == 0) {
                                throw ApiException.notFound("region " + name);
                            }
                            return audit.record(tx, AuditEvent.of(caller.workspaceId(), caller.actor(), "region.token_created",
                                    "agent_token", id).changes(Changes.none().with("region", null, name)));
                        }))
                .map(rows -> new CreatedToken(id, name, secret));
    }

    /** The live agents of a region, sorted: an agent is live while it reported within two heartbeat intervals. */
    public Uni<List<String>> liveAgents(UUID workspaceId, String region) {
        Instant since = clock.instant().minus(config.heartbeatInterval().multipliedBy(2));
        return pool.preparedQuery("SELECT agent_id FROM agents WHERE workspace_id = $1 AND region = $2 AND last_seen_at >= $3 ORDER BY agent_id")
                .execute(Tuple.of(workspaceId, region, since.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString(0)));
                    return ids;
                });
    }

    public Uni<Void> heartbeat(UUID workspaceId, String region, String agentId, String version, long backlog, long dropped) {
        return pool.preparedQuery("INSERT INTO agents (workspace_id, region, agent_id, version, backlog, dropped, last_seen_at) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (workspace_id, region, agent_id) DO UPDATE SET "
                        + "version = excluded.version, backlog = excluded.backlog, dropped = excluded.dropped, last_seen_at = excluded.last_seen_at")
                .execute(Tuple.of(workspaceId, region, agentId).addString(version).addLong(backlog).addLong(dropped)
                        .addOffsetDateTime(clock.instant().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    private Uni<List<RegionView>> views(Caller caller, String only) {
        Tuple args = Tuple.of(caller.workspaceId()).addString(only);
        Instant liveSince = clock.instant().minus(config.heartbeatInterval().multipliedBy(2));
        Map<String, List<RegionView.Agent>> agents = new HashMap<>();
        Map<String, Integer> assigned = new HashMap<>();
        return pool.preparedQuery("SELECT region, agent_id, version, backlog, dropped, last_seen_at FROM agents "
                        + "WHERE workspace_id = $1 AND ($2::text IS NULL OR region = $2) ORDER BY agent_id").execute(args)
                .invoke(rows -> rows.forEach(r -> agents.computeIfAbsent(r.getString(0), k -> new ArrayList<>())
                        .add(new RegionView.Agent(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4),
                                r.getOffsetDateTime(5).toInstant(), !r.getOffsetDateTime(5).toInstant().isBefore(liveSince), 0))))
                .invoke(() -> agents.replaceAll((region, list) -> withAssignments(caller.workspaceId(), region, list)))
                .chain(() -> pool.preparedQuery("SELECT r, count(*) FROM checks, unnest(regions) r WHERE workspace_id = $1 "
                        + "AND ($2::text IS NULL OR r = $2) GROUP BY r").execute(args))
                .invoke(rows -> rows.forEach(r -> assigned.put(r.getString(0), r.getLong(1).intValue())))
                .chain(() -> pool.preparedQuery("SELECT name, display_name, location FROM regions WHERE workspace_id = $1 "
                        + "AND ($2::text IS NULL OR name = $2) ORDER BY name").execute(args))
                .map(rows -> {
                    List<RegionView> views = new ArrayList<>();
                    if (only == null || only.equals(vigil.region())) {
                        views.add(new RegionView(vigil.region(), "This server", null, true,
                                assigned.getOrDefault(vigil.region(), 0), List.of()));
                    }
                    for (Row r : rows) {
                        String name = r.getString(0);
                        views.add(new RegionView(name, r.getString(1), r.getString(2), false, assigned.getOrDefault(name, 0),
                                agents.getOrDefault(name, List.of())));
                    }
                    return views;
                });
    }

    /** How many checks each live agent runs now: the same rendezvous assignment the agents pull by. */
    private List<RegionView.Agent> withAssignments(UUID workspaceId, String region, List<RegionView.Agent> agents) {
        List<String> live = agents.stream().filter(RegionView.Agent::live).map(RegionView.Agent::id).sorted().toList();
        Map<String, Integer> counts = new HashMap<>();
        registry.all().stream()
                .filter(c -> workspaceId.equals(c.workspaceId()) && c.regions().contains(region))
                .filter(c -> !c.paused() && !"heartbeat".equals(c.type()))
                .forEach(c -> {
                    String owner = Assignment.owner(c.id(), live);
                    if (owner != null) {
                        counts.merge(owner, 1, Integer::sum);
                    }
                });
        return agents.stream().map(a -> new RegionView.Agent(a.id(), a.version(), a.backlog(), a.dropped(), a.lastSeenAt(),
                a.live(), counts.getOrDefault(a.id(), 0))).toList();
    }
}

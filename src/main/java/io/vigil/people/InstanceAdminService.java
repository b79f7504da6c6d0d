package io.vigil.people;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.ApiException;
import io.vigil.api.FieldError;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What the instance admin sees and sets across workspaces: counts, limits, disabled users. */
@ApplicationScoped
public class InstanceAdminService {

    private static final String SELECT = "SELECT w.id, w.slug, w.name, "
            + "(SELECT count(*) FROM memberships m WHERE m.workspace_id = w.id), "
            + "(SELECT count(*) FROM checks c WHERE c.workspace_id = w.id), "
            + "(SELECT count(*) FROM status_pages p WHERE p.workspace_id = w.id), "
            + "w.max_checks, w.max_status_pages, w.min_interval_seconds FROM workspaces w";

    @Inject
    Pool pool;
    @Inject
    Clock clock;
    @Inject
    AuditLog audit;

    /** A workspace's limits; {@code null} is no limit. */
    public record Limits(Integer maxChecks, Integer maxStatusPages, Integer minIntervalSeconds) {
        Limits validate() {
            List<FieldError> errors = new ArrayList<>();
            if (maxChecks != null && maxChecks < 0) {
                errors.add(new FieldError("maxChecks", "must be 0 or more, or null for no limit"));
            }
            if (maxStatusPages != null && maxStatusPages < 0) {
                errors.add(new FieldError("maxStatusPages", "must be 0 or more, or null for no limit"));
            }
            if (minIntervalSeconds != null && minIntervalSeconds < 1) {
                errors.add(new FieldError("minIntervalSeconds", "must be 1 or more, or null for no limit"));
            }
            if (!errors.isEmpty()) {
                throw ApiException.invalid(errors);
            }
            return this;
        }
    }

    /** A workspace as the instance admin lists it. */
    public record AdminWorkspaceView(UUID id, String slug, String name, long members, long checks, long statusPages,
                                     Limits limits) {
        static AdminWorkspaceView of(Row r) {
            return new AdminWorkspaceView(r.getUUID(0), r.getString(1), r.getString(2), r.getLong(3), r.getLong(4),
                    r.getLong(5), new Limits(r.getInteger(6), r.getInteger(7), r.getInteger(8)));
        }
    }

    public Uni<List<AdminWorkspaceView>> workspaces() {
        return pool.query(SELECT + " ORDER BY w.created_at, w.id").execute().map(rows -> {
            List<AdminWorkspaceView> all = new ArrayList<>();
            rows.forEach(r -> all.add(AdminWorkspaceView.of(r)));
            return all;
        });
    }

    /** Recorded in the workspace's own log (its admins see what the instance admin allowed them). */
    public Uni<AdminWorkspaceView> setLimits(Caller caller, UUID id, Limits request) {
        Limits l = (request == null ? new Limits(null, null, null) : request).validate();
        return pool.withTransaction(conn -> conn.preparedQuery(SELECT + " WHERE w.id = $1 FOR UPDATE OF w").execute(Tuple.of(id))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        throw ApiException.notFound("workspace " + id);
                    }
                    Limits old = AdminWorkspaceView.of(rows.iterator().next()).limits();
                    return conn.preparedQuery("UPDATE workspaces SET max_checks = $2, max_status_pages = $3, "
                                    + "min_interval_seconds = $4 WHERE id = $1")
                            .execute(Tuple.of(id, l.maxChecks(), l.maxStatusPages(), l.minIntervalSeconds()))
                            .chain(() -> old.equals(l) ? Uni.createFrom().voidItem() : audit.record(conn, AuditEvent.of(id,
                                    caller.actor(), "workspace.limits_changed", "workspace", id).changes(audit.diff(old, l))))
                            .chain(() -> conn.preparedQuery(SELECT + " WHERE w.id = $1").execute(Tuple.of(id)));
                })
                .map(rows -> AdminWorkspaceView.of(rows.iterator().next())));
    }

    /** Disabling keeps the user's tokens: authentication refuses a disabled user's, and enabling brings them back. */
    public Uni<Void> setDisabled(Caller caller, UUID userId, boolean disabled) {
        if (disabled && userId.equals(caller.userId())) {
            throw ApiException.conflict("you cannot disable yourself");
        }
        String sql = disabled
                ? "UPDATE users SET disabled_at = coalesce(disabled_at, $2) WHERE id = $1"
                : "UPDATE users SET disabled_at = NULL WHERE id = $1";
        Tuple args = disabled ? Tuple.of(userId, clock.instant().atOffset(ZoneOffset.UTC)) : Tuple.of(userId);
        AuditEvent event = AuditEvent.of(null, caller.actor(), disabled ? "user.disabled" : "user.enabled", "user", userId);
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT disabled_at FROM users WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(userId))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        throw ApiException.notFound("user " + userId);
                    }
                    boolean was = rows.iterator().next().getValue(0) != null;
                    return conn.preparedQuery(sql).execute(args)
                            .chain(() -> was == disabled ? Uni.createFrom().voidItem()
                                    : audit.record(conn, event.changes(event.changes().with("disabled", was, disabled))));
                }));
    }
}

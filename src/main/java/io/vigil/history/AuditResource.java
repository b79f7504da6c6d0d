package io.vigil.history;

import io.smallrye.mutiny.Uni;
import io.vigil.api.ApiException;
import io.vigil.api.Page;
import io.vigil.api.Paging;
import io.vigil.audit.AuditFilter;
import io.vigil.audit.AuditItem;
import io.vigil.audit.AuditQueries;
import io.vigil.auth.Access;
import io.vigil.auth.CurrentCaller;
import io.vigil.auth.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/audit}: the caller's workspace's audit log, newest first (admins and owners). The instance-level
 * entries (workspaces deleted, failed logins, the instance admin's acts) are at {@link InstanceAuditResource}.
 */
@Tag(name = "Audit")
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private static final Pattern ACTION = Pattern.compile("[a-z_]{1,40}(\\.[a-z_]{1,40})?\\.?");

    @Inject
    AuditQueries queries;
    @Inject
    CurrentCaller current;

    @Operation(summary = "List the workspace's audit log")
    @Access(Role.ADMIN)
    @GET
    public Uni<Page<AuditItem>> list(@QueryParam("objectId") String objectId, @QueryParam("actor") String actor,
                                     @QueryParam("action") String action, @QueryParam("from") String from,
                                     @QueryParam("to") String to, @QueryParam("limit") String limit,
                                     @QueryParam("cursor") String cursor) {
        return queries.list(current.get().workspaceId(), filter(objectId, actor, action, from, to), Paging.limit(limit),
                Paging.decode(cursor));
    }

    /** The query's filters, each checked: a bad one is a 400 naming it. */
    static AuditFilter filter(String objectId, String actor, String action, String from, String to) {
        String object = blank(objectId) ? null : objectId.trim();
        if (object != null && object.length() > 320) {
            throw ApiException.invalid("objectId", "must be at most 320 characters");
        }
        UUID actorId = null;
        boolean system = false;
        if (!blank(actor)) {
            if (actor.trim().equals("system")) {
                system = true;
            } else {
                try {
                    actorId = UUID.fromString(actor.trim());
                } catch (IllegalArgumentException e) {
                    throw ApiException.invalid("actor", "must be a user's or token's id, or \"system\"");
                }
            }
        }
        String act = blank(action) ? null : action.trim();
        if (act != null && !ACTION.matcher(act).matches()) {
            throw ApiException.invalid("action", "must be an action such as check.updated, or a prefix such as check.");
        }
        Instant fromAt = Paging.instant(from, "from");
        Instant toAt = Paging.instant(to, "to");
        if (fromAt != null && toAt != null && !fromAt.isBefore(toAt)) {
            throw ApiException.invalid("to", "must be after from");
        }
        return new AuditFilter(object, actorId, system, act, fromAt, toAt);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

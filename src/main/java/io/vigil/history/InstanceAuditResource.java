package io.vigil.history;

import io.smallrye.mutiny.Uni;
import io.vigil.api.Page;
import io.vigil.api.Paging;
import io.vigil.audit.AuditItem;
import io.vigil.audit.AuditQueries;
import io.vigil.auth.Access;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/v1/admin/audit}: the entries that belong to no workspace (a workspace deleted, failed logins, the
 * instance admin's limits and user switches), for the instance admin; same filters as {@code /api/v1/audit}.
 */
@Tag(name = "Audit")
@Path("/api/v1/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
public class InstanceAuditResource {

    @Inject
    AuditQueries queries;

    @Operation(summary = "List the instance-level audit log")
    @Access(scope = Access.Scope.INSTANCE_ADMIN)
    @GET
    public Uni<Page<AuditItem>> list(@QueryParam("objectId") String objectId, @QueryParam("actor") String actor,
                                     @QueryParam("action") String action, @QueryParam("from") String from,
                                     @QueryParam("to") String to, @QueryParam("limit") String limit,
                                     @QueryParam("cursor") String cursor) {
        return queries.list(null, AuditResource.filter(objectId, actor, action, from, to), Paging.limit(limit),
                Paging.decode(cursor));
    }
}

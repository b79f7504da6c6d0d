package io.vigil.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vigil.api.ApiException;
import io.vigil.api.Ids;
import io.vigil.api.Page;
import io.vigil.api.Paging;
import io.vigil.audit.Revisions;
import io.vigil.audit.Revisions.RevisionView;
import io.vigil.auth.Access;
import io.vigil.auth.Caller;
import io.vigil.auth.CurrentCaller;
import io.vigil.auth.Role;
import io.vigil.check.CheckService;
import io.vigil.check.CheckView;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** {@code /api/v1/checks/{id}/revisions}: a check's saved definitions, and putting one back. */
@Tag(name = "Checks")
@Path("/api/v1/checks/{id}/revisions")
@Produces(MediaType.APPLICATION_JSON)
public class CheckRevisionResource {

    @Inject
    CheckService checks;
    @Inject
    Revisions revisions;
    @Inject
    CurrentCaller current;
    @Inject
    ObjectMapper mapper;

    @Operation(summary = "List a check's revisions")
    @Access(Role.VIEWER)
    @GET
    public Uni<Page<RevisionView>> list(@PathParam("id") String id, @QueryParam("limit") String limit,
                                        @QueryParam("cursor") String cursor) {
        Caller caller = current.get();
        UUID checkId = Ids.parse(id, "check");
        int n = Paging.limit(limit);
        Paging.Position after = Paging.decode(cursor);
        return checks.exists(caller, checkId)
                .chain(() -> revisions.list(caller.workspaceId(), Revisions.CHECK, checkId, n, after));
    }

    /** A restore is a replace with the revision's definition: validated and rescheduled as a PUT, and a new revision. */
    @Operation(summary = "Restore a check's revision")
    @Access(Role.EDITOR)
    @POST
    @Path("{revision}/restore")
    public Uni<CheckView> restore(@PathParam("id") String id, @PathParam("revision") String revision) {
        Caller caller = current.get();
        UUID checkId = Ids.parse(id, "check");
        int number = RevisionNumbers.parse(revision);
        return checks.exists(caller, checkId)
                .chain(() -> revisions.view(caller.workspaceId(), Revisions.CHECK, checkId, number))
                .chain(view -> {
                    if (view == null) {
                        throw ApiException.notFound("revision " + number + " of check " + checkId);
                    }
                    ObjectNode definition = view.deepCopy();
                    definition.remove(List.of("status", "pingUrl"));
                    try {
                        return checks.restore(caller, checkId, mapper.treeToValue(definition, CheckView.class));
                    } catch (JsonProcessingException e) {
                        throw ApiException.conflict("revision " + number + " no longer fits a check: " + e.getOriginalMessage());
                    }
                });
    }
}

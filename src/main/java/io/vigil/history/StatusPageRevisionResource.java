package io.vigil.history;

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
import io.vigil.statuspage.StatusPageService;
import io.vigil.statuspage.StatusPageView;
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

import java.util.UUID;

/**
 * {@code /api/v1/status-pages/{id}/revisions}: a page's saved versions, and putting one back. Revisions hold no
 * password: a protected page keeps the one it has.
 */
@Tag(name = "Status pages")
@Path("/api/v1/status-pages/{id}/revisions")
@Produces(MediaType.APPLICATION_JSON)
public class StatusPageRevisionResource {

    @Inject
    StatusPageService pages;
    @Inject
    Revisions revisions;
    @Inject
    CurrentCaller current;

    @Operation(summary = "List a status page's revisions")
    @Access(Role.VIEWER)
    @GET
    public Uni<Page<RevisionView>> list(@PathParam("id") String id, @QueryParam("limit") String limit,
                                        @QueryParam("cursor") String cursor) {
        Caller caller = current.get();
        UUID pageId = Ids.parse(id, "status page");
        int n = Paging.limit(limit);
        Paging.Position after = Paging.decode(cursor);
        return pages.get(caller, pageId)
                .chain(() -> revisions.list(caller.workspaceId(), Revisions.STATUS_PAGE, pageId, n, after));
    }

    @Operation(summary = "Restore a status page's revision")
    @Access(Role.EDITOR)
    @POST
    @Path("{revision}/restore")
    public Uni<StatusPageView> restore(@PathParam("id") String id, @PathParam("revision") String revision) {
        Caller caller = current.get();
        UUID pageId = Ids.parse(id, "status page");
        int number = RevisionNumbers.parse(revision);
        return pages.get(caller, pageId)
                .chain(() -> revisions.view(caller.workspaceId(), Revisions.STATUS_PAGE, pageId, number))
                .chain(view -> {
                    if (view == null) {
                        throw ApiException.notFound("revision " + number + " of status page " + pageId);
                    }
                    return pages.restore(caller, pageId, view);
                });
    }
}

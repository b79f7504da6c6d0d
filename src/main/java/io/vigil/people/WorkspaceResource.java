package io.vigil.people;

import io.smallrye.mutiny.Uni;
import io.vigil.api.Ids;
import io.vigil.api.Page;
import io.vigil.auth.Access;
import io.vigil.auth.CurrentCaller;
import io.vigil.people.Memberships.WorkspaceView;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;

/**
 * {@code /api/v1/workspaces}: the caller's workspaces. A person may create any number (and owns them); renaming needs
 * the admin role there, deleting the owner role and the slug typed back.
 */
@Tag(name = "Workspaces")
@Path("/api/v1/workspaces")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WorkspaceResource {

    /** Body of {@code DELETE /api/v1/workspaces/{id}}: the workspace's slug, typed back. */
    public record DeleteWorkspaceRequest(String confirm) {
    }

    @Inject
    WorkspaceService workspaces;
    @Inject
    Memberships memberships;
    @Inject
    CurrentCaller current;

    @Operation(summary = "Create a workspace (you become its owner)")
    @Access(scope = Access.Scope.PERSONAL)
    @POST
    @APIResponse(responseCode = "201", description = "Created; `Location` names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WorkspaceView.class)))
    public Uni<Response> create(WorkspaceRequest request) {
        return workspaces.create(current.get(), request)
                .map(ws -> Response.created(URI.create("/api/v1/workspaces/" + ws.id())).entity(ws).build());
    }

    @Operation(summary = "List your workspaces, with your role in each")
    @Access(scope = Access.Scope.PERSONAL)
    @GET
    public Uni<Page<WorkspaceView>> list() {
        return workspaces.mine(current.get()).map(all -> new Page<>(all, null));
    }

    @Operation(summary = "Get a workspace you belong to")
    @Access(scope = Access.Scope.PERSONAL)
    @GET
    @Path("{id}")
    public Uni<WorkspaceView> get(@PathParam("id") String id) {
        return memberships.visible(current.get(), Ids.parse(id, "workspace"));
    }

    @Operation(summary = "Rename a workspace or change its slug (admin there)")
    @Access(scope = Access.Scope.PERSONAL)
    @PATCH
    @Path("{id}")
    public Uni<WorkspaceView> update(@PathParam("id") String id, WorkspaceRequest request) {
        return workspaces.update(current.get(), Ids.parse(id, "workspace"), request);
    }

    @Operation(summary = "Delete a workspace and everything in it (owner there; body {\"confirm\": \"<slug>\"})")
    @Access(scope = Access.Scope.PERSONAL)
    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id, DeleteWorkspaceRequest request) {
        return workspaces.delete(current.get(), Ids.parse(id, "workspace"), request == null ? null : request.confirm())
                .map(x -> Response.noContent().build());
    }
}

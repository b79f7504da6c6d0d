package io.vigil.people;

import io.smallrye.mutiny.Uni;
import io.vigil.api.Ids;
import io.vigil.api.Page;
import io.vigil.auth.Access;
import io.vigil.auth.CurrentCaller;
import io.vigil.people.InstanceAdminService.AdminWorkspaceView;
import io.vigil.people.InstanceAdminService.Limits;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/admin}: the instance admin's view of every workspace and user. */
@Tag(name = "Instance admin")
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InstanceAdminResource {

    @Inject
    InstanceAdminService admin;
    @Inject
    CurrentCaller current;

    @Operation(summary = "Every workspace, with its counts and limits")
    @Access(scope = Access.Scope.INSTANCE_ADMIN)
    @GET
    @Path("workspaces")
    public Uni<Page<AdminWorkspaceView>> workspaces() {
        return admin.workspaces().map(all -> new Page<>(all, null));
    }

    @Operation(summary = "Set a workspace's limits (null: no limit)")
    @Access(scope = Access.Scope.INSTANCE_ADMIN)
    @PATCH
    @Path("workspaces/{id}/limits")
    public Uni<AdminWorkspaceView> limits(@PathParam("id") String id, Limits limits) {
        return admin.setLimits(current.get(), Ids.parse(id, "workspace"), limits);
    }

    @Operation(summary = "Disable a user: their tokens and sessions stop working at once")
    @Access(scope = Access.Scope.INSTANCE_ADMIN)
    @POST
    @Path("users/{id}/disable")
    public Uni<Response> disable(@PathParam("id") String id) {
        return admin.setDisabled(current.get(), Ids.parse(id, "user"), true).map(x -> Response.noContent().build());
    }

    @Operation(summary = "Enable a disabled user again")
    @Access(scope = Access.Scope.INSTANCE_ADMIN)
    @POST
    @Path("users/{id}/enable")
    public Uni<Response> enable(@PathParam("id") String id) {
        return admin.setDisabled(current.get(), Ids.parse(id, "user"), false).map(x -> Response.noContent().build());
    }
}

package io.vigil.maintenance;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import io.smallrye.mutiny.Uni;
import io.vigil.api.Ids;
import io.vigil.api.Page;
import io.vigil.auth.Access;
import io.vigil.auth.CurrentCaller;
import io.vigil.auth.Role;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** {@code /api/v1/maintenance}: windows during which checks keep probing but open no incident. */
@Tag(name = "Maintenance")
@Path("/api/v1/maintenance")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MaintenanceResource {

    @Inject
    MaintenanceService maintenance;
    @Inject
    CurrentCaller current;

    @Operation(summary = "Schedule a maintenance window")
    @APIResponse(responseCode = "201", description = "Created; `Location` names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MaintenanceView.class)))
    @Access(Role.EDITOR)
    @POST
    public Uni<Response> create(MaintenanceRequest request) {
        return maintenance.create(current.get(), request)
                .map(v -> Response.created(URI.create("/api/v1/maintenance/" + v.id())).entity(v).build());
    }

    @Operation(summary = "List maintenance windows")
    @Access(Role.VIEWER)
    @GET
    @NonBlocking
    public Page<MaintenanceView> list() {
        return maintenance.list(current.get());
    }

    @Operation(summary = "Get a maintenance window")
    @Access(Role.VIEWER)
    @GET
    @NonBlocking
    @Path("{id}")
    public MaintenanceView get(@PathParam("id") String id) {
        return maintenance.get(current.get(), Ids.parse(id, "maintenance window"));
    }

    @Operation(summary = "Delete a maintenance window")
    @Access(Role.EDITOR)
    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return maintenance.delete(current.get(), Ids.parse(id, "maintenance window")).map(x -> Response.noContent().build());
    }


}

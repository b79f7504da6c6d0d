package io.vigil.region;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import io.smallrye.mutiny.Uni;
import io.vigil.api.Page;
import io.vigil.auth.Access;
import io.vigil.auth.CurrentCaller;
import io.vigil.auth.Role;
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

/** {@code /api/v1/regions}: where checks probe from, and the tokens their agents use. */
@Tag(name = "Regions")
@Path("/api/v1/regions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RegionResource {

    @Inject
    RegionService regions;
    @Inject
    CurrentCaller current;

    @Operation(summary = "Create a region")
    @APIResponse(responseCode = "201", description = "Created; `Location` names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegionView.class)))
    @Access(Role.ADMIN)
    @POST
    public Uni<Response> create(RegionService.CreateRegion request) {
        return regions.create(current.get(), request)
                .map(v -> Response.created(URI.create("/api/v1/regions/" + v.name())).entity(v).build());
    }

    @Operation(summary = "List regions")
    @Access(Role.VIEWER)
    @GET
    public Uni<Page<RegionView>> list() {
        return regions.list(current.get());
    }

    @Operation(summary = "Get a region")
    @Access(Role.VIEWER)
    @GET
    @Path("{name}")
    public Uni<RegionView> get(@PathParam("name") String name) {
        return regions.get(current.get(), name);
    }

    @Operation(summary = "Delete a region")
    @Access(Role.ADMIN)
    @DELETE
    @Path("{name}")
    public Uni<Response> delete(@PathParam("name") String name) {
        return regions.delete(current.get(), name).map(x -> Response.noContent().build());
    }

    /** A new agent token for the region, shown once. */
    @Operation(summary = "Mint a region agent token")
    @APIResponse(responseCode = "201", description = "Created; `Location` names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegionService.CreatedToken.class)))
    @Access(Role.ADMIN)
    @POST
    @Path("{name}/tokens")
    public Uni<Response> token(@PathParam("name") String name) {
        return regions.createToken(current.get(), name)
                .map(t -> Response.created(URI.create("/api/v1/regions/" + name + "/tokens/" + t.id())).entity(t).build());
    }

}

package io.vigil.statuspage;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vigil.api.Ids;
import io.vigil.api.Page;
import io.vigil.api.Paging;
import io.vigil.auth.Access;
import io.vigil.auth.CurrentCaller;
import io.vigil.auth.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** {@code /api/v1/status-pages}: what the public sees at {@code /status/{slug}}. */
@Tag(name = "Status pages")
@Path("/api/v1/status-pages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StatusPageResource {

    @Inject
    StatusPageService pages;
    @Inject
    CurrentCaller current;

    @Operation(summary = "Create a status page")
    @APIResponse(responseCode = "201", description = "Created; `Location` names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatusPageView.class)))
    @Access(Role.EDITOR)
    @POST
    @Blocking
    public Uni<Response> create(StatusPageRequest request) {
        return pages.create(current.get(), request)
                .map(v -> Response.created(URI.create("/api/v1/status-pages/" + v.id())).entity(v).build());
    }

    @Operation(summary = "List status pages")
    @Access(Role.VIEWER)
    @GET
    public Uni<Page<StatusPageView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return pages.list(current.get(), Paging.limit(limit), Paging.decode(cursor));
    }

    @Operation(summary = "Get a status page")
    @Access(Role.VIEWER)
    @GET
    @Path("{id}")
    public Uni<StatusPageView> get(@PathParam("id") String id) {
        return pages.get(current.get(), Ids.parse(id, "status page"));
    }

    @Operation(summary = "Replace a status page")
    @Access(Role.EDITOR)
    @PUT
    @Blocking
    @Path("{id}")
    public Uni<StatusPageView> replace(@PathParam("id") String id, StatusPageRequest request) {
        return pages.replace(current.get(), Ids.parse(id, "status page"), request);
    }

    @Operation(summary = "Delete a status page")
    @Access(Role.EDITOR)
    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return pages.delete(current.get(), Ids.parse(id, "status page")).map(x -> Response.noContent().build());
    }
}

package io.vigil.incident;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import io.smallrye.mutiny.Uni;
import io.vigil.api.ApiException;
import io.vigil.api.Ids;
import io.vigil.api.Page;
import io.vigil.api.Paging;
import io.vigil.auth.Caller;
import io.vigil.auth.Access;
import io.vigil.auth.CurrentCaller;
import io.vigil.auth.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.Set;
import java.util.UUID;

/** {@code /api/v1/incidents}: opened and resolved by verdicts, or by people; updates tell the story. */
@Tag(name = "Incidents")
@Path("/api/v1/incidents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class IncidentResource {

    @Inject
    IncidentService incidents;
    @Inject
    CurrentCaller current;

    @Operation(summary = "List incidents")
    @Access(Role.VIEWER)
    @GET
    public Uni<Page<IncidentView>> list(@QueryParam("checkId") String checkId, @QueryParam("state") String state,
                                        @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        if (state != null && !Set.of("open", "resolved").contains(state)) {
            throw ApiException.invalid("state", "must be open or resolved");
        }
        UUID check = null;
        if (checkId != null && !checkId.isBlank()) {
            try {
                check = UUID.fromString(checkId.trim());
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("checkId", "is not a check id");
            }
        }
        return incidents.list(current.get(), check, state, Paging.limit(limit), Paging.decode(cursor));
    }

    @Operation(summary = "Get an incident")
    @Access(Role.VIEWER)
    @GET
    @Path("{id}")
    public Uni<IncidentView> get(@PathParam("id") String id) {
        return incidents.get(current.get(), Ids.parse(id, "incident"));
    }

    @Operation(summary = "Open an incident")
    @APIResponse(responseCode = "201", description = "Created; `Location` names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IncidentView.class)))
    @Access(Role.EDITOR)
    @POST
    public Uni<Response> create(IncidentRequests.Create request) {
        Caller caller = current.get();
        if (request == null) {
            throw ApiException.badRequest("a JSON body with at least a title is required");
        }
        return incidents.create(caller, request)
                .map(v -> Response.created(URI.create("/api/v1/incidents/" + v.id())).entity(v).build());
    }

    @Operation(summary = "Post an incident update")
    @APIResponse(responseCode = "201", description = "Created; `Location` names the incident",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IncidentView.class)))
    @Access(Role.EDITOR)
    @POST
    @Path("{id}/updates")
    public Uni<Response> addUpdate(@PathParam("id") String id, IncidentRequests.AddUpdate request) {
        Caller caller = current.get();
        if (request == null) {
            throw ApiException.badRequest("a JSON body with phase and message is required");
        }
        return incidents.update(caller, Ids.parse(id, "incident"), request)
                .map(v -> Response.created(URI.create("/api/v1/incidents/" + v.id())).entity(v).build());
    }


}

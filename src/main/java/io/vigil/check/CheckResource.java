package io.vigil.check;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vigil.api.ApiException;
import io.vigil.api.Ids;
import io.vigil.api.Page;
import io.vigil.api.Paging;
import io.vigil.auth.Caller;
import io.vigil.auth.Access;
import io.vigil.auth.CurrentCaller;
import io.vigil.auth.Role;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.UUID;

/** {@code /api/v1/checks}: create, list, read, replace, patch, delete, pause and resume checks. */
@Tag(name = "Checks")
@Path("/api/v1/checks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CheckResource {

    static final String MERGE_PATCH = "application/merge-patch+json";

    @Inject
    CheckService checks;
    @Inject
    CurrentCaller current;
    @Inject
    ObjectMapper mapper;

    @Operation(summary = "Create a check")
    @Access(Role.EDITOR)
    @POST
    @APIResponse(responseCode = "201", description = "Created; `Location` names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CheckView.class)))
    public Uni<Response> create(CheckRequest request) {
        Caller caller = current.get();
        return checks.create(caller, requireBody(request))
                .map(view -> Response.created(URI.create("/api/v1/checks/" + view.id())).entity(view).build());
    }

    @Operation(summary = "List checks")
    @Access(Role.VIEWER)
    @GET
    public Uni<Page<CheckView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return checks.list(current.get(), Paging.limit(limit), Paging.decode(cursor));
    }

    @Operation(summary = "Get a check")
    @Access(Role.VIEWER)
    @GET
    @Path("{id}")
    public Uni<CheckView> get(@PathParam("id") String id) {
        return checks.get(current.get(), Ids.parse(id, "check"));
    }

    @Operation(summary = "Replace a check")
    @Access(Role.EDITOR)
    @PUT
    @Path("{id}")
    public Uni<CheckView> replace(@PathParam("id") String id, CheckRequest request) {
        return checks.replace(current.get(), Ids.parse(id, "check"), requireBody(request));
    }

    /** JSON Merge Patch (RFC 7396) over the check's writable members; the result is validated like a PUT. */
    @Operation(summary = "Update a check by JSON Merge Patch")
    @Access(Role.EDITOR)
    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH})
    @RequestBody(required = true, description = "JSON Merge Patch (RFC 7396): the members to change; `null` removes a member",
            content = {@Content(mediaType = MERGE_PATCH, schema = @Schema(implementation = CheckRequest.class)),
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CheckRequest.class))})
    public Uni<CheckView> patch(@PathParam("id") String id, JsonNode patch) {
        Caller caller = current.get();
        UUID checkId = Ids.parse(id, "check");
        if (patch == null || !patch.isObject()) {
            throw ApiException.badRequest("a PATCH body must be a JSON object (JSON Merge Patch)");
        }
        return checks.get(caller, checkId).chain(current -> {
            ObjectNode merged = mapper.valueToTree(current.toRequest());
            patch.fields().forEachRemaining(f -> {
                if (f.getValue().isNull()) {
                    merged.remove(f.getKey());
                } else {
                    merged.set(f.getKey(), f.getValue());
                }
            });
            CheckRequest request;
            try {
                request = mapper.treeToValue(merged, CheckRequest.class);
            } catch (JsonProcessingException e) {
                return Uni.createFrom().failure(e);
            }
            return checks.replace(caller, checkId, request);
        });
    }

    @Operation(summary = "Delete a check")
    @Access(Role.EDITOR)
    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return checks.delete(current.get(), Ids.parse(id, "check")).map(x -> Response.noContent().build());
    }

    @Operation(summary = "Pause a check")
    @Access(Role.EDITOR)
    @POST
    @Path("{id}/pause")
    public Uni<CheckView> pause(@PathParam("id") String id) {
        return checks.setPaused(current.get(), Ids.parse(id, "check"), true);
    }

    @Operation(summary = "Resume a check")
    @Access(Role.EDITOR)
    @POST
    @Path("{id}/resume")
    public Uni<CheckView> resume(@PathParam("id") String id) {
        return checks.setPaused(current.get(), Ids.parse(id, "check"), false);
    }


    private static CheckRequest requireBody(CheckRequest request) {
        if (request == null) {
            throw ApiException.badRequest("a JSON body describing the check is required");
        }
        return request;
    }
}

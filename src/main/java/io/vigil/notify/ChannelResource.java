package io.vigil.notify;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
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
import java.util.Map;

/** {@code /api/v1/channels}: where notifications go, their delivery log, test sends and re-sends. */
@Tag(name = "Channels")
@Path("/api/v1/channels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ChannelResource {

    @Inject
    ChannelService channels;
    @Inject
    DeliveryService deliveries;
    @Inject
    CurrentCaller current;

    @Operation(summary = "Create a notification channel")
    @APIResponse(responseCode = "201", description = "Created, secrets shown in clear this once; `Location` names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChannelView.class)))
    @Access(Role.ADMIN)
    @POST
    public Uni<Response> create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = ChannelSchemas.REQUEST))) Map<String, Object> body) {
        return channels.create(current.get(), body)
                .map(v -> Response.created(URI.create("/api/v1/channels/" + v.id())).entity(v).build());
    }

    @Operation(summary = "List notification channels")
    @Access(Role.VIEWER)
    @GET
    public Uni<Page<ChannelView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return channels.list(current.get(), Paging.limit(limit), Paging.decode(cursor));
    }

    @Operation(summary = "Get a notification channel")
    @Access(Role.VIEWER)
    @GET
    @Path("{id}")
    public Uni<ChannelView> get(@PathParam("id") String id) {
        return channels.get(current.get(), Ids.parse(id, "channel"));
    }

    @Operation(summary = "Replace a notification channel")
    @Access(Role.ADMIN)
    @PUT
    @Path("{id}")
    public Uni<ChannelView> replace(@PathParam("id") String id, @RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ChannelSchemas.REQUEST))) Map<String, Object> body) {
        return channels.replace(current.get(), Ids.parse(id, "channel"), body);
    }

    @Operation(summary = "Delete a notification channel")
    @Access(Role.ADMIN)
    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return channels.delete(current.get(), Ids.parse(id, "channel"))
                .map(x -> Response.noContent().build());
    }

    /** Queues a test event for this channel: 202, then see its delivery log. */
    @Operation(summary = "Send a test notification")
    @APIResponse(responseCode = "202", description = "Queued; see the delivery log",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @Access(Role.ADMIN)
    @POST
    @Path("{id}/test")
    public Uni<Response> test(@PathParam("id") String id) {
        return deliveries.test(current.get(), Ids.parse(id, "channel"))
                .map(d -> Response.accepted(d).build());
    }

    @Operation(summary = "List a channel's deliveries")
    @Access(Role.VIEWER)
    @GET
    @Path("{id}/deliveries")
    public Uni<Page<DeliveryView>> deliveries(@PathParam("id") String id, @QueryParam("limit") String limit,
                                              @QueryParam("cursor") String cursor) {
        return deliveries.list(current.get(), Ids.parse(id, "channel"), Paging.limit(limit), Paging.decode(cursor));
    }

    /** Sends a delivered or failed event again, under the same event id: 202. */
    @Operation(summary = "Resend a delivery")
    @APIResponse(responseCode = "202", description = "Queued again under the same event id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeliveryView.class)))
    @Access(Role.ADMIN)
    @POST
    @Path("{id}/deliveries/{delivery}/resend")
    public Uni<Response> resend(@PathParam("id") String id, @PathParam("delivery") String delivery) {
        return deliveries.resend(current.get(), Ids.parse(id, "channel"), Ids.parse(delivery, "delivery"))
                .map(d -> Response.accepted(d).build());
    }
}

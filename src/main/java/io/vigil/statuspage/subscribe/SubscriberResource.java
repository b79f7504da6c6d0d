package io.vigil.statuspage.subscribe;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.smallrye.mutiny.Uni;
import io.vigil.api.Ids;
import io.vigil.api.Page;
import io.vigil.api.Paging;
import io.vigil.auth.Access;
import io.vigil.auth.CurrentCaller;
import io.vigil.auth.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /api/v1/status-pages/{id}/subscribers}: who subscribed to a page, and removing one. */
@Tag(name = "Status pages")
@Path("/api/v1/status-pages/{id}/subscribers")
@Produces(MediaType.APPLICATION_JSON)
public class SubscriberResource {

    @Inject
    Subscriptions subscriptions;
    @Inject
    CurrentCaller current;

    @Operation(summary = "List a status page's subscribers")
    @Access(Role.EDITOR)
    @GET
    public Uni<Page<SubscriberView>> list(@PathParam("id") String id, @QueryParam("limit") String limit,
                                          @QueryParam("cursor") String cursor) {
        // editors and up: the list shows visitors' e-mail addresses
        return subscriptions.list(current.get(), Ids.parse(id, "status page"), Paging.limit(limit),
                Paging.decode(cursor));
    }

    @Operation(summary = "Remove a subscriber")
    @Access(Role.EDITOR)
    @DELETE
    @Path("{subscriberId}")
    public Uni<Response> delete(@PathParam("id") String id, @PathParam("subscriberId") String subscriberId) {
        return subscriptions.remove(current.get(), Ids.parse(id, "status page"),
                Ids.parse(subscriberId, "subscriber")).map(x -> Response.noContent().build());
    }
}

package io.vigil.auth.session;

import io.smallrye.mutiny.Uni;
import io.vigil.api.ApiException;
import io.vigil.api.Page;
import io.vigil.auth.Access;
import io.vigil.auth.CurrentCaller;
import io.vigil.auth.session.Session.View;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import java.util.UUID;

/** {@code /api/v1/me/sessions}: the caller's signed-in browsers (device, address, last seen), and ending one. */
@Tag(name = "Account")
@Path("/api/v1/me/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    @Inject
    CurrentCaller current;
    @Inject
    Sessions sessions;

    @Operation(summary = "Your sessions, most recently seen first")
    @Access(scope = Access.Scope.PERSONAL)
    @GET
    public Uni<Page<View>> list() {
        return sessions.list(current.get().userId(), null).map(items -> new Page<>(items, null));
    }

    @Operation(summary = "End one of your sessions")
    @Access(scope = Access.Scope.PERSONAL)
    @DELETE
    @Path("{id}")
    public Uni<Response> end(@RestPath String id) {
        UUID sessionId;
        try {
            sessionId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("session " + id);
        }
        return sessions.endOwn(current.get().actor(), sessionId).map(ended -> {
            if (!ended) {
                throw ApiException.notFound("session " + id);
            }
            return Response.noContent().build();
        });
    }
}

package io.vigil.auth.passkey;

import io.smallrye.mutiny.Uni;
import io.vigil.api.ApiException;
import io.vigil.api.Page;
import io.vigil.auth.Access;
import io.vigil.auth.CurrentCaller;
import io.vigil.auth.passkey.Passkeys.View;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import java.util.UUID;

/**
 * {@code /api/v1/me/passkeys}: the caller's passkeys, renaming and removing one. Registering needs a browser and a
 * signed-in session ({@code /account}); removing one ends every session of the user, as it does from the page.
 */
@Tag(name = "Account")
@Path("/api/v1/me/passkeys")
@Produces(MediaType.APPLICATION_JSON)
public class PasskeyResource {

    /** Body of {@code PATCH /api/v1/me/passkeys/{id}}. */
    public record Rename(String name) {
    }

    @Inject
    CurrentCaller current;
    @Inject
    Passkeys passkeys;

    @Operation(summary = "Your passkeys, oldest first")
    @Access(scope = Access.Scope.PERSONAL)
    @GET
    public Uni<Page<View>> list() {
        return passkeys.list(current.get().userId()).map(items -> new Page<>(items, null));
    }

    @Operation(summary = "Rename one of your passkeys")
    @Access(scope = Access.Scope.PERSONAL)
    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<View> rename(@RestPath String id, Rename body) {
        return passkeys.rename(current.get().userId(), parse(id), body == null ? null : body.name());
    }

    @Operation(summary = "Remove one of your passkeys (ends your sessions)")
    @Access(scope = Access.Scope.PERSONAL)
    @DELETE
    @Path("{id}")
    public Uni<Response> remove(@RestPath String id) {
        return passkeys.remove(current.get().userId(), parse(id), null).map(removed -> {
            if (!removed) {
                throw ApiException.notFound("passkey " + id);
            }
            return Response.noContent().build();
        });
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("passkey " + id);
        }
    }
}

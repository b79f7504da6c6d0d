package io.vigil.people;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.mutiny.Uni;
import io.vigil.api.ApiException;
import io.vigil.auth.Access;
import io.vigil.auth.Caller;
import io.vigil.auth.CurrentCaller;
import io.vigil.auth.Passwords;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/v1/me/password}: change your password; every console session ends (API tokens keep working). */
@Tag(name = "Account")
@Path("/api/v1/me/password")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PasswordResource {

    /** {@code {"current", "new"}}. */
    public record PasswordRequest(String current, @JsonProperty("new") String next) {
    }

    @Inject
    CurrentCaller current;
    @Inject
    Passwords passwords;

    @Operation(summary = "Change your password (ends every session)")
    @Access(scope = Access.Scope.PERSONAL)
    @POST
    public Uni<Response> change(PasswordRequest request) {
        if (request == null) {
            throw ApiException.invalid("current", "is required");
        }
        Caller caller = current.get();
        return passwords.change(caller.userId(), request.current(), request.next(), caller.address(), null)
                .replaceWith(() -> Response.noContent().build());
    }
}

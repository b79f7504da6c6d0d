package io.vigil.auth.totp;

import io.smallrye.mutiny.Uni;
import io.vigil.api.ApiException;
import io.vigil.auth.Access;
import io.vigil.auth.Caller;
import io.vigil.auth.CurrentCaller;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The caller's own TOTP second factor: enrol, confirm with a first code, turn off with a code. */
@Tag(name = "Two-factor")
@Path("/api/v1/me/totp")
@Produces(MediaType.APPLICATION_JSON)
public class TotpResource {

    /** A TOTP code (6 digits) or, where allowed, a recovery code. */
    public record CodeRequest(String code) {
    }

    /** Shown once, on confirmation: each works once in place of a TOTP code. */
    public record RecoveryCodesView(List<String> recoveryCodes) {
    }

    @Inject
    CurrentCaller current;
    @Inject
    TotpService totp;

    @Operation(summary = "Start a TOTP enrolment: a new secret, pending until confirmed")
    @Access(scope = Access.Scope.PERSONAL)
    @POST
    public Uni<TotpService.Enrolment> enrol() {
        return totp.enrol(current.get().userId());
    }

    @Operation(summary = "Confirm the enrolment with a first code; answers the recovery codes")
    @Access(scope = Access.Scope.PERSONAL)
    @POST
    @Path("confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RecoveryCodesView> confirm(CodeRequest request) {
        Caller caller = current.get();
        return totp.confirm(caller.userId(), code(request), caller.address()).map(RecoveryCodesView::new);
    }

    @Operation(summary = "Turn TOTP off, given a current code or a recovery code")
    @Access(scope = Access.Scope.PERSONAL)
    @DELETE
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> disable(CodeRequest request) {
        Caller caller = current.get();
        return totp.disable(caller.userId(), code(request), caller.address()).map(x -> Response.noContent().build());
    }

    private static String code(CodeRequest request) {
        if (request == null || request.code() == null || request.code().isBlank()) {
            throw ApiException.invalid("code", "required");
        }
        if (request.code().length() > 64) {
            throw ApiException.invalid("code", "must be at most 64 characters");
        }
        return request.code().trim();
    }
}

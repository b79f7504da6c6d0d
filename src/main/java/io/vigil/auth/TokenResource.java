package io.vigil.auth;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vigil.api.ApiException;
import io.vigil.api.Page;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.audit.Changes;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Mints bearer tokens (shown once), lists and revokes them. */
@Tag(name = "Tokens")
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokenResource {

    /**
     * Request body of {@code POST /api/v1/tokens}; every member optional. {@code workspace}: the slug of the workspace
     * the token acts in (default: the caller's; with HTTP Basic, the user's first).
     */
    public record CreateTokenRequest(String name, Role role, Instant expiresAt, String workspace) {
    }

    /** A token as listed: never the secret. */
    public record TokenView(UUID id, String name, Role role, Instant expiresAt, Instant lastUsedAt, String lastUsedIp,
                            Instant createdAt) {
        static TokenView of(ApiToken t) {
            return new TokenView(t.id, t.name, Role.fromWire(t.role), t.expiresAt, t.lastUsedAt, t.lastUsedIp, t.createdAt);
        }
    }

    /** The create answer: the only time the secret is shown. */
    public record CreatedToken(UUID id, String name, String token, Role role, Instant expiresAt, String workspace) {
    }

    @Inject
    CurrentCaller current;
    @Inject
    Tokens tokens;

    @Operation(summary = "Mint an API token")
    @Access(scope = Access.Scope.PERSONAL)
    @POST
    @APIResponse(responseCode = "201", description = "Created; `Location` names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedToken.class)))
    public Uni<Response> create(CreateTokenRequest request) {
        return tokens.mint(current.get(), request).map(created -> Response
                .created(URI.create("/api/v1/tokens/" + created.id())).entity(created).build());
    }

    @Operation(summary = "List API tokens")
    @Access(scope = Access.Scope.PERSONAL)
    @GET
    public Uni<Page<TokenView>> list() {
        return tokens.list(current.get()).map(list -> new Page<>(list, null));
    }

    @Operation(summary = "Revoke an API token")
    @Access(scope = Access.Scope.PERSONAL)
    @DELETE
    @Path("{id}")
    public Uni<Response> revoke(@PathParam("id") UUID id) {
        return tokens.revoke(current.get(), id).map(revoked -> {
            if (!revoked) {
                throw ApiException.notFound("token " + id);
            }
            return Response.noContent().build();
        });
    }
}

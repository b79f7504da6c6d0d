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
    Clock clock;
    @Inject
    AuditLog audit;

    @Operation(summary = "Mint an API token")
    @Access(scope = Access.Scope.PERSONAL)
    @POST
    @APIResponse(responseCode = "201", description = "Created; `Location` names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedToken.class)))
    public Uni<Response> create(CreateTokenRequest request) {
        Caller who = current.get();
        CreateTokenRequest req = request == null ? new CreateTokenRequest(null, null, null, null) : request;
        return Panache.withTransaction(() -> actingIn(who, req.workspace()).chain(ws -> mint(ws, req)));
    }

    /** Where the token will act, with the minter's role there. */
    private record Target(Caller caller, String slug) {
    }

    /**
     * The named workspace if the caller belongs to it. A bearer token stays in its own workspace; a person (HTTP
     * Basic) may name any workspace they are a member of.
     */
    private Uni<Target> actingIn(Caller caller, String slug) {
        if (slug == null || slug.isBlank()) {
            if (caller.workspaceId() == null) {
                throw ApiException.invalid("workspace", "you belong to no workspace yet");
            }
            return Workspace.<Workspace>findById(caller.workspaceId()).map(ws -> new Target(caller, ws.slug));
        }
        String wanted = slug.trim();
        return Workspace.<Workspace>find("slug", wanted).firstResult().chain(ws -> {
            if (ws == null) {
                return Uni.createFrom().failure(ApiException.invalid("workspace", "no workspace '" + wanted + "' that you belong to"));
            }
            if (caller.tokenId() != null && !ws.id.equals(caller.workspaceId())) {
                return Uni.createFrom().failure(ApiException.invalid("workspace",
                        "a token mints tokens only for its own workspace; use HTTP Basic to mint one for another"));
            }
            return Membership.<Membership>findById(new Membership.Key(ws.id, caller.userId())).map(m -> {
                if (m == null) {
                    throw ApiException.invalid("workspace", "no workspace '" + wanted + "' that you belong to");
                }
                Role role = caller.tokenId() != null && !caller.role().atLeast(m.role()) ? caller.role() : m.role();
                return new Target(new Caller(ws.id, caller.userId(), role, caller.tokenId(), caller.instanceAdmin(),
                        caller.address()), ws.slug);
            });
        });
    }

    private Uni<Response> mint(Target target, CreateTokenRequest req) {
        Caller caller = target.caller();
        Role role = req.role() == null ? caller.role() : req.role();
        if (!caller.role().atLeast(role)) {
            throw ApiException.forbidden("role", "cannot exceed your own role (" + caller.role().wire() + ")");
        }
        String name = req.name() == null || req.name().isBlank() ? "api" : req.name().trim();
        if (name.length() > 200) {
            throw ApiException.invalid("name", "must be at most 200 characters");
        }
        Instant now = clock.instant();
        if (req.expiresAt() != null && !req.expiresAt().isAfter(now)) {
            throw ApiException.invalid("expiresAt", "must be in the future");
        }
        String secret = Secrets.newToken("vgl_");
        ApiToken t = new ApiToken();
        t.id = UUID.randomUUID();
        t.workspaceId = caller.workspaceId();
        t.userId = caller.userId();
        t.name = name;
        t.tokenHash = Secrets.sha256(secret);
        t.role = role.wire();
        t.expiresAt = req.expiresAt();
        t.createdAt = now;
        AuditEvent event = AuditEvent.of(t.workspaceId, caller.actor(), "token.created", "token", t.id)
                .changes(Changes.none().with("name", null, t.name).with("role", null, t.role)
                        .with("expiresAt", null, t.expiresAt == null ? null : t.expiresAt.toString()));
        return t.persist().call(() -> audit.recordInSession(event)).map(x -> Response
                .created(URI.create("/api/v1/tokens/" + t.id))
                .entity(new CreatedToken(t.id, t.name, secret, role, t.expiresAt, target.slug()))
                .build());
    }

    @Operation(summary = "List API tokens")
    @Access(scope = Access.Scope.PERSONAL)
    @GET
    public Uni<Page<TokenView>> list() {
        Caller caller = current.get();
        return Panache.withSession(() -> caller.tokenId() == null
                        ? ApiToken.<ApiToken>list("userId = ?1 order by createdAt desc", caller.userId())
                        : ApiToken.<ApiToken>list("workspaceId = ?1 and userId = ?2 order by createdAt desc",
                                caller.workspaceId(), caller.userId()))
                .map(ts -> new Page<>(ts.stream().map(TokenView::of).toList(), null));
    }

    @Operation(summary = "Revoke an API token")
    @Access(scope = Access.Scope.PERSONAL)
    @DELETE
    @Path("{id}")
    public Uni<Response> revoke(@PathParam("id") UUID id) {
        Caller caller = current.get();
        return Panache.withTransaction(() -> (caller.tokenId() == null
                        ? ApiToken.<ApiToken>find("id = ?1 and userId = ?2", id, caller.userId())
                        : ApiToken.<ApiToken>find("id = ?1 and workspaceId = ?2 and userId = ?3", id, caller.workspaceId(),
                                caller.userId())).firstResult()
                        .onItem().ifNull().failWith(() -> ApiException.notFound("token " + id))
                        .call(t -> audit.recordInSession(AuditEvent.of(t.workspaceId, caller.actor(), "token.revoked", "token", t.id)
                                .changes(Changes.none().with("name", t.name, null).with("role", t.role, null))))
                        .call(t -> ApiToken.delete("id", t.id)))
                .map(n -> Response.noContent().build());
    }

}

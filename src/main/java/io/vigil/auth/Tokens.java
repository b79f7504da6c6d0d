package io.vigil.auth;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vigil.api.ApiException;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.audit.Changes;
import io.vigil.auth.TokenResource.CreateTokenRequest;
import io.vigil.auth.TokenResource.CreatedToken;
import io.vigil.auth.TokenResource.TokenView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * API tokens: minted (the secret shown once, only its SHA-256 kept), listed and revoked, for the API
 * ({@link TokenResource}) and the account page alike. A person (HTTP Basic or a signed-in page) mints for any workspace
 * they belong to, up to their role there; a token mints only for its own workspace, up to its own role.
 */
@ApplicationScoped
public class Tokens {

    @Inject
    Clock clock;
    @Inject
    AuditLog audit;

    /** Mints a token for {@code who} in one transaction with its audit entry. */
    public Uni<CreatedToken> mint(Caller who, CreateTokenRequest request) {
        CreateTokenRequest req = request == null ? new CreateTokenRequest(null, null, null, null) : request;
        return Panache.withTransaction(() -> actingIn(who, req.workspace()).chain(ws -> mint(ws, req)));
    }

    /** The caller's tokens, newest first: a person's in every workspace, a token's in its own workspace. */
    public Uni<List<TokenView>> list(Caller caller) {
        return Panache.withSession(() -> caller.tokenId() == null
                        ? ApiToken.<ApiToken>list("userId = ?1 order by createdAt desc", caller.userId())
                        : ApiToken.<ApiToken>list("workspaceId = ?1 and userId = ?2 order by createdAt desc",
                                caller.workspaceId(), caller.userId()))
                .map(ts -> ts.stream().map(TokenView::of).toList());
    }

    /** Revokes one of the caller's tokens (audited); false when they have none by that id. */
    public Uni<Boolean> revoke(Caller caller, UUID id) {
        return Panache.withTransaction(() -> (caller.tokenId() == null
                        ? ApiToken.<ApiToken>find("id = ?1 and userId = ?2", id, caller.userId())
                        : ApiToken.<ApiToken>find("id = ?1 and workspaceId = ?2 and userId = ?3", id, caller.workspaceId(),
                                caller.userId())).firstResult()
                .chain(t -> t == null ? Uni.createFrom().item(false)
                        : audit.recordInSession(AuditEvent.of(t.workspaceId, caller.actor(), "token.revoked", "token", t.id)
                                        .changes(Changes.none().with("name", t.name, null).with("role", t.role, null)))
                                .chain(() -> ApiToken.delete("id", t.id)).replaceWith(true)));
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

    private Uni<CreatedToken> mint(Target target, CreateTokenRequest req) {
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
        return t.persist().call(() -> audit.recordInSession(event))
                .map(x -> new CreatedToken(t.id, t.name, secret, role, t.expiresAt, target.slug()));
    }

}

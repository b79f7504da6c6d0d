package io.vigil.people.login;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.api.ApiException;
import io.vigil.api.FieldError;
import io.vigil.api.FormBodyGuard;
import io.vigil.auth.Role;
import io.vigil.auth.TokenResource.CreateTokenRequest;
import io.vigil.auth.Tokens;
import io.vigil.auth.session.Session;
import io.vigil.auth.session.Sessions;
import io.vigil.statuspage.StatusPagesConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * API tokens from the account page, through the same {@link Tokens} service as {@code POST /api/v1/tokens}: how a
 * person whose second factor is a passkey (which HTTP Basic cannot carry) gets a token, and how anyone revokes one.
 * The new secret is shown once, on the page that answers the form (never in a redirect or a URL).
 */
@Tag(name = "Pages")
@Path("/account/tokens")
public class TokenAccount {

    /** The lifetimes offered, by form value; absent: no expiry. */
    private static final Map<String, Duration> LIFETIMES = Map.of("30", Duration.ofDays(30), "90", Duration.ofDays(90),
            "365", Duration.ofDays(365));

    @Inject
    Tokens tokens;
    @Inject
    Sessions sessions;
    @Inject
    AccountForms forms;
    @Inject
    AccountView view;
    @Inject
    StatusPagesConfig pages;
    @Inject
    Clock clock;

    @Operation(summary = "Mint an API token from the account page (shown once)")
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> mint(@RestForm String name, @RestForm String workspace, @RestForm String role,
                              @RestForm String expires, @RestForm String csrf, @Context HttpHeaders headers,
                              @Context HttpServerRequest request) {
        return signedIn(csrf, headers, request, (web, me) -> {
            Role wanted;
            try {
                wanted = role == null || role.isBlank() ? null : Role.fromWire(role.strip());
            } catch (IllegalArgumentException e) {
                return refused(me, web, ApiException.invalid("role", "must be owner, admin, editor or viewer"));
            }
            Instant expiresAt = null;
            if (expires != null && !expires.isBlank() && !"never".equals(expires)) {
                Duration lifetime = LIFETIMES.get(expires.strip());
                if (lifetime == null) {
                    return refused(me, web, ApiException.invalid("expires", "must be 30, 90 or 365 days, or never"));
                }
                expiresAt = clock.instant().plus(lifetime);
            }
            CreateTokenRequest req = new CreateTokenRequest(name, wanted, expiresAt, workspace);
            return tokens.mint(AccountView.caller(me, web.client()), req)
                    .chain(minted -> view.render(201, me, web.client(), null, null, "Token created: copy it now, it is not shown again.", minted))
                    .onFailure(ApiException.class).recoverWithUni(e -> refused(me, web, (ApiException) e));
        });
    }

    @Operation(summary = "Revoke one of your API tokens from the account page")
    @POST
    @Path("{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> revoke(@RestPath String id, @RestForm String csrf, @Context HttpHeaders headers,
                                @Context HttpServerRequest request) {
        return signedIn(csrf, headers, request, (web, me) -> {
            UUID token;
            try {
                token = UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                return view.render(404, me, web.client(), "There is no such token.", "token-id", null, null);
            }
            return tokens.revoke(AccountView.caller(me, web.client()), token).chain(revoked -> revoked
                    ? Uni.createFrom().item(Web.seeOther("/account?notice=token-revoked").build())
                    : view.render(404, me, web.client(), "There is no such token.", "token-id", null, null));
        });
    }

    /** The page again with the token form's field marked (403 for a role above one's own). */
    private Uni<Response> refused(Session me, Web web, ApiException e) {
        FieldError field = e.errors() == null || e.errors().isEmpty() ? null : e.errors().get(0);
        String invalid = field == null ? "token-name" : "expiresAt".equals(field.field()) ? "token-expires" : "token-" + field.field();
        String message = field == null ? e.getMessage() : "The " + field.field() + " " + field.message() + ".";
        return view.render(e.status() == 403 ? 403 : 400, me, web.client(), message, invalid, null, null);
    }

    private Uni<Response> signedIn(String csrf, HttpHeaders headers, HttpServerRequest request,
                                   BiFunction<Web, Session, Uni<Response>> action) {
        Web web = Web.of(headers, request, pages.trustForwarded());
        return sessions.resolve(web.sessionToken()).chain(found -> {
            if (found.filter(Session::active).isEmpty()) {
                return Uni.createFrom().item(Web.seeOther("/login?next=/account").build());
            }
            if (!forms.valid("account", found.get(), csrf) || web.crossSite()) {
                return Web.formExpired();
            }
            return action.apply(web, found.get());
        });
    }

    /** A NUL in a field ({@link FormBodyGuard}, before the resource runs): 400, the field named, never a 500. */
    @ServerExceptionMapper
    public Response nulInForm(FormBodyGuard.NulInForm e) {
        return Web.nulInForm(e.field());
    }
}

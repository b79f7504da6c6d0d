package io.vigil.people.login;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.api.ApiException;
import io.vigil.auth.passkey.PasskeyOptions.Request;
import io.vigil.auth.passkey.Passkeys;
import io.vigil.auth.session.Session;
import io.vigil.auth.session.Session.Method;
import io.vigil.auth.session.Session.Stage;
import io.vigil.auth.session.Sessions;
import io.vigil.statuspage.StatusPagesConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Signing in with a passkey, for {@code static/passkeys.js} (JSON in and out): {@code /login/passkey} with the passkey
 * alone (a discoverable credential, user verification required) opens an active session; {@code
 * /login/passkey/second-factor} finishes a sign-in whose password was right and promotes its session under a new
 * token. Each takes the CSRF token of its page and refuses a cross-site {@code Origin}; each challenge serves once.
 */
@Tag(name = "Pages")
@Path("/login/passkey")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PasskeyLogin {

    /** What the script posts: the page's CSRF token, and for the finish the authenticator's answer. */
    public record Step(String csrf, JsonNode credential, String next, String name) {

        String json() {
            if (credential == null || !credential.isObject()) {
                throw ApiException.invalid("credential", "is required");
            }
            return credential.toString();
        }
    }

    @Inject
    Passkeys passkeys;
    @Inject
    Sessions sessions;
    @Inject
    AccountForms forms;
    @Inject
    StatusPagesConfig pages;
    @Inject
    Clock clock;

    @Operation(summary = "Options to sign in with a passkey alone")
    @POST
    @Path("options")
    public Uni<Request> loginOptions(Step step, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        anonymous(step, headers, request);
        return passkeys.loginOptions();
    }

    @Operation(summary = "Sign in with a passkey alone")
    @POST
    public Uni<Response> signIn(Step step, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Web web = anonymous(step, headers, request);
        return passkeys.signIn(step.json())
                .chain(userId -> sessions.start(userId, Stage.ACTIVE, Method.PASSKEY, web.client(), web.userAgent()))
                .map(started -> done(Web.localPath(step.next(), LoginPage.HOME)).cookie(web.sessionCookie(started, clock)).build());
    }

    @Operation(summary = "Options for a passkey as the second factor")
    @POST
    @Path("second-factor/options")
    public Uni<Request> secondFactorOptions(Step step, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Web web = Web.of(headers, request, pages.trustForwarded());
        return half(step, web).chain(half -> passkeys.secondFactorOptions(half));
    }

    @Operation(summary = "Finish signing in with a passkey as the second factor")
    @POST
    @Path("second-factor")
    public Uni<Response> secondFactor(Step step, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Web web = Web.of(headers, request, pages.trustForwarded());
        return half(step, web).chain(half -> passkeys.secondFactor(half, step.json()).chain(() -> sessions.promote(half.id())))
                .map(promoted -> {
                    if (promoted.isEmpty()) {
                        throw ApiException.unauthorized("the sign-in expired; start again");
                    }
                    return done(Web.localPath(step.next(), LoginPage.HOME)).cookie(web.sessionCookie(promoted.get(), clock)).build();
                });
    }

    private Web anonymous(Step step, HttpHeaders headers, HttpServerRequest request) {
        Web web = Web.of(headers, request, pages.trustForwarded());
        if (step == null || !forms.valid("login", step.csrf()) || web.crossSite()) {
            throw ApiException.forbidden("this form has expired or did not come from this site; reload the page");
        }
        return web;
    }

    private Uni<Session> half(Step step, Web web) {
        return sessions.resolve(web.sessionToken()).map(found -> {
            Optional<Session> half = found.filter(s -> !s.active());
            if (half.isEmpty()) {
                throw ApiException.unauthorized("the sign-in expired; start again");
            }
            if (step == null || !forms.valid("2fa", half.get(), step.csrf()) || web.crossSite()) {
                throw ApiException.forbidden("this form has expired or did not come from this site; reload the page");
            }
            return half.get();
        });
    }

    /** 200 with where the script goes next (a fetch cannot follow a 303 into a page). */
    static Response.ResponseBuilder done(String location) {
        return Response.ok(Map.of("redirect", location), MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}

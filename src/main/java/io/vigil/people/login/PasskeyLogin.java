package io.vigil.people.login;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.api.ApiException;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.auth.LoginThrottle;
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
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Signing in with a passkey, for {@code static/passkeys.js} (JSON in and out): {@code /login/passkey} with the passkey
 * alone (a discoverable credential, user verification required) opens an active session; {@code
 * /login/passkey/second-factor} finishes a sign-in whose password was right and promotes its session under a new
 * token. Each takes the CSRF token of its page and refuses a cross-site {@code Origin}; each challenge serves once.
 * Attempts count in the {@link LoginThrottle} like passwords and codes (a passkey alone by client address, as its
 * account is known only once it is checked; a second factor by account and address), and land in the audit log.
 */
@Tag(name = "Pages")
@Path("/login/passkey")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PasskeyLogin {

    private static final Logger LOG = Logger.getLogger(PasskeyLogin.class);

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
    @Inject
    LoginThrottle throttle;
    @Inject
    AuditLog audit;

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
        String json = step.json();
        return throttle.guardedByAddress(web.client(), () -> refusedAudited(passkeys.signIn(json), null, null, web))
                .call(userId -> succeeded(userId, web, "passkey"))
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
        return half(step, web).chain(half -> throttle.guarded(half.email(), web.client(),
                                () -> refusedAudited(passkeys.secondFactor(half, step.json()), half.email(), half.userId(), web))
                        .chain(() -> sessions.promote(half.id()))
                        .call(promoted -> promoted.isPresent() ? succeeded(half.userId(), web, "form, passkey") : Uni.createFrom().voidItem()))
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

    /** A refused passkey (400) into the audit log as a failed login; the refusal still answers. */
    private <T> Uni<T> refusedAudited(Uni<T> check, String email, UUID userId, Web web) {
        return check.onFailure(e -> e instanceof ApiException a && a.status() == 400).call(e -> audit.recordAlone(
                        AuditEvent.loginFailed(email, userId, web.client(), "passkey", e.getMessage()))
                .onFailure().invoke(x -> LOG.warnf("Could not record a failed login: %s", x.toString()))
                .onFailure().recoverWithNull());
    }

    private Uni<Void> succeeded(UUID userId, Web web, String how) {
        return audit.recordAlone(AuditEvent.loginSucceeded(userId, web.client(), how))
                .onFailure().invoke(e -> LOG.warnf("Could not record a login: %s", e.toString())).onFailure().recoverWithNull();
    }

    /** 200 with where the script goes next (a fetch cannot follow a 303 into a page). */
    static Response.ResponseBuilder done(String location) {
        return Response.ok(Map.of("redirect", location), MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}

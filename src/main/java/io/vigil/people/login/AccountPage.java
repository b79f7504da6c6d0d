package io.vigil.people.login;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.api.ApiException;
import io.vigil.api.FieldError;
import io.vigil.audit.Actor;
import io.vigil.auth.Passwords;
import io.vigil.auth.session.Session;
import io.vigil.auth.session.Sessions;
import io.vigil.statuspage.StatusPagesConfig;
import io.vigil.api.FormBodyGuard;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Duration;
import java.util.UUID;

/**
 * {@code /account}: where a signed-in person lands (until the console of step 3): their sessions (device, address, last
 * seen) with a button to end each, their passkeys ({@link PasskeyAccount}), API tokens ({@link TokenAccount}), a password
 * change (which ends every other session) and sign-out. Without a live
 * session it redirects to {@code /login}. It calls the same services as {@code /api/v1/me/sessions} and
 * {@code /api/v1/me/password}.
 */
@Tag(name = "Pages")
@Path("/account")
public class AccountPage {

    @Inject
    Sessions sessions;
    @Inject
    Passwords passwords;
    @Inject
    AccountView view;
    @Inject
    AccountForms forms;
    @Inject
    StatusPagesConfig pages;

    @Operation(summary = "Your account page")
    @GET
    public Uni<Response> show(@RestQuery String notice, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        return signedIn(headers, request, (web, me) -> page(200, me, null, null, notice(notice)));
    }

    /** The notices a redirect may ask for, by name (never text from the query). */
    private static String notice(String name) {
        return switch (name == null ? "" : name) {
            case "password" -> "Your password was changed; your other sessions were ended.";
            case "passkey-added" -> "Passkey added; your other sessions were ended.";
            case "passkey-removed" -> "Passkey removed; your other sessions were ended.";
            case "passkey-renamed" -> "Passkey renamed.";
            case "token-revoked" -> "Token revoked.";
            default -> null;
        };
    }

    @Operation(summary = "End one of your sessions from the account page")
    @POST
    @Path("sessions/{id}/end")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> end(@RestPath String id, @RestForm String csrf, @Context HttpHeaders headers,
                             @Context HttpServerRequest request) {
        return signedIn(headers, request, (web, me) -> {
            if (!forms.valid("account", me, csrf) || web.crossSite()) {
                return Web.formExpired();
            }
            UUID session;
            try {
                session = UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                return page(404, me, "There is no such session.", null, null);
            }
            return sessions.endOwn(Actor.user(me.userId(), web.client()), session).map(ended -> ended && session.equals(me.id())
                    ? Web.seeOther("/login?notice=signed-out").cookie(web.clearedCookie()).build()
                    : Web.seeOther("/account").build());
        });
    }

    @Operation(summary = "Change your password (ends your other sessions)")
    @POST
    @Path("password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> password(@RestForm String current, @RestForm("new") String next, @RestForm String confirm,
                                  @RestForm String csrf, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        return signedIn(headers, request, (web, me) -> {
            if (!forms.valid("account", me, csrf) || web.crossSite()) {
                return Web.formExpired();
            }
            if (next != null && !next.equals(confirm)) {
                return page(400, me, "The two new passwords differ.", "confirm", null);
            }
            return passwords.change(me.userId(), current, next, web.client(), me.id())
                    .map(x -> Web.seeOther("/account?notice=password").build())
                    .onFailure(ApiException.class).recoverWithUni(e -> failed(me, (ApiException) e));
        });
    }

    /** A refused change: the form again with the field marked, or the throttle's 429. */
    private Uni<Response> failed(Session me, ApiException e) {
        if (e.status() == 429) {
            return Web.tooMany(Duration.ofSeconds(Long.parseLong(e.retryAfter())));
        }
        FieldError field = e.errors() == null || e.errors().isEmpty() ? null : e.errors().get(0);
        String invalid = field == null ? null : field.field();
        String message = field == null ? e.getMessage()
                : ("current".equals(invalid) ? "The current password " : "The new password ") + field.message() + ".";
        return page(e.status() == 409 ? 409 : 400, me, message, invalid, null);
    }

    private Uni<Response> signedIn(HttpHeaders headers, HttpServerRequest request, Handler handler) {
        Web web = Web.of(headers, request, pages.trustForwarded());
        return sessions.resolve(web.sessionToken()).chain(found -> found.filter(Session::active).isEmpty()
                ? Uni.createFrom().item(Web.seeOther("/login?next=/account").build())
                : handler.handle(web, found.get()));
    }

    private Uni<Response> page(int status, Session me, String error, String invalid, String notice) {
        return view.render(status, me, null, error, invalid, notice, null);
    }

    /** What a signed-in request does. */
    @FunctionalInterface
    private interface Handler {
        Uni<Response> handle(Web web, Session me);
    }

    /** A NUL in a field ({@link FormBodyGuard}, before the resource runs): 400, the field named, never a 500. */
    @ServerExceptionMapper
    public Response nulInForm(FormBodyGuard.NulInForm e) {
        return Web.nulInForm(e.field());
    }
}

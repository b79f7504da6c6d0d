package io.vigil.people.login;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.api.ApiException;
import io.vigil.auth.passkey.PasskeyOptions.Creation;
import io.vigil.auth.passkey.Passkeys;
import io.vigil.auth.session.Session;
import io.vigil.auth.session.Sessions;
import io.vigil.people.login.PasskeyLogin.Step;
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
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

import java.util.UUID;

/**
 * Passkeys on {@code /account}: adding one (JSON, for {@code static/passkeys.js}: options, then the authenticator's
 * answer), renaming and removing one (plain forms, no script needed). Adding or removing ends every other session.
 * Every call needs an active session, the account page's CSRF token and a same-site {@code Origin}.
 */
@Tag(name = "Pages")
@Path("/account/passkeys")
public class PasskeyAccount {

    @Inject
    Passkeys passkeys;
    @Inject
    Sessions sessions;
    @Inject
    AccountForms forms;
    @Inject
    StatusPagesConfig pages;

    @Operation(summary = "Options to add a passkey")
    @POST
    @Path("options")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Creation> options(Step step, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        return me(step == null ? null : step.csrf(), headers, request).chain(me -> passkeys.creationOptions(me));
    }

    @Operation(summary = "Add a passkey (ends your other sessions)")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> add(Step step, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        return me(step == null ? null : step.csrf(), headers, request)
                .chain(me -> passkeys.register(me, step.json(), step.name()))
                .map(added -> PasskeyLogin.done("/account?notice=passkey-added").build());
    }

    @Operation(summary = "Rename a passkey from the account page")
    @POST
    @Path("{id}/rename")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> rename(@RestPath String id, @RestForm String name, @RestForm String csrf,
                                @Context HttpHeaders headers, @Context HttpServerRequest request) {
        return page(csrf, headers, request, me -> passkeys.rename(me.userId(), parse(id), name)
                .map(renamed -> Web.seeOther("/account?notice=passkey-renamed").build()));
    }

    @Operation(summary = "Remove a passkey from the account page (ends your other sessions)")
    @POST
    @Path("{id}/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> remove(@RestPath String id, @RestForm String csrf, @Context HttpHeaders headers,
                                @Context HttpServerRequest request) {
        return page(csrf, headers, request, me -> passkeys.remove(me.userId(), parse(id), me.id()).map(removed -> {
            if (!removed) {
                throw ApiException.notFound("passkey " + id);
            }
            return Web.seeOther("/account?notice=passkey-removed").build();
        }));
    }

    /** A form post: without a session to /login, with a bad token the expired-form page, a refused name its page. */
    private Uni<Response> page(String csrf, HttpHeaders headers, HttpServerRequest request, Action action) {
        Web web = Web.of(headers, request, pages.trustForwarded());
        return sessions.resolve(web.sessionToken()).chain(found -> {
            if (found.filter(Session::active).isEmpty()) {
                return Uni.createFrom().item(Web.seeOther("/login?next=/account").build());
            }
            if (!forms.valid("account", found.get(), csrf) || web.crossSite()) {
                return Web.formExpired();
            }
            return Uni.createFrom().deferred(() -> action.run(found.get())).onFailure(ApiException.class).recoverWithUni(e -> Web.html(
                    ((ApiException) e).status(), AccountTemplates.problem("Passkey not changed", message((ApiException) e))));
        });
    }

    private static String message(ApiException e) {
        return e.errors() == null || e.errors().isEmpty() ? e.getMessage()
                : "The " + e.errors().get(0).field() + " " + e.errors().get(0).message() + ".";
    }

    private Uni<Session> me(String csrf, HttpHeaders headers, HttpServerRequest request) {
        Web web = Web.of(headers, request, pages.trustForwarded());
        return sessions.resolve(web.sessionToken()).map(found -> {
            if (found.filter(Session::active).isEmpty()) {
                throw ApiException.unauthorized("sign in first");
            }
            if (!forms.valid("account", found.get(), csrf) || web.crossSite()) {
                throw ApiException.forbidden("this form has expired or did not come from this site; reload the page");
            }
            return found.get();
        });
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("passkey " + id);
        }
    }

    /** What a signed-in form post does. */
    @FunctionalInterface
    private interface Action {
        Uni<Response> run(Session me);
    }
}

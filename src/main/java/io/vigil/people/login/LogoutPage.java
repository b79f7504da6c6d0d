package io.vigil.people.login;

import io.smallrye.mutiny.Uni;
import io.vigil.audit.Actor;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.auth.session.Sessions;
import io.vigil.statuspage.StatusPagesConfig;
import io.vigil.api.FormBodyGuard;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
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

/**
 * {@code POST /logout}: ends the session (in PostgreSQL, so on every replica) and drops the cookie. The form's CSRF
 * token is bound to the session, so another site cannot sign a visitor out; without a live session it just goes to
 * the sign-in page.
 */
@Tag(name = "Pages")
@Path("/logout")
public class LogoutPage {

    @Inject
    Sessions sessions;
    @Inject
    AccountForms forms;
    @Inject
    StatusPagesConfig pages;

    @Operation(summary = "Sign out")
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> logout(@RestForm String csrf, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Web web = Web.of(headers, request, pages.trustForwarded());
        return sessions.resolve(web.sessionToken()).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(Web.seeOther("/login").cookie(web.clearedCookie()).build());
            }
            if (!forms.valid("logout", found.get(), csrf) || web.crossSite()) {
                return Web.formExpired();
            }
            return sessions.endOwn(Actor.user(found.get().userId(), web.client()), found.get().id())
                    .map(x -> Web.seeOther("/login?notice=signed-out").cookie(web.clearedCookie()).build());
        });
    }

    /** A NUL in a field ({@link FormBodyGuard}, before the resource runs): 400, the field named, never a 500. */
    @ServerExceptionMapper
    public Response nulInForm(FormBodyGuard.NulInForm e) {
        return Web.nulInForm(e.field());
    }
}

package io.vigil.statuspage;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

/**
 * {@code POST /status/{slug}/logout}: the "Log out" button of a protected page ({@code application/x-www-form-urlencoded},
 * field {@value PageAccess#CSRF_FIELD} with {@link PageAccess#logoutFormToken}). Guarded like the login: a missing,
 * expired or foreign token, or a cross-site {@code Origin}, is a 403. Otherwise 303 to the page (which then shows the
 * password form) with a {@code Set-Cookie} that expires the page's session cookie on the same path it was issued for
 * ({@code /} on the page's custom domain).
 *
 * <p>Sessions are stateless signed cookies: this removes the cookie from the browser, it does not revoke it. A copy of
 * the value taken before logging out keeps working until it expires (12 h after login) or the page's password changes.
 */
@Tag(name = "Public status pages")
@Path("/status/{slug}/logout")
public class StatusPageLogout {

    @Inject
    StatusSnapshots snapshots;
    @Inject
    PageAccess access;
    @Inject
    StatusPagesConfig config;

    @Operation(summary = "Lock a protected status page again")
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> logout(@RestPath String slug, @RestForm(PageAccess.CSRF_FIELD) String csrf,
                                @Context HttpHeaders headers, @Context HttpServerRequest request) {
        return snapshots.bySlug(slug).map(found -> {
            if (found.isEmpty()) {
                return PageForms.page(404, "Not found", "There is no status page here.");
            }
            StatusSnapshot s = found.get();
            String host = PageForms.host(headers, request);
            String home = PageAccess.home(s.page(), host);
            if (!access.validLogoutFormToken(s, csrf) || PageForms.crossSite(headers, host, config.trustForwarded())) {
                return PageForms.formExpired(home);
            }
            return PageForms.seeOther(home)
                    .header(HttpHeaders.SET_COOKIE, access.expiredSessionCookie(s.page(), host, PageForms.secure(headers, request)))
                    .build();
        });
    }
}

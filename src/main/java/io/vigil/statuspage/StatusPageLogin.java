package io.vigil.statuspage;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.api.ApiException;
import io.vigil.api.ProblemMapper;
import io.vigil.auth.Secrets;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

import java.time.Duration;

/**
 * {@code POST /status/{slug}/login}: the password form of a protected page ({@code application/x-www-form-urlencoded},
 * fields {@value PageAccess#PASSWORD_FIELD} and {@value PageAccess#CSRF_FIELD}).
 * <ul>
 * <li>right password: 303 to the page with its session cookie ({@code HttpOnly}, {@code SameSite=Lax}, {@code Path}
 * of the page, {@code Secure} over https), valid 12 h;</li>
 * <li>wrong password: 303 to the page with {@code ?error=1} (the page shows the form again with a message);</li>
 * <li>missing, expired or foreign form token, or a cross-site {@code Origin}: 403;</li>
 * <li>more than 5 failed attempts by one client on one page within 5 minutes: 429 with {@code Retry-After}
 * (counted in the database, shared by all replicas: {@link VisitorThrottle});</li>
 * <li>the attempt cannot be counted (database away): 503 problem+json with {@code Retry-After}, no password checked.</li>
 * </ul>
 * Nothing here reveals what the page shows. Argon2id runs on a worker thread, never on the event loop.
 */
@Tag(name = "Public status pages")
@Path("/status/{slug}/login")
public class StatusPageLogin {

    /** Passwords longer than this are wrong without hashing them (argon2id's cost grows with the input). */
    static final int MAX_PASSWORD = 1024;

    private static final Logger LOG = Logger.getLogger(StatusPageLogin.class);

    @Inject
    StatusSnapshots snapshots;
    @Inject
    PageAccess access;
    @Inject
    VisitorThrottle throttle;
    @Inject
    StatusPagesConfig config;

    @Operation(summary = "Unlock a protected status page")
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> login(@RestPath String slug, @RestForm(PageAccess.PASSWORD_FIELD) String password,
                               @RestForm(PageAccess.CSRF_FIELD) String csrf,
                               @Context HttpHeaders headers, @Context HttpServerRequest request) {
        return snapshots.bySlug(slug).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(PageForms.page(404, "Not found", "There is no status page here."));
            }
            StatusSnapshot s = found.get();
            StatusSnapshot.PageInfo info = s.page();
            String host = PageForms.host(headers, request);
            String home = PageAccess.home(info, host);
            if (!access.validLoginFormToken(s, csrf) || PageForms.crossSite(headers, host, config.trustForwarded())) {
                return Uni.createFrom().item(PageForms.formExpired(home));
            }
            if (info.isPublic() || info.passwordHash() == null) {
                return Uni.createFrom().item(PageForms.seeOther(home).build());
            }
            String client = PageForms.client(headers, request, config.trustForwarded());
            return throttle.attempt(VisitorThrottle.LOGIN, info.id(), client).onItemOrFailure().transformToUni((wait, failure) -> {
                if (failure != null) {
                    // Fail closed: a password is never checked uncounted.
                    LOG.warnf("Refusing a status-page login: the attempt could not be counted (%s)", failure.toString());
                    return Uni.createFrom().item(unavailable());
                }
                return wait.isPresent() ? Uni.createFrom().item(tooMany(wait.get()))
                        : check(password, info, client, host, headers, request);
            });
        });
    }

    /** Argon2id on a worker thread; the right password resets the count and sets the cookie. */
    private Uni<Response> check(String password, StatusSnapshot.PageInfo info, String client, String host,
                                HttpHeaders headers, HttpServerRequest request) {
        String hash = info.passwordHash();
        String home = PageAccess.home(info, host);
        return Uni.createFrom().item(() -> password != null && !password.isEmpty() && password.length() <= MAX_PASSWORD
                        && Secrets.verifyPassword(password, hash))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(ok -> !ok ? Uni.createFrom().item(PageForms.seeOther(home + "?" + PageAccess.ERROR_PARAM + "=1").build())
                        : throttle.succeeded(VisitorThrottle.LOGIN, info.id(), client).map(x -> PageForms.seeOther(home)
                        .header(HttpHeaders.SET_COOKIE, access.sessionCookie(info, host, PageForms.secure(headers, request))).build()));
    }

    private static Response tooMany(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Response.fromResponse(PageForms.page(429, "Too many attempts",
                        "Too many wrong passwords. Try again in " + Math.max(1, (seconds + 59) / 60) + " minute(s)."))
                .header(HttpHeaders.RETRY_AFTER, Math.max(1, seconds)).build();
    }

    /** 503 problem+json with Retry-After, as the API answers while the database is away. */
    private static Response unavailable() {
        return Response.fromResponse(ProblemMapper.render(new ApiException(503, "Service unavailable",
                        "logging in is not possible right now (the attempt could not be counted); try again shortly", null, "5")))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

}

package io.vigil.statuspage;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.auth.Secrets;
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

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /status/{slug}/login}: the password form of a protected page ({@code application/x-www-form-urlencoded},
 * fields {@value PageAccess#PASSWORD_FIELD} and {@value PageAccess#CSRF_FIELD}).
 * <ul>
 * <li>right password: 303 to the page with its session cookie ({@code HttpOnly}, {@code SameSite=Lax}, {@code Path}
 * of the page, {@code Secure} over https), valid 12 h;</li>
 * <li>wrong password: 303 to the page with {@code ?error=1} (the page shows the form again with a message);</li>
 * <li>missing, expired or foreign form token, or a cross-site {@code Origin}: 403;</li>
 * <li>more than 5 failed attempts by one client on one page within 5 minutes: 429 with {@code Retry-After}.</li>
 * </ul>
 * Nothing here reveals what the page shows. Argon2id runs on a worker thread, never on the event loop.
 */
@Path("/status/{slug}/login")
public class StatusPageLogin {

    /** Passwords longer than this are wrong without hashing them (argon2id's cost grows with the input). */
    static final int MAX_PASSWORD = 1024;

    @Inject
    StatusSnapshots snapshots;
    @Inject
    PageAccess access;
    @Inject
    LoginThrottle throttle;
    @Inject
    StatusPagesConfig config;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> login(@RestPath String slug, @RestForm(PageAccess.PASSWORD_FIELD) String password,
                               @RestForm(PageAccess.CSRF_FIELD) String csrf,
                               @Context HttpHeaders headers, @Context HttpServerRequest request) {
        return snapshots.bySlug(slug).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(page(404, "Not found", "There is no status page here."));
            }
            StatusSnapshot s = found.get();
            StatusSnapshot.PageInfo info = s.page();
            String host = host(headers, request);
            String home = PageAccess.home(info, host);
            if (!access.validLoginFormToken(s, csrf) || crossSite(headers, host)) {
                return Uni.createFrom().item(page(403, "Form expired",
                        "This form has expired or did not come from this page. <a href=\"" + home + "\">Reload the page</a> and try again."));
            }
            if (info.isPublic() || info.passwordHash() == null) {
                return Uni.createFrom().item(seeOther(home).build());
            }
            String client = client(headers, request);
            Optional<Duration> wait = throttle.attempt(info.id(), client);
            if (wait.isPresent()) {
                long seconds = wait.get().toSeconds() + (wait.get().toNanosPart() > 0 ? 1 : 0);
                return Uni.createFrom().item(Response.fromResponse(page(429, "Too many attempts",
                                "Too many wrong passwords. Try again in " + Math.max(1, (seconds + 59) / 60) + " minute(s)."))
                        .header(HttpHeaders.RETRY_AFTER, Math.max(1, seconds)).build());
            }
            String hash = info.passwordHash();
            return Uni.createFrom().item(() -> password != null && !password.isEmpty() && password.length() <= MAX_PASSWORD
                            && Secrets.verifyPassword(password, hash))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .map(ok -> {
                        if (!ok) {
                            return seeOther(home + "?" + PageAccess.ERROR_PARAM + "=1").build();
                        }
                        throttle.succeeded(info.id(), client);
                        return seeOther(home).header(HttpHeaders.SET_COOKIE, access.sessionCookie(info, host, secure(headers, request))).build();
                    });
        });
    }

    /** A relative Location (kept as is: never rewritten to http:// behind a TLS proxy). */
    private static Response.ResponseBuilder seeOther(String location) {
        return Response.status(Response.Status.SEE_OTHER).header(HttpHeaders.LOCATION, location)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private static Response page(int status, String title, String html) {
        String body = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"><title>" + title + "</title></head><body><main><h1>"
                + title + "</h1><p>" + html + "</p></main></body></html>";
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(body)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private static String host(HttpHeaders headers, HttpServerRequest request) {
        String host = headers.getHeaderString(HttpHeaders.HOST);
        if (host == null && request.authority() != null) {
            host = request.authority().host();
        }
        return host;
    }

    /** A browser's form POST from another site (Origin names another host): refused. Absent or opaque Origin: the token decides. */
    private boolean crossSite(HttpHeaders headers, String host) {
        String origin = headers.getHeaderString("Origin");
        if (origin == null || origin.isBlank() || origin.trim().equals("null")) {
            return false;
        }
        String originHost;
        try {
            originHost = URI.create(origin.trim()).getHost();
        } catch (IllegalArgumentException e) {
            return true;
        }
        if (originHost == null) {
            return true;
        }
        if (sameHost(originHost, host)) {
            return false;
        }
        return !(config.trustForwarded() && sameHost(originHost, first(headers.getHeaderString("X-Forwarded-Host"))));
    }

    private static boolean sameHost(String originHost, String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        h = h.startsWith("[") ? h.substring(0, h.indexOf(']') + 1) : h.replaceFirst(":\\d+$", "");
        return h.equals(originHost.toLowerCase(Locale.ROOT));
    }

    /** The client's address: the connection's, or with {@code trust-forwarded} the last X-Forwarded-For entry. */
    String client(HttpHeaders headers, HttpServerRequest request) {
        if (config.trustForwarded()) {
            String xff = headers.getHeaderString("X-Forwarded-For");
            if (xff != null && !xff.isBlank()) {
                String[] hops = xff.split(",");
                String last = hops[hops.length - 1].trim();
                if (!last.isEmpty()) {
                    return last;
                }
            }
        }
        return request.remoteAddress() == null ? "?" : request.remoteAddress().hostAddress();
    }

    /** Over https: TLS here, or a proxy saying so (a forged header only costs the forger a cookie over http). */
    private static boolean secure(HttpHeaders headers, HttpServerRequest request) {
        if (request.isSSL()) {
            return true;
        }
        String proto = first(headers.getHeaderString("X-Forwarded-Proto"));
        if (proto != null && proto.trim().equalsIgnoreCase("https")) {
            return true;
        }
        String forwarded = headers.getHeaderString("Forwarded");
        return forwarded != null && forwarded.toLowerCase(Locale.ROOT).replace(" ", "").contains("proto=https");
    }

    private static String first(String list) {
        if (list == null) {
            return null;
        }
        int comma = list.indexOf(',');
        return (comma < 0 ? list : list.substring(0, comma)).trim();
    }
}

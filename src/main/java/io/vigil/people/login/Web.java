package io.vigil.people.login;

import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.auth.session.Session.Started;
import io.vigil.statuspage.PageForms;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;

/**
 * One browser request to the account pages, as they need it: the client address (as the throttles count it), whether
 * it came over TLS (the cookie is {@code Secure} then), whether a form came from another site, and the session cookie.
 */
public record Web(String client, boolean secure, boolean crossSite, String userAgent, String sessionToken) {

    /** The console session cookie: HttpOnly, SameSite=Lax, Secure behind TLS, path /. */
    public static final String COOKIE = "vigil_session";

    public static Web of(HttpHeaders headers, HttpServerRequest request, boolean trustForwarded) {
        Cookie cookie = headers.getCookies().get(COOKIE);
        return new Web(PageForms.client(headers, request, trustForwarded), PageForms.secure(headers, request),
                PageForms.crossSite(headers, PageForms.host(headers, request), trustForwarded),
                headers.getHeaderString(HttpHeaders.USER_AGENT), cookie == null ? null : cookie.getValue());
    }

    /** The cookie of a new or promoted session, living as long as the session may. */
    public NewCookie sessionCookie(Started session, Clock clock) {
        int maxAge = (int) Math.max(1, Duration.between(clock.instant(), session.expiresAt()).toSeconds());
        return cookie(session.token(), maxAge);
    }

    /** Tells the browser to drop the session cookie. */
    public NewCookie clearedCookie() {
        return cookie("", 0);
    }

    private NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(COOKIE).value(value).path("/").maxAge(maxAge).httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.LAX).build();
    }

    /** A local path to go to after signing in: {@code fallback} unless {@code next} is a path on this site. */
    public static String localPath(String next, String fallback) {
        if (next == null || next.isEmpty() || next.length() > 2000 || !next.startsWith("/") || next.startsWith("//")
                || next.contains("\\") || next.chars().anyMatch(ch -> ch < 0x21 || ch == 0x7f)) {
            return fallback;
        }
        return next;
    }

    /** 303 to a local path (kept relative: never rewritten to http:// behind a TLS proxy). */
    public static Response.ResponseBuilder seeOther(String location) {
        return Response.status(Response.Status.SEE_OTHER).header(HttpHeaders.LOCATION, location)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    public static Uni<Response> html(int status, TemplateInstance page) {
        return Uni.createFrom().item(() -> build(status, page));
    }

    public static Response build(int status, TemplateInstance page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(page.render())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** A 429 page with {@code Retry-After}. */
    public static Uni<Response> tooMany(Duration wait) {
        long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        return html(429, AccountTemplates.problem("Too many attempts", "Try again in " + Math.max(1, (seconds + 59) / 60)
                + " minute(s).")).map(r -> Response.fromResponse(r).header(HttpHeaders.RETRY_AFTER, seconds).build());
    }

    /** A 503 page when an attempt could not be counted (the database is away): nothing is checked uncounted. */
    public static Uni<Response> unavailable() {
        return html(503, AccountTemplates.problem("Try again shortly", "Signing in is not possible right now."))
                .map(r -> Response.fromResponse(r).header(HttpHeaders.RETRY_AFTER, 5).build());
    }

    /** 400 for a form field holding a character no field may hold (NUL). */
    public static Response nulInForm(String field) {
        return build(400, AccountTemplates.problem("Not allowed", "The field \u201c" + field
                + "\u201d holds a character that is not allowed. Go back, correct it and send the form again."));
    }

    /** 403 for a form whose CSRF token or Origin is wrong. */
    public static Uni<Response> formExpired() {
        return html(403, AccountTemplates.problem("Form expired",
                "This form has expired or did not come from this site. Reload the page and try again."));
    }
}

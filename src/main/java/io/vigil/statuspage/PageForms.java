package io.vigil.statuspage;

import io.vertx.core.http.HttpServerRequest;
import io.vigil.api.AttemptThrottle;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.Locale;

/** What the login and logout forms of a protected page share: where the request came from and how to answer it. */
public final class PageForms {

    private PageForms() {
    }

    /** A relative Location (kept as is: never rewritten to http:// behind a TLS proxy). */
    static Response.ResponseBuilder seeOther(String location) {
        return Response.status(Response.Status.SEE_OTHER).header(HttpHeaders.LOCATION, location)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /** A minimal HTML answer; {@code html} is trusted markup (never user input). */
    static Response page(int status, String title, String html) {
        String body = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"><title>" + title + "</title></head><body><main><h1>"
                + title + "</h1><p>" + html + "</p></main></body></html>";
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(body)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** 403 for a form whose token or Origin is wrong, with a way back to the page. */
    static Response formExpired(String home) {
        return page(403, "Form expired",
                "This form has expired or did not come from this page. <a href=\"" + home + "\">Reload the page</a> and try again.");
    }

    public static String host(HttpHeaders headers, HttpServerRequest request) {
        String host = headers.getHeaderString(HttpHeaders.HOST);
        if (host == null && request.authority() != null) {
            host = request.authority().host();
        }
        return host;
    }

    /**
     * A browser's form POST from another site (Origin names another host): refused. Absent or opaque Origin: the token
     * decides. With {@code trustForwarded}, the proxy's {@code X-Forwarded-Host} counts as this host too.
     */
    public static boolean crossSite(HttpHeaders headers, String host, boolean trustForwarded) {
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
        return !(trustForwarded && sameHost(originHost, first(headers.getHeaderString("X-Forwarded-Host"))));
    }

    private static boolean sameHost(String originHost, String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        h = h.startsWith("[") ? h.substring(0, h.indexOf(']') + 1) : h.replaceFirst(":\\d+$", "");
        return h.equals(originHost.toLowerCase(Locale.ROOT));
    }

    /** Over https: TLS here, or a proxy saying so (a forged header only costs the forger a cookie over http). */
    public static boolean secure(HttpHeaders headers, HttpServerRequest request) {
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

    /** The client's address: the connection's, or with {@code trust-forwarded} the last X-Forwarded-For entry. */
    public static String client(HttpHeaders headers, HttpServerRequest request, boolean trustForwarded) {
        return AttemptThrottle.client(headers.getHeaderString("X-Forwarded-For"),
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(), trustForwarded);
    }

    static String first(String list) {
        if (list == null) {
            return null;
        }
        int comma = list.indexOf(',');
        return (comma < 0 ? list : list.substring(0, comma)).trim();
    }
}

package io.vigil.api;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Locale;

/**
 * Security headers in one place, added as the response headers are written, whatever route answered (REST, Qute
 * pages, static files, error pages, custom-domain pages): {@code X-Content-Type-Options: nosniff} on every response,
 * and on every HTML response a strict Content-Security-Policy (no inline script or style anywhere), a referrer policy
 * and, only when the request came over TLS, {@code Strict-Transport-Security}. TLS means the request's own scheme is
 * https, or, with {@code vigil.status-pages.trust-forwarded}, the proxy's {@code X-Forwarded-Proto} says https.
 */
@ApplicationScoped
public class SecurityHeaders {

    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";
    public static final String REFERRER_POLICY = "strict-origin-when-cross-origin";
    public static final String HSTS = "max-age=31536000";

    @ConfigProperty(name = "vigil.status-pages.trust-forwarded", defaultValue = "false")
    boolean trustForwarded;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        // runs again after a reroute (custom domains), which drops the handlers added before it
        boolean tls = tls(ctx.request(), trustForwarded);
        ctx.addHeadersEndHandler(v -> apply(ctx.response().headers(), tls));
        ctx.next();
    }

    static void apply(MultiMap headers, boolean tls) {
        headers.set("X-Content-Type-Options", "nosniff");
        String type = headers.get("Content-Type");
        if (type == null || !type.trim().toLowerCase(Locale.ROOT).startsWith("text/html")) {
            return;
        }
        headers.set("Content-Security-Policy", CSP);
        headers.set("Referrer-Policy", REFERRER_POLICY);
        if (tls) {
            headers.set("Strict-Transport-Security", HSTS);
        }
    }

    static boolean tls(HttpServerRequest request, boolean trustForwarded) {
        if ("https".equalsIgnoreCase(request.scheme())) {
            return true;
        }
        if (!trustForwarded) {
            return false;
        }
        String proto = request.getHeader("X-Forwarded-Proto");
        // a chain of proxies lists one protocol each; the first is what the client used
        return proto != null && "https".equalsIgnoreCase(proto.split(",")[0].trim());
    }
}

package io.vigil.api;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses a request whose path or query carries a NUL character ({@code %00}) with a 400 naming where, before any
 * route sees it: no text column stores NUL (PostgreSQL refuses it), and no path or query of Vigil means one.
 */
@ApplicationScoped
public class UriGuard {

    static final String NUL_MESSAGE = "must not contain the NUL character";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            if (ctx.request().path() != null && ctx.request().path().toLowerCase(Locale.ROOT).contains("%00")) {
                refuse(ctx, "path");
                return;
            }
            String query = ctx.request().query();
            if (query != null && query.toLowerCase(Locale.ROOT).contains("%00")) {
                refuse(ctx, parameter(ctx));
                return;
            }
            ctx.next();
        });
    }

    private static void refuse(RoutingContext ctx, String field) {
        FieldError error = new FieldError(field, NUL_MESSAGE + " (%00)");
        BodyLimit.send(ctx, 400, "Invalid request", error.field() + ": " + error.message(), List.of(error), false);
    }

    /** The query parameter holding the NUL (in its name or value), or "query" if decoding found none. */
    private static String parameter(RoutingContext ctx) {
        try {
            MultiMap params = ctx.queryParams();
            for (Map.Entry<String, String> e : params) {
                if (e.getKey().indexOf('\0') >= 0 || e.getValue().indexOf('\0') >= 0) {
                    return e.getKey().replace("\0", "%00");
                }
            }
        } catch (IllegalArgumentException malformed) {
            // reported as the query as a whole
        }
        return "query";
    }
}

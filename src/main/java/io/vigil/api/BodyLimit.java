package io.vigil.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Refuses oversized requests early, each with one problem+json answer and at most one log line:
 * <ul>
 * <li>a declared Content-Length over {@code quarkus.http.limits.max-body-size}: 413 before any of the body is read;</li>
 * <li>a chunked body: buffered by Vert.x's {@link BodyHandler} up to that size, 413 as soon as it goes over (the
 * resources then read the buffered body; without this, every chunk past the limit would fail on its own);</li>
 * <li>a request URI longer than {@code vigil.http.max-uri-length}: 414. Longer than
 * {@code quarkus.http.limits.max-initial-line-length} (set well above it), Vert.x itself answers a bare 414.</li>
 * </ul>
 */
@ApplicationScoped
public class BodyLimit {

    private static final Logger LOG = Logger.getLogger(BodyLimit.class);

    void install(@Observes Router router,
                 @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
                 @ConfigProperty(name = "vigil.http.max-uri-length", defaultValue = "8192") int maxUri) {
        long max = maxBodySize.asLongValue();
        BodyHandler chunked = BodyHandler.create(false).setBodyLimit(max);
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (ctx.request().uri().length() > maxUri) {
                LOG.infof("Refused a request URI of %d characters (over %d)", ctx.request().uri().length(), maxUri);
                send(ctx, 414, "URI too long", "the request URI is over " + maxUri + " characters", null, true);
            } else if (length != null && exceeds(length, max)) {
                LOG.infof("Refused a request body of %s bytes to %s (over %d)", length.trim(), ctx.request().path(), max);
                tooLarge(ctx, max);
            } else if (length == null && ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
                chunked.handle(ctx);
            } else {
                ctx.next();
            }
        }).failureHandler(ctx -> {
            if (ctx.response().ended() || ctx.response().closed()) {
                // Already answered (413, 414): the close that followed fails the body read once more; nothing to say.
                return;
            }
            if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                LOG.infof("Refused a chunked request body to %s (over %d bytes)", ctx.request().path(), max);
                tooLarge(ctx, max);
            } else {
                ctx.next();
            }
        });
    }

    private static void tooLarge(RoutingContext ctx, long max) {
        send(ctx, 413, "Request body too large", "the request body is over " + max / 1024 + " KiB", null, true);
    }

    /** A problem+json answer from a route handler (before RESTEasy and its exception mappers). */
    static void send(RoutingContext ctx, int status, String title, String detail, List<FieldError> errors, boolean close) {
        Problem problem = new Problem(ProblemMapper.typeFor(status), title, status, detail, errors);
        var response = ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (!close) {
            response.end(Json.encode(problem));
            return;
        }
        // The rest of the body is not wanted: close rather than read (and discard) it.
        response.putHeader(HttpHeaders.CONNECTION, "close").end(Json.encode(problem))
                .onComplete(done -> ctx.request().connection().close());
    }

    private static boolean exceeds(String length, long max) {
        try {
            return Long.parseLong(length.trim()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

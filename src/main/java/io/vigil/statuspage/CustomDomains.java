package io.vigil.statuspage;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * Serves a status page on its custom domain: a request whose Host is a page's {@code customDomain} is routed as if it
 * had asked for {@code /status/{slug}/<rest>} ({@code /} → the page, {@code /history}, {@code /feed.atom},
 * {@code /api/v2/summary.json}, ...), with its query string. Left alone: the page's own {@code /status/{slug}...}
 * paths (links rendered for the main host keep working), the management API and other non-page paths
 * ({@link #UNTOUCHED}, e.g. the shared {@code /static/} stylesheet and script), and every request for a host that is no page's domain. Lookups are cached by
 * {@link StatusSnapshots#slugForDomain}. Runs first on the Vert.x router, so every kind of route sees the rewritten path.
 */
@ApplicationScoped
public class CustomDomains {

    private static final Logger LOG = Logger.getLogger(CustomDomains.class);
    private static final String REROUTED = "vigil.custom-domain.rerouted";
    /** Paths never rewritten (the Statuspage-compatible {@code /api/v2/} is, the rest of {@code /api/} is not). */
    static final List<String> UNTOUCHED = List.of("/q/", "/ping/", "/agent/", "/badge/", "/static/");

    @Inject
    StatusSnapshots snapshots;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (ctx.get(REROUTED) != null || !candidate(path)) {
            ctx.next();
            return;
        }
        String host = ctx.request().authority() != null ? ctx.request().authority().host() : ctx.request().getHeader("Host");
        if (host == null || host.isEmpty()) {
            ctx.next();
            return;
        }
        Context context = Vertx.currentContext();
        // Known hosts answer at once from the cache; a first lookup goes to the database, and meanwhile the request
        // body (a login form) waits, paused, for the route that will read it.
        boolean[] done = {false};
        boolean[] paused = {false};
        snapshots.slugForDomain(host).subscribe().with(
                slug -> onContext(context, () -> {
                    done[0] = true;
                    resume(ctx, paused[0]);
                    route(ctx, path, slug);
                }),
                failure -> onContext(context, () -> {
                    done[0] = true;
                    LOG.debugf(failure, "custom domain lookup for %s failed; serving the request as is", host);
                    resume(ctx, paused[0]);
                    ctx.next();
                }));
        if (!done[0] && !ctx.request().isEnded()) {
            ctx.request().pause();
            paused[0] = true;
        }
    }

    private static void resume(RoutingContext ctx, boolean paused) {
        if (paused) {
            ctx.request().resume();
        }
    }

    private static void route(RoutingContext ctx, String path, Optional<String> slug) {
        String target = slug.map(s -> target(s, path)).orElse(null);
        if (target == null) {
            ctx.next();
            return;
        }
        String query = ctx.request().query();
        ctx.put(REROUTED, Boolean.TRUE);
        ctx.reroute(query == null ? target : target + "?" + query);
    }

    /** Whether a path may be a page path on a custom domain at all (cheap: no lookup for the management API etc.). */
    static boolean candidate(String path) {
        if (path == null || !path.startsWith("/")) {
            return false;
        }
        if (path.startsWith("/api/") || path.equals("/api")) {
            return path.startsWith("/api/v2/");
        }
        for (String prefix : UNTOUCHED) {
            if (path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1))) {
                return false;
            }
        }
        return true;
    }

    /** The path to serve for a custom-domain request, or null when it is already the page's own path. */
    static String target(String slug, String path) {
        String base = "/status/" + slug;
        if (path.equals(base) || path.startsWith(base + "/")) {
            return null;
        }
        return path.equals("/") ? base : base + path;
    }

    private static void onContext(Context context, Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}

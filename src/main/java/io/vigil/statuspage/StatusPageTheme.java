package io.vigil.statuspage;

import io.smallrye.mutiny.Uni;
import io.vigil.statuspage.html.AccentColor;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A page's accent colour as a tiny stylesheet, {@code /status/{slug}/theme.css}: the pages carry no inline
 * {@code <style>} (their Content-Security-Policy forbids it), so the one per-page style rule is served here and linked
 * after {@code /static/status.css}. The colour is shown before login too, so this needs no access check; an unknown
 * slug gets the default colours. Only validated hex colours ({@link AccentColor}) reach the output.
 */
@Singleton
@Path("/status/{slug}/theme.css")
@Tag(name = "Public status pages")
public class StatusPageTheme {

    static final String CSS = "text/css;charset=UTF-8";

    @Inject
    StatusSnapshots snapshots;

    @GET
    @Operation(summary = "A status page's accent colours as CSS")
    public Uni<Response> theme(@PathParam("slug") String slug) {
        return snapshots.bySlug(slug).map(found -> {
            AccentColor accent = AccentColor.of(found.map(s -> s.page().accentColor()).orElse(null));
            return Response.ok(css(accent), CSS).header("Cache-Control", "public, max-age=300").build();
        });
    }

    static String css(AccentColor accent) {
        return ":root{--a:" + accent.light() + ";--ad:" + accent.dark() + "}\n";
    }
}

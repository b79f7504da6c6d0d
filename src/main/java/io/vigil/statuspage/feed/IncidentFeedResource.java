package io.vigil.statuspage.feed;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.smallrye.mutiny.Uni;
import io.vigil.api.ApiException;
import io.vigil.statuspage.PublicResponses;
import io.vigil.statuspage.VisibleSnapshots;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * {@code /status/{slug}/feed.atom} and {@code /status/{slug}/feed.rss}. The class path names the feed itself, so
 * this resource never shadows the HTML page's routes under {@code /status/{slug}}.
 */
@Tag(name = "Public status pages")
@Path("/status/{slug}/{feed: feed\\.(atom|rss)}")
public class IncidentFeedResource {

    @Inject
    VisibleSnapshots pages;

    @Operation(summary = "Get a status page's incident feed")
    @GET
    public Uni<Response> feed(@PathParam("slug") String slug, @PathParam("feed") String feed, @Context HttpHeaders headers) {
        boolean atom = switch (feed) {
            case "feed.atom" -> true;
            case "feed.rss" -> false;
            default -> throw ApiException.notFound("feed " + feed);
        };
        return pages.forVisitor(slug, headers).map(s -> {
            String url = pages.pageUrl(s);
            return atom
                    ? PublicResponses.respond(headers, s, "feed.atom", IncidentFeeds.atom(s, url), IncidentFeeds.ATOM + ";charset=UTF-8")
                    : PublicResponses.respond(headers, s, "feed.rss", IncidentFeeds.rss(s, url), IncidentFeeds.RSS + ";charset=UTF-8");
        });
    }
}

package io.vigil.statuspage;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestPath;

import java.util.HashMap;
import java.util.Map;

/**
 * Test-only stand-in for the public page routes (built on other branches): answers whether {@link PageAccess} lets this
 * request see the page, and which path and query the request arrived with (custom-domain rewriting).
 */
@Path("/status/{slug}/probe-route")
public class AccessProbe {

    @Inject
    StatusSnapshots snapshots;
    @Inject
    PageAccess access;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> probe(@RestPath String slug, @Context HttpHeaders headers, @Context UriInfo uri) {
        return describe(snapshots, access, slug, headers, uri);
    }

    static Uni<Map<String, Object>> describe(StatusSnapshots snapshots, PageAccess access, String slug, HttpHeaders headers, UriInfo uri) {
        return snapshots.bySlug(slug).map(found -> {
            StatusSnapshot s = found.orElseThrow(NotFoundException::new);
            Map<String, Object> out = new HashMap<>();
            out.put("slug", s.page().slug());
            out.put("allowed", access.allowed(s, headers));
            out.put("path", uri.getPath());
            out.put("query", uri.getRequestUri().getRawQuery());
            return out;
        });
    }
}

package io.vigil.statuspage;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestPath;

import java.util.Map;

/** Test-only: {@link AccessProbe} under the page's {@code api/v2/} (the Statuspage-compatible JSON's place). */
@Path("/status/{slug}/api/v2/probe-route")
public class AccessProbeV2 {

    @Inject
    StatusSnapshots snapshots;
    @Inject
    PageAccess access;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> probe(@RestPath String slug, @Context HttpHeaders headers, @Context UriInfo uri) {
        return AccessProbe.describe(snapshots, access, slug, headers, uri);
    }
}

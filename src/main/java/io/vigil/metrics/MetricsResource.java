package io.vigil.metrics;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.prometheus.client.exporter.common.TextFormat;
import io.vigil.auth.Access;
import io.vigil.auth.CurrentCaller;
import io.vigil.auth.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.NoCache;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collections;

/**
 * {@code GET /api/v1/metrics}: the caller's workspace's per-check series for a Prometheus scrape with the
 * workspace's bearer token. Prometheus text format 0.0.4, OpenMetrics to clients that ask for it.
 */
@Tag(name = "Metrics")
@Path("/api/v1/metrics")
public class MetricsResource {

    @Inject
    CurrentCaller current;
    @Inject
    CheckSeries series;

    @Operation(summary = "Scrape Prometheus metrics")
    @Access(Role.VIEWER)
    @GET
    @NoCache
    @Produces({TextFormat.CONTENT_TYPE_004, TextFormat.CONTENT_TYPE_OPENMETRICS_100})
    public Response scrape(@HeaderParam(HttpHeaders.ACCEPT) String accept) {
        String type = TextFormat.chooseContentType(accept);
        StringWriter out = new StringWriter();
        try {
            TextFormat.writeFormat(type, out, Collections.enumeration(series.of(current.get().workspaceId())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a StringWriter does not fail
        }
        return Response.ok(out.toString(), type).build();
    }
}

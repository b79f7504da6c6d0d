package io.vigil.statuspage.badge;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.smallrye.mutiny.Uni;
import io.vigil.api.ApiException;
import io.vigil.statuspage.PublicResponses;
import io.vigil.statuspage.StatusSnapshot;
import io.vigil.statuspage.StatusSnapshots;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * SVG badges of a check at stable URLs: {@code status.svg}, {@code uptime.svg?window=24h|7d|30d|90d} (default 30d)
 * and {@code response-time.svg}; {@code ?label=} replaces the left-hand text. Only for a check on a public page, read
 * from that page's snapshot (rollups, never raw results); any other check is a 404 indistinguishable from an
 * unknown one, so a badge never reveals that a private check exists.
 */
@Tag(name = "Badges")
@Path("/badge/{checkId}")
public class BadgeResource {

    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int MAX_LABEL = 64;

    @Inject
    PublicChecks publicChecks;
    @Inject
    StatusSnapshots snapshots;

    @Operation(summary = "Get a check's status badge")
    @GET
    @Path("status.svg")
    public Uni<Response> status(@PathParam("checkId") String checkId, @QueryParam("label") String label,
                                @Context HttpHeaders headers) {
        return badge(checkId, headers, "status", c -> Badges.status(c.status()), label(label, "status"));
    }

    @Operation(summary = "Get a check's uptime badge")
    @GET
    @Path("uptime.svg")
    public Uni<Response> uptime(@PathParam("checkId") String checkId, @QueryParam("window") String window,
                                @QueryParam("label") String label, @Context HttpHeaders headers) {
        String w = window == null ? "30d" : window;
        java.util.function.Function<StatusSnapshot.Component, Double> pick = switch (w) {
            case "24h" -> StatusSnapshot.Component::uptime24h;
            case "7d" -> StatusSnapshot.Component::uptime7d;
            case "30d" -> StatusSnapshot.Component::uptime30d;
            case "90d" -> StatusSnapshot.Component::uptime90;
            default -> throw ApiException.invalid("window", "must be one of 24h, 7d, 30d, 90d");
        };
        return badge(checkId, headers, "uptime-" + w, c -> Badges.uptime(pick.apply(c)), label(label, "uptime " + w));
    }

    @Operation(summary = "Get a check's response-time badge")
    @GET
    @Path("response-time.svg")
    public Uni<Response> responseTime(@PathParam("checkId") String checkId, @QueryParam("label") String label,
                                      @Context HttpHeaders headers) {
        return badge(checkId, headers, "response-time", c -> Badges.responseTime(c.latencyMs()), label(label, "response time"));
    }

    private static String label(String given, String fallback) {
        if (given == null || given.isBlank()) {
            return fallback;
        }
        return given.length() > MAX_LABEL ? given.substring(0, MAX_LABEL) : given;
    }

    private Uni<Response> badge(String checkId, HttpHeaders headers, String kind,
                                java.util.function.Function<StatusSnapshot.Component, String[]> value, String label) {
        if (!UUID_TEXT.matcher(checkId).matches()) {
            throw notFound(checkId);
        }
        UUID check = UUID.fromString(checkId);
        return publicChecks.publicPageOf(check)
                .chain(slug -> slug.isEmpty() ? Uni.createFrom().item(Optional.<StatusSnapshot>empty()) : snapshots.bySlug(slug.get()))
                .map(found -> {
                    StatusSnapshot s = found.filter(p -> p.page().isPublic()).orElseThrow(() -> notFound(checkId));
                    StatusSnapshot.Component c = s.components().stream().filter(x -> x.checkId().equals(check)).findFirst()
                            .orElseThrow(() -> notFound(checkId));
                    String[] v = value.apply(c);
                    String representation = "badge-" + kind + "-" + check + "-"
                            + UUID.nameUUIDFromBytes(label.getBytes(StandardCharsets.UTF_8));
                    return PublicResponses.respond(headers, s, representation, Badges.svg(label, v[0], v[1]), Badges.MEDIA_TYPE);
                });
    }

    private static ApiException notFound(String checkId) {
        return ApiException.notFound("a badge for check '" + checkId + "'");
    }
}

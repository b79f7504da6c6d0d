package io.vigil.result;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.smallrye.mutiny.Uni;
import io.vigil.api.ApiException;
import io.vigil.api.Page;
import io.vigil.api.Paging;
import io.vigil.auth.Caller;
import io.vigil.auth.Access;
import io.vigil.auth.CurrentCaller;
import io.vigil.auth.Role;
import io.vigil.api.Ids;
import io.vigil.check.CheckService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** {@code /api/v1/checks/{id}/results} and {@code …/summary}. */
@Tag(name = "Checks")
@Path("/api/v1/checks/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class ResultResource {

    private static final Set<String> WINDOWS = Set.of("24h", "7d", "30d", "90d");

    @Inject
    CheckService checks;
    @Inject
    ResultQueries queries;
    @Inject
    CurrentCaller current;
    @Inject
    Clock clock;

    @Operation(summary = "List a check's results")
    @Access(Role.VIEWER)
    @GET
    @Path("results")
    public Uni<Page<ProbeResult>> results(@PathParam("id") String id, @QueryParam("from") String from,
                                          @QueryParam("to") String to, @QueryParam("region") String region,
                                          @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Caller caller = current.get();
        UUID checkId = Ids.parse(id, "check");
        Instant fromAt = Paging.instant(from, "from");
        Instant toAt = Paging.instant(to, "to");
        if (fromAt != null && toAt != null && !fromAt.isBefore(toAt)) {
            throw ApiException.invalid("to", "must be after from");
        }
        int n = Paging.limit(limit);
        Paging.Position after = Paging.decode(cursor);
        return checks.exists(caller, checkId)
                .chain(() -> queries.results(caller.workspaceId(), checkId, fromAt, toAt,
                        region == null || region.isBlank() ? null : region, n, after));
    }

    @Operation(summary = "Get a check's uptime summary")
    @Access(Role.VIEWER)
    @GET
    @Path("summary")
    public Uni<Summary> summary(@PathParam("id") String id, @QueryParam("window") String window) {
        Caller caller = current.get();
        UUID checkId = Ids.parse(id, "check");
        String w = window == null || window.isBlank() ? "24h" : window;
        if (!WINDOWS.contains(w)) {
            throw ApiException.invalid("window", "must be one of 24h, 7d, 30d, 90d");
        }
        return checks.exists(caller, checkId)
                .chain(() -> queries.summary(caller.workspaceId(), checkId, w, clock.instant()));
    }
}

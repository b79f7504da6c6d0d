package io.vigil.schedule;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.smallrye.mutiny.Uni;
import io.vigil.VigilConfig;
import io.vigil.auth.Caller;
import io.vigil.auth.Access;
import io.vigil.auth.CurrentCaller;
import io.vigil.auth.Role;
import io.vigil.api.Ids;
import io.vigil.check.CheckService;
import io.vigil.result.ProbeResult;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;

/**
 * {@code POST /api/v1/checks/{id}/run}: probes once, now, from this process's region and returns the result.
 * An on-demand run is a test: it is not stored and does not move the check's status.
 */
@Tag(name = "Checks")
@Path("/api/v1/checks/{id}/run")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    @Inject
    CheckService checks;
    @Inject
    CheckRunner runner;
    @Inject
    CurrentCaller current;
    @Inject
    VigilConfig vigil;
    @Inject
    Clock clock;

    @Operation(summary = "Run a check once now")
    @Access(Role.EDITOR)
    @POST
    public Uni<ProbeResult> run(@PathParam("id") String id) {
        Caller caller = current.get();
        return checks.spec(caller, Ids.parse(id, "check"))
                .chain(spec -> runner.run(spec, vigil.region(), clock.instant()));
    }
}

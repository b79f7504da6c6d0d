package io.vigil.console;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.api.ApiException;
import io.vigil.auth.Role;
import io.vigil.check.CheckService;
import io.vigil.people.login.Web;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Actions on the checks selected in the overview, each through {@link CheckService} as the API does it (audited, one
 * check at a time, in the workspace looked at: another workspace's id is skipped as unknown).
 */
@Tag(name = "Console")
@Path("/console/checks/bulk")
public class BulkActions {

    /** At most this many checks per request (a page of the overview holds fewer). */
    static final int MAX = 500;

    @Inject
    Desks desks;
    @Inject
    CheckService checks;

    /** 1 when the check was changed, 0 when it is not one of this workspace's. */
    private Uni<Integer> changed(Desk desk, UUID id, boolean pause) {
        return checks.setPaused(desk.caller(), id, pause).map(v -> 1)
                .onFailure(ApiException.class).recoverWithItem(0);
    }

    @Operation(summary = "Pause or resume the selected checks")
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> apply(@RestForm("id") List<String> ids, @RestForm String action, @RestForm String csrf,
                               @Context HttpHeaders headers, @Context HttpServerRequest request) {
        return desks.form(csrf, Role.EDITOR, headers, request, "/console", desk -> {
            if (!"pause".equals(action) && !"resume".equals(action)) {
                return Web.html(400, ConsoleProblem.Templates.problem(desk, "Nothing done", "Choose pause or resume."));
            }
            List<UUID> selected = ids == null ? List.of() : ids.stream().map(CheckPage::parse).flatMap(Optional::stream)
                    .distinct().limit(MAX).toList();
            if (selected.isEmpty()) {
                return Web.html(400, ConsoleProblem.Templates.problem(desk, "Nothing done", "Select at least one check."));
            }
            boolean pause = "pause".equals(action);
            return Multi.createFrom().iterable(selected)
                    .onItem().transformToUniAndConcatenate(id -> changed(desk, id, pause))
                    .collect().with(Collectors.summingInt(Integer::intValue))
                    .map(done -> Web.seeOther("/console?notice=" + (pause ? "paused" : "resumed") + "&n=" + done).build());
        });
    }
}

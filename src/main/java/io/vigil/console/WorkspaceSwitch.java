package io.vigil.console;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.auth.Role;
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

/** {@code POST /console/workspace}: look at another of one's workspaces (remembered in a cookie). */
@Tag(name = "Console")
@Path("/console/workspace")
public class WorkspaceSwitch {

    @Inject
    Desks desks;

    @Operation(summary = "Switch the console to another of your workspaces")
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> switchTo(@RestForm String workspace, @RestForm String csrf, @Context HttpHeaders headers,
                                  @Context HttpServerRequest request) {
        return desks.form(csrf, Role.VIEWER, headers, request, "/console", desk -> desk.workspaces().stream()
                .filter(w -> w.slug().equals(workspace)).findFirst()
                .map(w -> Uni.createFrom().item(Web.seeOther("/console").cookie(Desks.workspaceCookie(desk, w.slug())).build()))
                .orElseGet(() -> Web.html(404, ConsoleProblem.Templates.problem(desk, "Not found",
                        "You are not a member of that workspace."))));
    }
}

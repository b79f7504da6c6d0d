package io.vigil.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.api.ApiException;
import io.vigil.api.FieldError;
import io.vigil.auth.Role;
import io.vigil.check.CheckOverview;
import io.vigil.check.CheckOverview.Line;
import io.vigil.incident.IncidentRequests;
import io.vigil.incident.IncidentService;
import io.vigil.incident.IncidentView;
import io.vigil.people.login.Web;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /console/incidents}: open incidents first, then recent resolved ones; open a manual incident; an incident's
 * page with its updates and what Vigil saw (the timeline), and a form to post an update (phase, impact, message) that
 * the status pages show and subscribers are told of — all through {@link IncidentService}, as the API does it.
 */
@Tag(name = "Console")
@Path("/console/incidents")
public class IncidentsPage {

    static final int RECENT = 50;

    /** What a form shows again after a refusal. */
    public record Form(String error, String invalid, String title, String message) {
        static final Form EMPTY = new Form(null, null, "", "");
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Desk desk, List<IncidentView> open, List<IncidentView> resolved,
                                            List<Line> checks, Form form);

        static native TemplateInstance detail(Desk desk, IncidentView incident, String checkName, Form form);
    }

    @Inject
    Desks desks;
    @Inject
    IncidentService incidents;
    @Inject
    CheckOverview checks;

    @Operation(summary = "The console's incidents")
    @GET
    public Uni<Response> list(@Context HttpHeaders headers, @Context HttpServerRequest request) {
        return desks.page(headers, request, "/console/incidents", desk -> list(desk, 200, Form.EMPTY));
    }

    @Operation(summary = "Open a manual incident from the console")
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> open(@RestForm String title, @RestForm String check, @RestForm String impact, @RestForm String phase,
                              @RestForm String message, @RestForm String csrf, @Context HttpHeaders headers,
                              @Context HttpServerRequest request) {
        return desks.form(csrf, Role.EDITOR, headers, request, "/console/incidents", desk -> {
            Optional<UUID> checkId = check == null || check.isBlank() ? Optional.empty() : CheckPage.parse(check);
            if (check != null && !check.isBlank() && checkId.isEmpty()) {
                return list(desk, 400, new Form("Choose one of the checks.", "check", title, message));
            }
            // deferred: the service validates before it returns its Uni, and a refusal must reach the recovery below
            return Uni.createFrom().deferred(() -> incidents.create(desk.caller(), new IncidentRequests.Create(title,
                            checkId.orElse(null), blank(impact), blank(phase), blank(message))))
                    .map(created -> Web.seeOther("/console/incidents/" + created.id()).build())
                    .onFailure(ApiException.class).recoverWithUni(e -> list(desk, status((ApiException) e),
                            refused((ApiException) e, title, message)));
        });
    }

    @Operation(summary = "An incident's page in the console")
    @GET
    @Path("{id}")
    public Uni<Response> detail(@RestPath String id, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        return desks.page(headers, request, "/console/incidents/" + id, desk -> CheckPage.parse(id)
                .map(incident -> detail(desk, incident, 200, Form.EMPTY))
                .orElseGet(() -> notFound(desk)));
    }

    @Operation(summary = "Post an update to an incident from the console")
    @POST
    @Path("{id}/updates")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> update(@RestPath String id, @RestForm String phase, @RestForm String impact, @RestForm String message,
                                @RestForm String csrf, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        String here = "/console/incidents/" + id;
        return desks.form(csrf, Role.EDITOR, headers, request, here, desk -> CheckPage.parse(id)
                .map(incident -> Uni.createFrom().deferred(() -> incidents.update(desk.caller(), incident,
                                new IncidentRequests.AddUpdate(blank(phase), blank(message), blank(impact))))
                        .map(v -> Web.seeOther(here).build())
                        .onFailure(ApiException.class).recoverWithUni(e -> ((ApiException) e).status() == 404 ? notFound(desk)
                                : detail(desk, incident, status((ApiException) e), refused((ApiException) e, null, message))))
                .orElseGet(() -> notFound(desk)));
    }

    private Uni<Response> list(Desk desk, int status, Form form) {
        return Uni.combine().all().unis(incidents.list(desk.caller(), null, "open", RECENT, null),
                        incidents.list(desk.caller(), null, "resolved", RECENT, null), checks.all(desk.workspace().id()))
                .with((open, resolved, all) -> Web.build(status, Templates.list(desk, open.items(), resolved.items(),
                        all.stream().sorted(Comparator.comparing(Line::name)).toList(), form)));
    }

    private Uni<Response> detail(Desk desk, UUID id, int status, Form form) {
        return incidents.get(desk.caller(), id).chain(incident -> (incident.checkId() == null
                        ? Uni.createFrom().item(List.<Line>of())
                        : checks.of(desk.workspace().id(), List.of(incident.checkId())))
                        .map(lines -> Web.build(status, Templates.detail(desk, incident,
                                lines.isEmpty() ? null : lines.get(0).name(), form))))
                .onFailure(ApiException.class).recoverWithUni(e -> notFound(desk));
    }

    private static Uni<Response> notFound(Desk desk) {
        return Web.html(404, ConsoleProblem.Templates.problem(desk, "Not found", "There is no such incident in this workspace."));
    }

    private static Form refused(ApiException e, String title, String message) {
        FieldError field = e.errors() == null || e.errors().isEmpty() ? null : e.errors().get(0);
        return new Form(field == null ? e.getMessage() : "The " + field.field() + " " + field.message() + ".",
                field == null ? null : "checkId".equals(field.field()) ? "check" : field.field(),
                title == null ? "" : title, message == null ? "" : message);
    }

    private static int status(ApiException e) {
        return e.status() == 403 || e.status() == 409 ? e.status() : 400;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

package io.vigil.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.api.ApiException;
import io.vigil.auth.Role;
import io.vigil.check.CheckOverview;
import io.vigil.check.CheckService;
import io.vigil.check.CheckView;
import io.vigil.people.login.Web;
import io.vigil.result.HourlyLatency;
import io.vigil.result.ProbeResult;
import io.vigil.result.RecentUptime;
import io.vigil.result.ResultQueries;
import io.vigil.result.RollupReads;
import io.vigil.verdict.CurrentVerdict;
import io.vigil.verdict.CurrentVerdicts;
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

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /console/checks/{id}} (webhooks link here): a check's state and failing regions, uptime, the last 24 hours of
 * response times, its recent results with timings, failing assertions and error classes, and, for editors, pause and
 * resume. It opens in the check's own workspace when the person belongs to it; anyone else gets a {@code 404}.
 */
@Tag(name = "Console")
@Path("/console/checks")
public class CheckPage {

    static final int RECENT = 25;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance detail(Desk desk, CheckView check, List<String> failing, String uptime24h,
                                              String uptime30d, Sparkline sparkline, List<ProbeResult> results);

        /** The recent results table, on the page and as the live stream's {@code results} event. */
        static native TemplateInstance results(List<ProbeResult> results);
    }

    @Inject
    Desks desks;
    @Inject
    CheckOverview overview;
    @Inject
    CheckService checks;
    @Inject
    RollupReads rollups;
    @Inject
    ResultQueries results;
    @Inject
    CurrentVerdicts verdicts;
    @Inject
    Clock clock;

    @Operation(summary = "A check's page in the console")
    @GET
    @Path("{id}")
    public Uni<Response> detail(@RestPath String id, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Optional<UUID> check = parse(id);
        String here = "/console/checks/" + id;
        if (check.isEmpty()) {
            return desks.page(headers, request, here, desk -> notFound(desk));
        }
        return overview.workspaceOf(check.get()).chain(ws -> ws.isEmpty()
                ? desks.page(headers, request, here, CheckPage::notFound)
                : desks.pageIn(ws.get(), headers, request, here, desk -> show(desk, check.get())));
    }

    private Uni<Response> show(Desk desk, UUID id) {
        Instant now = clock.instant();
        List<UUID> ids = List.of(id);
        return checks.get(desk.caller(), id).chain(view -> Uni.combine().all().unis(
                        rollups.recent(ids, now), rollups.hourlyLatency(ids, now.truncatedTo(ChronoUnit.HOURS).minus(23, ChronoUnit.HOURS)),
                        verdicts.of(ids), results.results(desk.workspace().id(), id, now.minus(30, ChronoUnit.DAYS), now.plusSeconds(60),
                                null, RECENT, null))
                .with((uptime, latency, current, recent) -> {
                    RecentUptime u = uptime.getOrDefault(id, RecentUptime.none(id));
                    CurrentVerdict v = current.get(id);
                    List<HourlyLatency> hours = latency;
                    return Web.build(200, Templates.detail(desk, view, v == null ? List.of() : v.failingRegions(),
                            OverviewPage.percent(u.last24h()), OverviewPage.percent(u.last30d()), Sparkline.of(hours, now),
                            recent.items()));
                }))
                .onFailure(ApiException.class).recoverWithUni(e -> notFound(desk));
    }

    @Operation(summary = "Pause a check from the console")
    @POST
    @Path("{id}/pause")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> pause(@RestPath String id, @RestForm String csrf, @Context HttpHeaders headers,
                               @Context HttpServerRequest request) {
        return setPaused(id, true, csrf, headers, request);
    }

    @Operation(summary = "Resume a check from the console")
    @POST
    @Path("{id}/resume")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> resume(@RestPath String id, @RestForm String csrf, @Context HttpHeaders headers,
                                @Context HttpServerRequest request) {
        return setPaused(id, false, csrf, headers, request);
    }

    private Uni<Response> setPaused(String id, boolean paused, String csrf, HttpHeaders headers, HttpServerRequest request) {
        String here = "/console/checks/" + id;
        Optional<UUID> check = parse(id);
        if (check.isEmpty()) {
            return desks.form(csrf, Role.EDITOR, headers, request, here, CheckPage::notFound);
        }
        // in the check's own workspace, like its page (the workspace looked at elsewhere may differ)
        return overview.workspaceOf(check.get()).chain(ws -> desks.formIn(ws.orElse(null), csrf, Role.EDITOR, headers,
                request, here, desk -> checks.setPaused(desk.caller(), check.get(), paused)
                        .map(v -> Web.seeOther(here).build())
                        .onFailure(ApiException.class).recoverWithUni(e -> notFound(desk))));
    }

    static Uni<Response> notFound(Desk desk) {
        return Web.html(404, ConsoleProblem.Templates.problem(desk, "Not found", "There is no such check in this workspace."));
    }

    static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

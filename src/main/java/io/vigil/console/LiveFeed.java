package io.vigil.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.check.CheckOverview;
import io.vigil.check.CheckOverview.Line;
import io.vigil.result.ProbeResult;
import io.vigil.result.ResultQueries;
import io.vigil.verdict.CurrentVerdict;
import io.vigil.verdict.CurrentVerdicts;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Live console pages without reloading, as server-sent events the htmx SSE extension swaps into the page: one stream
 * per tab, for the checks that tab shows. Each stream reads its checks' state (and on a check's page its newest
 * result) from PostgreSQL every {@link #EVERY} and sends only what changed, as the HTML to swap in — so it works the
 * same behind any number of replicas. Streams are bounded per replica ({@link #MAX_STREAMS}; beyond, 503).
 */
@Tag(name = "Console")
@Path("/console")
public class LiveFeed {

    static final Duration EVERY = Duration.ofSeconds(2);
    static final int MAX_STREAMS = 1000;
    static final int MAX_CHECKS = 100;
    private static final AtomicInteger OPEN = new AtomicInteger();

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance state(Line check, List<String> failing);
    }

    @Inject
    Desks desks;
    @Inject
    CheckOverview overview;
    @Inject
    CurrentVerdicts verdicts;
    @Inject
    ResultQueries results;
    @Inject
    Clock clock;

    @Operation(summary = "Live state of the checks an overview tab shows (server-sent events)")
    @GET
    @Path("live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> overview(@RestQuery("check") List<String> ids, @Context Sse sse,
                                            @Context HttpHeaders headers, @Context HttpServerRequest request) {
        List<UUID> checks = ids == null ? List.of() : ids.stream().map(CheckPage::parse).flatMap(Optional::stream)
                .distinct().limit(MAX_CHECKS).toList();
        return stream(headers, request, null, desk -> {
            Map<UUID, String> shown = new HashMap<>();
            return ticks().onItem().transformToUniAndConcatenate(t -> states(desk, checks))
                    .onItem().transformToIterable(states -> changed(shown, states, sse));
        });
    }

    @Operation(summary = "Live state and newest results of one check's page (server-sent events)")
    @GET
    @Path("live/checks/{id}")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> check(@RestPath String id, @Context Sse sse, @Context HttpHeaders headers,
                                         @Context HttpServerRequest request) {
        UUID check = CheckPage.parse(id).orElseThrow(() -> new WebApplicationException(404));
        return Multi.createFrom().uni(overview.workspaceOf(check)).onItem().transformToMultiAndConcatenate(ws -> stream(headers,
                request, ws.orElseThrow(() -> new WebApplicationException(404)), desk -> {
                    Map<UUID, String> shown = new HashMap<>();
                    String[] newest = {""};
                    return ticks().onItem().transformToUniAndConcatenate(t -> states(desk, List.of(check))
                                    .chain(states -> recent(desk, check).map(list -> {
                                        List<OutboundSseEvent> out = new ArrayList<>(changed(shown, states, sse));
                                        String top = list.isEmpty() ? "" : list.get(0).scheduledAt() + " " + list.get(0).region();
                                        if (!top.equals(newest[0])) {
                                            newest[0] = top;
                                            out.add(sse.newEventBuilder().name("results")
                                                    .data(CheckPage.Templates.results(list).render()).build());
                                        }
                                        return out;
                                    })))
                            .onItem().transformToIterable(events -> events);
                }));
    }

    /** Opens a stream for a signed-in person in their workspace (or {@code wanted}); 401 / 404 / 503 before it starts. */
    private Multi<OutboundSseEvent> stream(HttpHeaders headers, HttpServerRequest request, UUID wanted,
                                           Function<Desk, Multi<OutboundSseEvent>> body) {
        return Multi.createFrom().uni(desks.desk(headers, request, wanted)).onItem().transformToMultiAndConcatenate(found -> {
            if (found.isEmpty()) {
                return Multi.createFrom().failure(new WebApplicationException(wanted == null ? 401 : 404));
            }
            if (OPEN.incrementAndGet() > MAX_STREAMS) {
                OPEN.decrementAndGet();
                return Multi.createFrom().failure(new WebApplicationException(503));
            }
            return body.apply(found.get()).onTermination().invoke(OPEN::decrementAndGet);
        });
    }

    private static Multi<Long> ticks() {
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(0L),
                Multi.createFrom().ticks().every(EVERY).onOverflow().drop());
    }

    private record State(Line line, List<String> failing) {
    }

    private Uni<List<State>> states(Desk desk, List<UUID> checks) {
        if (checks.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return overview.of(desk.workspace().id(), checks).chain(lines -> verdicts.of(checks).map(current -> lines.stream()
                .map(l -> new State(l, Optional.ofNullable(current.get(l.id())).map(CurrentVerdict::failingRegions).orElse(List.of())))
                .toList()));
    }

    private Uni<List<ProbeResult>> recent(Desk desk, UUID check) {
        var now = clock.instant();
        return results.results(desk.workspace().id(), check, now.minus(30, ChronoUnit.DAYS), now.plusSeconds(60), null,
                CheckPage.RECENT, null).map(page -> page.items());
    }

    /** Events for the checks whose rendered state differs from what the tab has (everything at first). */
    private static List<OutboundSseEvent> changed(Map<UUID, String> shown, List<State> states, Sse sse) {
        List<OutboundSseEvent> out = new ArrayList<>();
        for (State s : states) {
            String html = Templates.state(s.line(), s.failing()).render().strip();
            if (!Objects.equals(shown.put(s.line().id(), html), html)) {
                out.add(sse.newEventBuilder().name("state-" + s.line().id()).data(html).build());
            }
        }
        return out;
    }
}

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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Live console pages without reloading, as server-sent events the htmx SSE extension swaps into the page: one stream
 * per tab, for the checks that tab shows. Check states come from the {@link StateHub} (one read per workspace every two
 * seconds, shared by its tabs); a check's page also reads its newest results every {@link #EVERY}. Each stream sends
 * only what changed, as the HTML to swap in — and as all of it is read from PostgreSQL, it works the same behind any
 * number of replicas. Streams are bounded per replica ({@link #MAX_STREAMS}; beyond, 503).
 */
@Tag(name = "Console")
@Path("/console")
public class LiveFeed {

    static final Duration EVERY = Duration.ofSeconds(2);
    static final int MAX_STREAMS = 1000;
    static final int MAX_CHECKS = 100;
    /** Streams per session (a person's tabs); more gets 503. */
    static final int MAX_PER_SESSION = 20;
    /**
     * A stream ends after this long and the browser reconnects through the door again, so a signed-out session, an
     * expired one or a removed member stops getting updates within this time.
     */
    static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final Map<UUID, AtomicInteger> PER_SESSION = new java.util.concurrent.ConcurrentHashMap<>();

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance state(Line check, List<String> failing);
    }

    @Inject
    Desks desks;
    @Inject
    CheckOverview overview;
    @Inject
    StateHub hub;
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
            return hub.watch(desk.workspace().id(), checks).onItem().transformToIterable(states -> changed(shown, states, sse));
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
                    return ticks().onItem().transformToUniAndConcatenate(t -> hub.states(desk.workspace().id(), List.of(check))
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
            UUID session = found.get().me().id();
            AtomicInteger mine = PER_SESSION.computeIfAbsent(session, k -> new AtomicInteger());
            if (OPEN.incrementAndGet() > MAX_STREAMS | mine.incrementAndGet() > MAX_PER_SESSION) {
                close(session, mine);
                return Multi.createFrom().failure(new WebApplicationException(503));
            }
            return body.apply(found.get()).select().first(LIFETIME).onTermination().invoke(() -> close(session, mine));
        });
    }

    private static void close(UUID session, AtomicInteger mine) {
        OPEN.decrementAndGet();
        if (mine.decrementAndGet() <= 0) {
            PER_SESSION.remove(session, mine);
        }
    }

    private static Multi<Long> ticks() {
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(0L),
                Multi.createFrom().ticks().every(EVERY).onOverflow().drop());
    }

    private Uni<List<ProbeResult>> recent(Desk desk, UUID check) {
        var now = clock.instant();
        return results.results(desk.workspace().id(), check, now.minus(30, ChronoUnit.DAYS), now.plusSeconds(60), null,
                CheckPage.RECENT, null).map(page -> page.items());
    }

    /**
     * Events for the checks whose state differs from what the tab has (everything at first). Compared on the values,
     * rendered only when they changed: a tab costs a map lookup per check and tick.
     */
    private static List<OutboundSseEvent> changed(Map<UUID, String> shown, List<StateHub.State> states, Sse sse) {
        List<OutboundSseEvent> out = new ArrayList<>();
        for (StateHub.State s : states) {
            String key = s.line().status().wire() + (s.line().flapping() ? "~" : "") + s.failing();
            if (!key.equals(shown.put(s.line().id(), key))) {
                String html = Templates.state(s.line(), s.failing()).render().strip();
                out.add(sse.newEventBuilder().name("state-" + s.line().id()).data(html).build());
            }
        }
        return out;
    }
}

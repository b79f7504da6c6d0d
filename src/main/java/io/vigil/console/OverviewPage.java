package io.vigil.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.check.CheckOverview;
import io.vigil.check.CheckOverview.Line;
import io.vigil.core.CheckStatus;
import io.vigil.people.login.Web;
import io.vigil.result.HourlyLatency;
import io.vigil.result.RecentUptime;
import io.vigil.result.RollupReads;
import io.vigil.verdict.CurrentVerdict;
import io.vigil.verdict.CurrentVerdicts;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * {@code /console}: every check of the workspace with its state, the regions failing, uptime over 24 h and 30 days,
 * the last hour's response time and a 24-hour sparkline, and its tags; counts per state on top; filters, sort and
 * pages in the query string (a plain GET form, so links and the back button work). All checks are filtered and counted
 * at once from a narrow read ({@link CheckOverview}); only the shown page reads rollups and verdicts.
 */
@Tag(name = "Console")
@Path("/console")
public class OverviewPage {

    /** A row of the list. */
    @TemplateData
    public record Row(Line check, List<String> failing, String uptime24h, String uptime30d, Sparkline sparkline) {
    }

    /** One state's count, for the summary on top and the state filter. */
    @TemplateData
    public record Count(String state, int count, boolean selected) {
    }

    /** The page's choices, for the filter form: what the workspace's checks use. */
    @TemplateData
    public record Choices(List<String> tags, List<String> types, List<String> regions) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(Desk desk, OverviewQuery query, List<Count> counts, List<Row> rows,
                                                int matching, int total, int page, int lastPage, Choices choices,
                                                String previous, String next, String notice, String liveUrl);
    }

    @Inject
    Desks desks;
    @Inject
    CheckOverview checks;
    @Inject
    RollupReads rollups;
    @Inject
    CurrentVerdicts verdicts;
    @Inject
    Clock clock;

    @Operation(summary = "The console's overview of checks")
    @GET
    public Uni<Response> overview(@RestQuery String q, @RestQuery String state, @RestQuery String tag, @RestQuery String type,
                                  @RestQuery String region, @RestQuery String sort, @RestQuery String page,
                                  @RestQuery String notice, @RestQuery String n, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        OverviewQuery query = OverviewQuery.parse(q, state, tag, type, region, sort, page);
        return desks.page(headers, request, "/console", desk -> checks.all(desk.workspace().id()).chain(all -> {
            List<Line> matching = query.apply(all);
            List<Line> shown = query.page(matching);
            int last = OverviewQuery.lastPage(matching.size());
            int at = Math.min(query.page(), last);
            return rows(shown).map(rows -> Web.build(200, Templates.overview(desk, query, counts(all, query), rows,
                    matching.size(), all.size(), at, last, choices(all), at > 1 ? query.link(at - 1) : null,
                    at < last ? query.link(at + 1) : null, notice(notice, n), live(shown))));
        }));
    }

    /** The live stream of the shown checks ({@link LiveFeed}). */
    private static String live(List<Line> shown) {
        StringBuilder b = new StringBuilder("/console/live");
        for (int i = 0; i < shown.size(); i++) {
            b.append(i == 0 ? '?' : '&').append("check=").append(shown.get(i).id());
        }
        return b.toString();
    }

    /** The notices a redirect may ask for, by name (never text from the query). */
    private static String notice(String name, String n) {
        int count;
        try {
            count = n == null ? 0 : Math.max(0, Integer.parseInt(n.strip()));
        } catch (NumberFormatException e) {
            count = 0;
        }
        String checks = count == 1 ? "1 check" : count + " checks";
        return switch (name == null ? "" : name) {
            case "paused" -> "Paused " + checks + ".";
            case "resumed" -> "Resumed " + checks + ".";
            case "created" -> "Created " + checks + ".";
            default -> null;
        };
    }

    private static List<Count> counts(List<Line> all, OverviewQuery query) {
        List<Count> out = new ArrayList<>();
        OverviewQuery.counts(all).forEach((s, n) -> out.add(new Count(s.wire(), n, s == query.state())));
        return out;
    }

    private static Choices choices(List<Line> all) {
        TreeSet<String> tags = new TreeSet<>();
        TreeSet<String> types = new TreeSet<>();
        TreeSet<String> regions = new TreeSet<>();
        for (Line l : all) {
            tags.addAll(l.tags());
            types.add(l.type());
            regions.addAll(l.regions());
        }
        return new Choices(List.copyOf(tags), List.copyOf(types), List.copyOf(regions));
    }

    /** The shown checks with their uptime, response times and failing regions (three reads for the page). */
    private Uni<List<Row>> rows(List<Line> shown) {
        if (shown.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> ids = shown.stream().map(Line::id).toList();
        Instant now = clock.instant();
        return Uni.combine().all().unis(rollups.recent(ids, now), rollups.hourlyLatency(ids, now.truncatedTo(ChronoUnit.HOURS)
                        .minus(23, ChronoUnit.HOURS)), verdicts.of(ids))
                .with((uptime, latency, current) -> {
                    Map<UUID, List<HourlyLatency>> byCheck = new HashMap<>();
                    latency.forEach(h -> byCheck.computeIfAbsent(h.checkId(), k -> new ArrayList<>()).add(h));
                    List<Row> out = new ArrayList<>(shown.size());
                    for (Line l : shown) {
                        RecentUptime u = uptime.getOrDefault(l.id(), RecentUptime.none(l.id()));
                        CurrentVerdict v = current.get(l.id());
                        out.add(new Row(l, v == null ? List.of() : v.failingRegions(), percent(u.last24h()), percent(u.last30d()),
                                Sparkline.of(byCheck.getOrDefault(l.id(), List.of()), now)));
                    }
                    return out;
                });
    }

    static String percent(RecentUptime.Counts c) {
        long all = c.up() + c.down();
        if (all == 0) {
            return "–";
        }
        double p = 100.0 * c.up() / all;
        return p >= 99.995 && c.down() == 0 ? "100%" : String.format(Locale.ROOT, "%.2f%%", Math.floor(p * 100) / 100);
    }
}

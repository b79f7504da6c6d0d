package io.vigil.statuspage.html;

import io.quarkus.qute.TemplateData;
import io.vigil.incident.IncidentImpact;
import io.vigil.incident.IncidentPhase;
import io.vigil.maintenance.MaintenanceView;
import io.vigil.statuspage.StatusRules;
import io.vigil.statuspage.StatusSnapshot;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What the HTML status page shows, worked out from a {@link StatusSnapshot} before rendering: labels, colour
 * classes, tooltips and chart geometry are plain strings here, so the templates only place them (and escape them).
 */
public final class PageModel {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MACHINE = DateTimeFormatter.ISO_INSTANT;

    private PageModel() {
    }

    /** The frame every page shares: title, logo, accent colour and where the page lives. */
    @TemplateData
    public record Chrome(String title, String description, String logoUrl, String accent, String accentDark, String home,
                         String banner) {

        public static Chrome of(StatusSnapshot.PageInfo page, String banner) {
            AccentColor accent = AccentColor.of(page.accentColor());
            String logo = page.logoUrl() != null && page.logoUrl().startsWith("https://") ? page.logoUrl() : null;
            return new Chrome(page.title(), page.description(), logo, accent.light(), accent.dark(), "/status/" + page.slug(), banner);
        }

        /** The favicon's colour (hex digits without '#'): the overall state at a glance in the browser tab. */
        public String faviconColor() {
            return switch (banner) {
                case "major" -> "cf222e";
                case "partial" -> "bc4c00";
                case "degraded" -> "9a6700";
                case "maint" -> "0969da";
                default -> "1a7f37";
            };
        }

        /** A protected page before login: its title and colour, nothing else (no description, no logo). */
        public static Chrome locked(StatusSnapshot.PageInfo page) {
            AccentColor accent = AccentColor.of(page.accentColor());
            return new Chrome(page.title(), null, null, accent.light(), accent.dark(), "/status/" + page.slug(), "ok");
        }

        /** For pages that do not exist: no title of anyone's. */
        public static Chrome plain(String title) {
            AccentColor accent = AccentColor.of(null);
            return new Chrome(title, null, null, accent.light(), accent.dark(), null, "ok");
        }
    }

    /** A moment shown as UTC text, which a small script rewrites into the viewer's time zone. */
    @TemplateData
    public record Stamp(String iso, String text) {
        static Stamp of(Instant at) {
            return at == null ? null : new Stamp(MACHINE.format(at.truncatedTo(ChronoUnit.SECONDS)), SHOWN.format(at));
        }
    }

    @TemplateData
    public record Banner(String css, String icon, String text) {
    }

    @TemplateData
    public record Update(String phase, String message, Stamp at) {
    }

    @TemplateData
    public record Incident(String link, String title, String impact, String impactLabel, String phase, Stamp started, Stamp resolved,
                           String duration, String affects, List<Update> updates) {
    }

    @TemplateData
    public record Maintenance(String name, boolean active, Stamp from, Stamp until, boolean recurring) {
    }

    /** One day's bar: colour class ({@code a} 100 %, {@code b} ≥ 99 %, {@code c} ≥ 95 %, {@code d} lower, {@code n} no data). */
    @TemplateData
    public record Bar(String css, String tip) {
    }

    @TemplateData
    public record Component(String name, String description, String state, String stateLabel, String icon, String uptime,
                            String barsLabel, List<Bar> bars, String firstDay, ResponseTimeChart chart, String latency) {
    }

    @TemplateData
    public record Group(String name, String state, String stateLabel, String icon, List<Component> components) {
    }

    @TemplateData
    public record Page(Banner banner, List<Incident> incidents, List<Maintenance> maintenance, List<Group> groups,
                       List<Component> ungrouped, boolean empty) {
    }

    /** A one-off maintenance window that has ended, as the history lists it. */
    @TemplateData
    public record PastMaintenance(String id, String name, Stamp from, Stamp until, String duration, String affects) {
    }

    /** One history entry: an incident or a completed maintenance window (exactly one of the two is set). */
    @TemplateData
    public record Entry(Incident incident, PastMaintenance maintenance) {
    }

    /** A page of history, newest start first; {@code older}: the cursor of the next page, or null at the end. */
    @TemplateData
    public record History(List<Entry> entries, String older, boolean first) {
    }

    public static Chrome chrome(StatusSnapshot s) {
        return Chrome.of(s.page(), banner(s).css());
    }

    public static Page page(StatusSnapshot s) {
        Map<UUID, String> names = componentNames(s);
        List<Component> ungrouped = new ArrayList<>();
        Map<String, List<StatusSnapshot.Component>> grouped = new LinkedHashMap<>();
        for (StatusSnapshot.Component c : s.components()) {
            if (c.group() == null || c.group().isBlank()) {
                ungrouped.add(component(c));
            } else {
                grouped.computeIfAbsent(c.group(), k -> new ArrayList<>()).add(c);
            }
        }
        List<Group> groups = new ArrayList<>();
        grouped.forEach((name, members) -> {
            String worst = StatusRules.worst(members.stream().map(StatusSnapshot.Component::status).toList());
            groups.add(new Group(name, css(worst), label(worst), icon(worst), members.stream().map(PageModel::component).toList()));
        });
        List<Incident> incidents = s.activeIncidents().stream().map(i -> incident(i, names, "/status/" + s.page().slug())).toList();
        List<Maintenance> windows = s.maintenance().stream().map(PageModel::maintenance).toList();
        return new Page(banner(s), incidents, windows, groups, ungrouped, s.components().isEmpty());
    }

    /**
     * One page of history: resolved incidents and completed maintenance interleaved by start, newest first, at most
     * {@code pageSize}. Both lists hold only entries that started before this page's cursor; {@code incidents} holds up
     * to {@code pageSize + 1}, so a longer merged list means there is an older page, starting before the last shown.
     */
    public static History history(List<StatusSnapshot.Incident> incidents, List<StatusSnapshot.CompletedMaintenance> maintenance,
                                  int pageSize, Map<UUID, String> names, boolean first, String home) {
        record Dated(Instant start, Entry entry) {
        }
        List<Dated> all = new ArrayList<>();
        incidents.forEach(i -> all.add(new Dated(i.startedAt(), new Entry(incident(i, names, home), null))));
        maintenance.forEach(m -> all.add(new Dated(m.startsAt(), new Entry(null, pastMaintenance(m, names)))));
        all.sort(java.util.Comparator.comparing(Dated::start).reversed()); // stable: incidents first on a tie
        List<Dated> shown = all.size() > pageSize ? all.subList(0, pageSize) : all;
        String older = all.size() > pageSize ? MACHINE.format(shown.get(shown.size() - 1).start()) : null;
        return new History(shown.stream().map(Dated::entry).toList(), older, first);
    }

    static PastMaintenance pastMaintenance(StatusSnapshot.CompletedMaintenance m, Map<UUID, String> names) {
        List<String> affected = m.componentIds().stream().map(names::get).filter(java.util.Objects::nonNull).distinct().toList();
        return new PastMaintenance(m.id().toString(), m.name(), Stamp.of(m.startsAt()), Stamp.of(m.endsAt()),
                duration(Duration.between(m.startsAt(), m.endsAt())), affected.isEmpty() ? null : String.join(", ", affected));
    }

    public static Map<UUID, String> componentNames(StatusSnapshot s) {
        return s.components().stream().collect(Collectors.toMap(StatusSnapshot.Component::id, StatusSnapshot.Component::name, (a, b) -> a));
    }

    static Banner banner(StatusSnapshot s) {
        // the worst component's colour: the banner never looks milder than a component below it
        String css = css(s.status());
        return new Banner(css, css, s.headline());
    }

    static Component component(StatusSnapshot.Component c) {
        List<Bar> bars = new ArrayList<>(c.days().size());
        for (StatusSnapshot.Day d : c.days()) {
            bars.add(bar(d));
        }
        String uptime = c.uptime90() == null ? "No data" : percent(c.uptime90()) + " uptime";
        String barsLabel = c.name() + ": " + (c.uptime90() == null ? "no uptime data" : percent(c.uptime90()) + " uptime")
                + " over the last " + c.days().size() + " days" + worstDays(c.days());
        String latency = c.latencyMs() == null ? null : c.latencyMs() + " ms";
        return new Component(c.name(), c.description(), css(c.status()), label(c.status()), icon(c.status()), uptime, barsLabel,
                bars, c.days().isEmpty() ? "" : c.days().size() + " days ago", ResponseTimeChart.of(c.latency(), c.regionLatency()), latency);
    }

    private static String worstDays(List<StatusSnapshot.Day> days) {
        long bad = days.stream().filter(d -> d.uptime() != null && d.uptime() < 100).count();
        return bad == 0 ? "" : "; " + bad + (bad == 1 ? " day" : " days") + " below 100 %";
    }

    static Bar bar(StatusSnapshot.Day d) {
        String date = d.date().toString();
        if (d.uptime() == null) {
            return new Bar("n", date + ": no data" + incidents(d.incidents()));
        }
        double u = d.uptime();
        String css = u >= 100 ? "a" : u >= 99 ? "b" : u >= 95 ? "c" : "d";
        return new Bar(css, date + ": " + percent(u) + " uptime" + incidents(d.incidents()));
    }

    private static String incidents(List<String> titles) {
        return titles.isEmpty() ? ", no incidents" : (titles.size() == 1 ? ", incident: " : ", incidents: ") + String.join("; ", titles);
    }

    /** Two decimals, never rounded up to a perfect 100 % that was not. */
    static String percent(double value) {
        if (value >= 100) {
            return "100%";
        }
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.DOWN).toPlainString() + "%";
    }

    /** @param home the page's address ({@code /status/{slug}}): the incident's own page is below it */
    public static Incident incident(StatusSnapshot.Incident i, Map<UUID, String> names, String home) {
        List<String> affected = i.componentIds().stream().map(names::get).filter(java.util.Objects::nonNull).distinct().toList();
        List<Update> updates = i.updates().stream().map(u -> new Update(phase(u.phase()), u.message(), Stamp.of(u.at()))).toList();
        String duration = i.resolvedAt() == null ? null : duration(Duration.between(i.startedAt(), i.resolvedAt()));
        IncidentImpact impact = i.impact() == null ? IncidentImpact.NONE : i.impact();
        return new Incident(home + "/incidents/" + i.id(), i.title(), impact.wire(), impactLabel(impact), phase(i.phase()), Stamp.of(i.startedAt()), Stamp.of(i.resolvedAt()),
                duration, affected.isEmpty() ? null : String.join(", ", affected), updates);
    }

    static Maintenance maintenance(MaintenanceView w) {
        boolean recurring = w.cron() != null;
        Instant from = w.active() ? (recurring ? null : w.startsAt()) : w.nextStart();
        Instant until = null;
        if (!recurring) {
            until = w.endsAt();
        } else if (!w.active() && w.nextStart() != null && w.durationMinutes() != null) {
            until = w.nextStart().plus(w.durationMinutes(), ChronoUnit.MINUTES);
        }
        return new Maintenance(w.name(), w.active(), Stamp.of(from), Stamp.of(until), recurring);
    }

    static String duration(Duration d) {
        long minutes = Math.max(1, (d.getSeconds() + 59) / 60);
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return hours + " h " + (minutes % 60) + " min";
        }
        return (hours / 24) + " days " + (hours % 24) + " h";
    }

    static String css(String status) {
        return switch (status) {
            case "major_outage" -> "major";
            case "partial_outage" -> "partial";
            case "degraded_performance" -> "degraded";
            case "under_maintenance" -> "maint";
            default -> "ok";
        };
    }

    static String icon(String status) {
        return css(status);
    }

    static String label(String status) {
        return switch (status) {
            case "major_outage" -> "Major Outage";
            case "partial_outage" -> "Partial Outage";
            case "degraded_performance" -> "Degraded Performance";
            case "under_maintenance" -> "Under Maintenance";
            default -> "Operational";
        };
    }

    private static String phase(IncidentPhase phase) {
        if (phase == null) {
            return "Update";
        }
        String p = phase.wire();
        return Character.toUpperCase(p.charAt(0)) + p.substring(1);
    }

    private static String impactLabel(IncidentImpact impact) {
        return switch (impact) {
            case CRITICAL -> "Critical impact";
            case MAJOR -> "Major impact";
            case MINOR -> "Minor impact";
            case NONE -> "No impact";
        };
    }

}

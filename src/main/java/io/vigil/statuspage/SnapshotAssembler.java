package io.vigil.statuspage;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.check.CheckRegistry;
import io.vigil.check.CheckSpec;
import io.vigil.core.CheckStatus;
import io.vigil.incident.PublicIncident;
import io.vigil.incident.PublicIncidents;
import io.vigil.maintenance.MaintenanceService;
import io.vigil.maintenance.MaintenanceView;
import io.vigil.result.DailyUptime;
import io.vigil.result.HourlyLatency;
import io.vigil.result.RecentUptime;
import io.vigil.result.RollupReads;
import io.vigil.verdict.CurrentVerdict;
import io.vigil.verdict.CurrentVerdicts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Builds a {@link StatusSnapshot} from the page's own rows and the read models the other features offer: current
 * verdicts ({@link CurrentVerdicts}), rollups ({@link RollupReads}, never raw results), incidents
 * ({@link PublicIncidents}) and maintenance windows.
 */
@ApplicationScoped
class SnapshotAssembler {

    static final int DAYS = 90;
    /** Completed maintenance windows a page lists at most (those that ended in the last {@link #DAYS} days). */
    static final int COMPLETED_MAINTENANCE = 50;

    @Inject
    Pool pool;
    @Inject
    CheckRegistry registry;
    @Inject
    MaintenanceService maintenance;
    @Inject
    CurrentVerdicts verdicts;
    @Inject
    RollupReads rollups;
    @Inject
    PublicIncidents incidents;

    /** A page's definition: its row and its components in order. */
    record Definition(StatusSnapshot.PageInfo page, List<ComponentRow> components) {
        List<UUID> checks() {
            return components.stream().map(ComponentRow::checkId).distinct().toList();
        }

        Map<UUID, List<String>> namesByCheck() {
            Map<UUID, List<String>> names = new HashMap<>();
            components.forEach(c -> names.computeIfAbsent(c.checkId(), k -> new ArrayList<>()).add(c.name()));
            return names;
        }
    }

    record ComponentRow(UUID id, String name, String group, String description, UUID checkId) {
    }

    /** What the read models said about the page's checks. */
    private record Facts(Map<UUID, CurrentVerdict> verdicts, List<DailyUptime> days, Map<UUID, RecentUptime> recent,
                         List<HourlyLatency> hours, List<PublicIncident> incidents, List<MaintenanceView> completed) {
    }

    /** The page at this slug, or empty when there is none. */
    Uni<Optional<StatusSnapshot>> compute(String slug, Instant now) {
        return definition(slug).chain(found -> found.isEmpty() ? Uni.createFrom().item(Optional.<StatusSnapshot>empty())
                : assemble(found.get(), now).map(Optional::of));
    }

    private Uni<Optional<Definition>> definition(String slug) {
        return pool.withConnection(conn -> conn.preparedQuery("SELECT " + StatusPageService.COLUMNS + " FROM status_pages WHERE slug = $1")
                .execute(Tuple.of(slug))
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().item(Optional.<Definition>empty());
                    }
                    Row p = rows.iterator().next();
                    StatusSnapshot.PageInfo page = new StatusSnapshot.PageInfo(p.getUUID("id"), p.getUUID("workspace_id"),
                            p.getString("slug"), p.getString("title"), p.getString("description"), p.getString("logo_url"),
                            p.getString("accent_color"), p.getBoolean("public"), p.getString("password_hash"),
                            p.getString("custom_domain"), p.getOffsetDateTime("updated_at").toInstant());
                    return conn.preparedQuery("SELECT id, name, grp, description, check_id FROM status_page_components "
                                    + "WHERE page_id = $1 ORDER BY position").execute(Tuple.of(page.id()))
                            .map(comps -> {
                                List<ComponentRow> list = new ArrayList<>();
                                comps.forEach(c -> list.add(new ComponentRow(c.getUUID("id"), c.getString("name"), c.getString("grp"),
                                        c.getString("description"), c.getUUID("check_id"))));
                                return Optional.of(new Definition(page, List.copyOf(list)));
                            });
                }));
    }

    private Uni<StatusSnapshot> assemble(Definition def, Instant now) {
        List<UUID> checks = def.checks();
        Instant today = now.truncatedTo(ChronoUnit.DAYS);
        Instant firstDay = today.minus(DAYS - 1, ChronoUnit.DAYS);
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        UUID workspace = def.page().workspaceId();
        return verdicts.of(checks)
                .chain(v -> rollups.daily(checks, LocalDate.ofInstant(firstDay, ZoneOffset.UTC))
                        .chain(d -> rollups.recent(checks, hour)
                                .chain(r -> rollups.hourlyLatency(checks, hour.minus(23, ChronoUnit.HOURS))
                                        .chain(h -> incidents.current(workspace, checks, firstDay, 500)
                                                .chain(i -> maintenance.completed(pool, workspace, checks, tags(checks), now,
                                                                Duration.ofDays(DAYS), COMPLETED_MAINTENANCE)
                                                        .map(m -> new Facts(v, d, r, h, i, m)))))))
                .map(facts -> snapshot(def, facts, now, firstDay, hour));
    }

    /** The tags of these checks together (maintenance windows may cover checks by tag). */
    private Set<String> tags(List<UUID> checks) {
        Set<String> tags = new TreeSet<>();
        for (UUID check : checks) {
            CheckSpec spec = registry.get(check);
            if (spec != null) {
                tags.addAll(spec.tags());
            }
        }
        return tags;
    }

    /** The incidents of a page as it tells them, in the given order. */
    static List<StatusSnapshot.Incident> stories(Definition def, List<PublicIncident> list) {
        Map<UUID, List<String>> names = def.namesByCheck();
        return list.stream().map(i -> IncidentStory.of(i, i.checkId() == null ? List.of() : names.getOrDefault(i.checkId(), List.of()),
                def.components().stream().filter(c -> c.checkId().equals(i.checkId())).map(ComponentRow::id).toList())).toList();
    }

    private StatusSnapshot snapshot(Definition def, Facts facts, Instant now, Instant firstDay, Instant hour) {
        StatusSnapshot.PageInfo page = def.page();
        List<StatusSnapshot.Component> components = new ArrayList<>();
        Map<UUID, Map<LocalDate, DailyUptime>> days = new HashMap<>();
        facts.days().forEach(d -> days.computeIfAbsent(d.checkId(), k -> new HashMap<>()).put(d.day(), d));
        Map<UUID, List<HourlyLatency>> hours = new HashMap<>();
        facts.hours().forEach(h -> hours.computeIfAbsent(h.checkId(), k -> new ArrayList<>()).add(h));
        List<StatusSnapshot.Incident> all = stories(def, facts.incidents());
        Map<UUID, List<StatusSnapshot.Incident>> incidentsByCheck = new HashMap<>();
        all.stream().filter(i -> i.checkId() != null)
                .forEach(i -> incidentsByCheck.computeIfAbsent(i.checkId(), k -> new ArrayList<>()).add(i));
        Instant lastChange = page.updatedAt();
        for (ComponentRow c : def.components()) {
            CheckSpec spec = registry.get(c.checkId());
            CurrentVerdict verdict = facts.verdicts().get(c.checkId());
            CheckStatus checkStatus = verdict == null ? CheckStatus.PENDING : verdict.status();
            List<String> failing = verdict == null ? List.of() : verdict.failingRegions();
            Instant changedAt = verdict == null ? page.updatedAt() : verdict.changedAt();
            lastChange = changedAt.isAfter(lastChange) ? changedAt : lastChange;
            boolean inMaintenance = spec != null && maintenance.inMaintenance(page.workspaceId(), c.checkId(), spec.tags(), now);
            Instant created = spec == null || spec.createdAt() == null ? null : spec.createdAt();
            ComponentFacts.Uptime uptime = ComponentFacts.days(days.getOrDefault(c.checkId(), Map.of()), firstDay, DAYS, created,
                    incidentsByCheck.getOrDefault(c.checkId(), List.of()));
            RecentUptime recent = facts.recent().getOrDefault(c.checkId(), RecentUptime.none(c.checkId()));
            ComponentFacts.Latency latency = ComponentFacts.latency(hours.getOrDefault(c.checkId(), List.of()), hour);
            Instant createdAt = created == null || created.isAfter(changedAt) ? changedAt : created;
            components.add(new StatusSnapshot.Component(c.id(), c.name(), c.group(), c.description(), c.checkId(),
                    StatusRules.componentStatus(checkStatus, failing, inMaintenance), failing, uptime.days(), uptime.percent(),
                    percent(recent.last24h()), percent(recent.last7d()), percent(recent.last30d()), latency.latestMs(),
                    latency.overall(), latency.perRegion(), changedAt, createdAt));
        }
        for (StatusSnapshot.Incident i : all) {
            lastChange = i.updatedAt().isAfter(lastChange) ? i.updatedAt() : lastChange;
        }
        List<StatusSnapshot.Incident> active = all.stream().filter(i -> "open".equals(i.state())).toList();
        List<StatusSnapshot.Incident> recent = all.stream().filter(i -> !"open".equals(i.state())).limit(20).toList();
        List<MaintenanceView> windows = maintenance.upcoming(page.workspaceId(), def.checks(), now);
        List<StatusSnapshot.CompletedMaintenance> completed = facts.completed().stream()
                .map(w -> completed(w, components)).toList();
        String status = StatusRules.pageStatus(components);
        String indicator = StatusRules.indicator(components);
        String version = ComponentFacts.version(page, components, all, windows, completed, firstDay);
        return new StatusSnapshot(page, status, indicator, StatusRules.headline(status, indicator), List.copyOf(components),
                active, recent, windows, completed, now, lastChange, version);
    }

    private static Double percent(RecentUptime.Counts counts) {
        return StatusRules.percent(counts.up(), counts.down());
    }

    private StatusSnapshot.CompletedMaintenance completed(MaintenanceView w, List<StatusSnapshot.Component> components) {
        List<UUID> covered = components.stream().filter(c -> {
            CheckSpec spec = registry.get(c.checkId());
            return w.checkIds().contains(c.checkId()) || spec != null && spec.tags().stream().anyMatch(w.tags()::contains);
        }).map(StatusSnapshot.Component::id).toList();
        return new StatusSnapshot.CompletedMaintenance(w.id(), w.name(), w.startsAt(), w.endsAt(), w.createdAt(), covered);
    }
}

package io.vigil.statuspage;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.check.CheckRegistry;
import io.vigil.check.CheckSpec;
import io.vigil.maintenance.MaintenanceService;
import io.vigil.maintenance.MaintenanceView;
import io.vigil.verdict.CheckStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Computes {@link StatusSnapshot}s from verdicts, rollups and incidents (never raw results), a handful of queries per
 * page, and keeps each for {@code vigil.status-pages.cache-ttl}: a burst of visitors costs one computation per page
 * per TTL. A page's definition, a verdict transition or an incident change on this replica drops the snapshots
 * concerned at once; changes made through another replica show within the TTL.
 */
@ApplicationScoped
public class StatusSnapshots {

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
    StatusPagesConfig config;
    @Inject
    Clock clock;

    private record Cached(StatusSnapshot snapshot, Instant expires) {
    }

    private final Map<String, Cached> bySlug = new ConcurrentHashMap<>();
    private final Map<String, Optional<String>> slugByDomain = new ConcurrentHashMap<>();
    private final Map<UUID, String> slugById = new ConcurrentHashMap<>();
    private final java.util.Set<String> refreshing = ConcurrentHashMap.newKeySet();

    void onChange(@Observes StatusPageChanged event) {
        bySlug.values().removeIf(c -> c.snapshot().page().id().equals(event.pageId()));
        slugByDomain.clear();
        slugById.remove(event.pageId());
    }

    /** A check's public state changed here: drop the pages showing it (all pages for an incident without a check). */
    void onStatus(@Observes io.vigil.verdict.StatusChanged event) {
        bySlug.values().removeIf(c -> event.checkId() == null
                || c.snapshot().components().stream().anyMatch(comp -> comp.checkId().equals(event.checkId())));
    }

    /** The page at {@code /status/{slug}}, or empty when there is none. */
    public Uni<Optional<StatusSnapshot>> bySlug(String slug) {
        Instant now = clock.instant();
        Cached cached = bySlug.get(slug);
        if (cached != null && !config.cacheTtl().isZero()) {
            // Stale while revalidating: visitors get the last snapshot at once and one refresh runs behind them, so an
            // expiring snapshot never sends a burst of visitors to the database together.
            if (!cached.expires().isAfter(now) && refreshing.add(slug)) {
                load(slug, now).onTermination().invoke(() -> refreshing.remove(slug)).subscribe().with(x -> { }, e -> { });
            }
            return Uni.createFrom().item(Optional.of(cached.snapshot()));
        }
        return load(slug, now);
    }

    private Uni<Optional<StatusSnapshot>> load(String slug, Instant now) {
        return pool.withConnection(conn -> compute(conn, slug, now)).invoke(s -> s.ifPresentOrElse(
                snap -> bySlug.put(slug, new Cached(snap, now.plus(config.cacheTtl()))), () -> bySlug.remove(slug)));
    }

    /** The page with this id (its subscribers know it by id, since a slug may change), or empty when there is none. */
    public Uni<Optional<StatusSnapshot>> byId(UUID pageId) {
        String known = slugById.get(pageId);
        if (known != null) {
            // a page sending to its subscribers asks once per message: no query for what the cache knows
            return bySlug(known).chain(found -> found.isPresent() && found.get().page().id().equals(pageId)
                    ? Uni.createFrom().item(found) : lookUp(pageId));
        }
        return lookUp(pageId);
    }

    private Uni<Optional<StatusSnapshot>> lookUp(UUID pageId) {
        return pool.preparedQuery("SELECT slug FROM status_pages WHERE id = $1").execute(Tuple.of(pageId))
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        slugById.remove(pageId);
                        return Uni.createFrom().item(Optional.<StatusSnapshot>empty());
                    }
                    String slug = rows.iterator().next().getString(0);
                    if (slugById.size() < 10_000) {
                        slugById.put(pageId, slug);
                    }
                    return bySlug(slug);
                });
    }

    /** The slug of the page answering on a custom domain (a Host header), if any. */
    public Uni<Optional<String>> slugForDomain(String host) {
        String domain = host == null ? "" : host.toLowerCase(java.util.Locale.ROOT).replaceFirst(":\\d+$", "");
        Optional<String> known = slugByDomain.get(domain);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return pool.preparedQuery("SELECT slug FROM status_pages WHERE custom_domain = $1").execute(Tuple.of(domain))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getString(0)) : Optional.<String>empty())
                .invoke(slug -> {
                    if (slugByDomain.size() < 10_000) {
                        slugByDomain.put(domain, slug);
                    }
                });
    }

    /** Resolved incidents of a page's checks (and the workspace's manual ones), newest first, for the history. */
    public Uni<List<StatusSnapshot.Incident>> history(StatusSnapshot s, Instant before, int limit) {
        UUID[] checks = s.components().stream().map(StatusSnapshot.Component::checkId).distinct().toArray(UUID[]::new);
        return pool.withConnection(conn -> conn.preparedQuery("""
                        SELECT id, check_id, title, state, phase, impact, started_at, resolved_at, automatic FROM incidents
                        WHERE workspace_id = $1 AND (check_id = ANY($2) OR (check_id IS NULL AND NOT automatic))
                          AND state = 'resolved'
                          AND started_at < $3
                        ORDER BY started_at DESC, id DESC LIMIT $4""")
                .execute(Tuple.of(s.page().workspaceId(), checks, utc(before), limit))
                .chain(rows -> incidents(conn, rows, namesByCheck(s.components()), s.components())));
    }

    private Uni<Optional<StatusSnapshot>> compute(SqlConnection conn, String slug, Instant now) {
        return conn.preparedQuery("SELECT " + StatusPageService.COLUMNS + " FROM status_pages WHERE slug = $1")
                .execute(Tuple.of(slug))
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().item(Optional.<StatusSnapshot>empty());
                    }
                    Row p = rows.iterator().next();
                    StatusSnapshot.PageInfo page = new StatusSnapshot.PageInfo(p.getUUID("id"), p.getUUID("workspace_id"),
                            p.getString("slug"), p.getString("title"), p.getString("description"), p.getString("logo_url"),
                            p.getString("accent_color"), p.getBoolean("public"), p.getString("password_hash"),
                            p.getString("custom_domain"), p.getOffsetDateTime("updated_at").toInstant());
                    return conn.preparedQuery("SELECT id, name, grp, description, check_id FROM status_page_components "
                                    + "WHERE page_id = $1 ORDER BY position").execute(Tuple.of(page.id()))
                            .chain(components -> assemble(conn, page, components, now)).map(Optional::of);
                });
    }

    private record Facts(Map<UUID, Row> verdicts, Map<UUID, Map<LocalDate, long[]>> days, Map<UUID, long[]> windows,
                         Map<UUID, Map<String, TreeMap<Instant, long[]>>> hours) {
    }

    private Uni<StatusSnapshot> assemble(SqlConnection conn, StatusSnapshot.PageInfo page, io.vertx.mutiny.sqlclient.RowSet<Row> componentRows, Instant now) {
        List<Row> comps = new ArrayList<>();
        componentRows.forEach(comps::add);
        UUID[] checks = comps.stream().map(r -> r.getUUID("check_id")).distinct().toArray(UUID[]::new);
        Instant today = now.truncatedTo(ChronoUnit.DAYS);
        Instant firstDay = today.minus(DAYS - 1, ChronoUnit.DAYS);
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        Facts facts = new Facts(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
        return conn.preparedQuery("SELECT check_id, status, failing, changed_at FROM check_verdicts WHERE check_id = ANY($1)")
                .execute(Tuple.of(checks))
                .invoke(rows -> rows.forEach(r -> facts.verdicts().put(r.getUUID(0), r)))
                .chain(() -> conn.preparedQuery("""
                                SELECT check_id, bucket, sum(up + degraded), sum(down) FROM rollups_day
                                WHERE check_id = ANY($1) AND bucket >= $2 GROUP BY check_id, bucket""")
                        .execute(Tuple.of(checks, utc(firstDay))))
                .invoke(rows -> rows.forEach(r -> facts.days().computeIfAbsent(r.getUUID(0), k -> new HashMap<>())
                        .put(LocalDate.ofInstant(r.getOffsetDateTime(1).toInstant(), ZoneOffset.UTC),
                                new long[]{r.getLong(2), r.getLong(3)})))
                .chain(() -> conn.preparedQuery("""
                                SELECT check_id,
                                       coalesce(sum(up + degraded) FILTER (WHERE bucket >= $3), 0), coalesce(sum(down) FILTER (WHERE bucket >= $3), 0),
                                       coalesce(sum(up + degraded) FILTER (WHERE bucket >= $4), 0), coalesce(sum(down) FILTER (WHERE bucket >= $4), 0),
                                       coalesce(sum(up + degraded), 0), coalesce(sum(down), 0)
                                FROM rollups_hour WHERE check_id = ANY($1) AND bucket >= $2 GROUP BY check_id""")
                        .execute(Tuple.of(checks, utc(hour.minus(30, ChronoUnit.DAYS)), utc(hour.minus(24, ChronoUnit.HOURS)),
                                utc(hour.minus(7, ChronoUnit.DAYS)))))
                .invoke(rows -> rows.forEach(r -> facts.windows().put(r.getUUID(0), new long[]{
                        r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6)})))
                .chain(() -> conn.preparedQuery("""
                                SELECT check_id, region, bucket, latency_sum, latency_count FROM rollups_hour
                                WHERE check_id = ANY($1) AND bucket >= $2""")
                        .execute(Tuple.of(checks, utc(hour.minus(23, ChronoUnit.HOURS)))))
                .invoke(rows -> rows.forEach(r -> facts.hours().computeIfAbsent(r.getUUID(0), k -> new TreeMap<>())
                        .computeIfAbsent(r.getString(1), k -> new TreeMap<>())
                        .put(r.getOffsetDateTime(2).toInstant(), new long[]{r.getLong(3), r.getInteger(4)})))
                .chain(() -> conn.preparedQuery("""
                                SELECT id, check_id, title, state, phase, impact, started_at, resolved_at, automatic
                                FROM incidents
                                WHERE workspace_id = $1 AND (check_id = ANY($2) OR (check_id IS NULL AND NOT automatic))
                                  AND (state = 'open' OR coalesce(resolved_at, started_at) >= $3)
                                ORDER BY started_at DESC, id DESC LIMIT 500""")
                        .execute(Tuple.of(page.workspaceId(), checks, utc(firstDay))))
                .chain(rows -> incidents(conn, rows, namesByRow(comps), null))
                .chain(incidents -> maintenance.completed(conn, page.workspaceId(), List.of(checks), tags(checks), now,
                                Duration.ofDays(DAYS), COMPLETED_MAINTENANCE)
                        .map(completed -> snapshot(page, comps, facts, incidents, completed, now, firstDay, hour)));
    }

    /** The tags of these checks together (maintenance windows may cover checks by tag). */
    private java.util.Set<String> tags(UUID[] checks) {
        java.util.Set<String> tags = new java.util.TreeSet<>();
        for (UUID check : checks) {
            CheckSpec spec = registry.get(check);
            if (spec != null) {
                tags.addAll(spec.tags());
            }
        }
        return tags;
    }

    private StatusSnapshot snapshot(StatusSnapshot.PageInfo page, List<Row> comps, Facts facts,
                                    List<StatusSnapshot.Incident> incidents, List<MaintenanceView> completedWindows,
                                    Instant now, Instant firstDay, Instant hour) {
        List<StatusSnapshot.Component> components = new ArrayList<>();
        Instant lastChange = page.updatedAt();
        Map<UUID, List<StatusSnapshot.Incident>> incidentsByCheck = new HashMap<>();
        incidents.stream().filter(i -> i.checkId() != null)
                .forEach(i -> incidentsByCheck.computeIfAbsent(i.checkId(), k -> new ArrayList<>()).add(i));
        for (Row c : comps) {
            UUID checkId = c.getUUID("check_id");
            CheckSpec spec = registry.get(checkId);
            Row verdict = facts.verdicts().get(checkId);
            String checkStatus = verdict == null ? CheckStatus.PENDING : verdict.getString(1);
            List<String> failing = verdict == null ? List.of() : List.of(verdict.getArrayOfStrings(2));
            Instant changedAt = verdict == null ? page.updatedAt() : verdict.getOffsetDateTime(3).toInstant();
            lastChange = changedAt.isAfter(lastChange) ? changedAt : lastChange;
            boolean inMaintenance = spec != null && maintenance.inMaintenance(page.workspaceId(), checkId, spec.tags(), now);
            String status = componentStatus(checkStatus, failing, inMaintenance);
            List<StatusSnapshot.Day> days = new ArrayList<>();
            long up = 0;
            long down = 0;
            Map<LocalDate, long[]> perDay = facts.days().getOrDefault(checkId, Map.of());
            for (int i = 0; i < DAYS; i++) {
                LocalDate date = LocalDate.ofInstant(firstDay.plus(i, ChronoUnit.DAYS), ZoneOffset.UTC);
                long[] d = perDay.get(date);
                List<String> names = new ArrayList<>();
                for (StatusSnapshot.Incident inc : incidentsByCheck.getOrDefault(checkId, List.of())) {
                    if (touches(inc, date)) {
                        names.add(inc.title());
                    }
                }
                days.add(new StatusSnapshot.Day(date, d == null ? null : percent(d[0], d[1]), d == null ? 0 : d[0],
                        d == null ? 0 : d[1], names));
                if (d != null) {
                    up += d[0];
                    down += d[1];
                }
            }
            long[] w = facts.windows().getOrDefault(checkId, new long[6]);
            Map<String, List<StatusSnapshot.Point>> regionLatency = new LinkedHashMap<>();
            TreeMap<Instant, long[]> overall = new TreeMap<>();
            facts.hours().getOrDefault(checkId, Map.of()).forEach((region, series) -> {
                List<StatusSnapshot.Point> points = new ArrayList<>();
                series.forEach((at, v) -> {
                    points.add(new StatusSnapshot.Point(at, v[1] == 0 ? null : v[0] / v[1]));
                    long[] sum = overall.computeIfAbsent(at, k -> new long[2]);
                    sum[0] += v[0];
                    sum[1] += v[1];
                });
                regionLatency.put(region, points);
            });
            List<StatusSnapshot.Point> latency = new ArrayList<>();
            for (int i = 23; i >= 0; i--) {
                Instant at = hour.minus(i, ChronoUnit.HOURS);
                long[] v = overall.get(at);
                latency.add(new StatusSnapshot.Point(at, v == null || v[1] == 0 ? null : v[0] / v[1]));
            }
            long[] last = overall.isEmpty() ? null : overall.lastEntry().getValue();
            components.add(new StatusSnapshot.Component(c.getUUID("id"), c.getString("name"), c.getString("grp"),
                    c.getString("description"), checkId, status, failing, days, percent(up, down), percent(w[2], w[3]),
                    percent(w[0], w[1]), percent(w[4], w[5]), last == null || last[1] == 0 ? null : last[0] / last[1],
                    latency, regionLatency, changedAt));
        }
        List<StatusSnapshot.Incident> withComponents = incidents.stream().map(i -> new StatusSnapshot.Incident(i.id(),
                i.checkId(), i.title(), i.state(), i.phase(), i.impact(), i.startedAt(), i.resolvedAt(), i.updatedAt(), i.updates(),
                components.stream().filter(c -> c.checkId().equals(i.checkId())).map(StatusSnapshot.Component::id).toList())).toList();
        for (StatusSnapshot.Incident i : withComponents) {
            lastChange = i.updatedAt().isAfter(lastChange) ? i.updatedAt() : lastChange;
        }
        List<StatusSnapshot.Incident> active = withComponents.stream().filter(i -> "open".equals(i.state())).toList();
        List<StatusSnapshot.Incident> recent = withComponents.stream().filter(i -> !"open".equals(i.state())).limit(20).toList();
        List<MaintenanceView> windows = maintenance.upcoming(page.workspaceId(),
                components.stream().map(StatusSnapshot.Component::checkId).toList(), now);
        List<StatusSnapshot.CompletedMaintenance> completed = completedWindows.stream()
                .map(w -> completed(w, components)).toList();
        String status = pageStatus(components);
        String indicator = indicator(components);
        String version = version(page, components, withComponents, windows, completed, firstDay);
        return new StatusSnapshot(page, status, indicator, headline(status, indicator), List.copyOf(components), active, recent,
                windows, completed, now, lastChange, version);
    }

    private StatusSnapshot.CompletedMaintenance completed(MaintenanceView w, List<StatusSnapshot.Component> components) {
        List<UUID> covered = components.stream().filter(c -> {
            CheckSpec spec = registry.get(c.checkId());
            return w.checkIds().contains(c.checkId()) || spec != null && spec.tags().stream().anyMatch(w.tags()::contains);
        }).map(StatusSnapshot.Component::id).toList();
        return new StatusSnapshot.CompletedMaintenance(w.id(), w.name(), w.startsAt(), w.endsAt(), w.createdAt(), covered);
    }

    /**
     * Incidents of these rows with their updates, titled as the page shows them ({@link PublicTitle}, from the page's
     * component names by check); with the page's components (null: not built yet), their ids too.
     */
    private Uni<List<StatusSnapshot.Incident>> incidents(SqlConnection conn, io.vertx.mutiny.sqlclient.RowSet<Row> rows,
                                                        Map<UUID, List<String>> names,
                                                        List<StatusSnapshot.Component> components) {
        List<Row> list = new ArrayList<>();
        rows.forEach(list::add);
        UUID[] ids = list.stream().map(r -> r.getUUID(0)).toArray(UUID[]::new);
        Map<UUID, List<StatusSnapshot.Update>> updates = new HashMap<>();
        return conn.preparedQuery("SELECT incident_id, at, phase, message FROM incident_updates WHERE incident_id = ANY($1) ORDER BY at DESC, id DESC")
                .execute(Tuple.of(ids))
                .map(us -> {
                    us.forEach(u -> updates.computeIfAbsent(u.getUUID(0), k -> new ArrayList<>())
                            .add(new StatusSnapshot.Update(u.getOffsetDateTime(1).toInstant(), u.getString(2), u.getString(3))));
                    return list.stream().map(r -> {
                        List<StatusSnapshot.Update> ups = updates.getOrDefault(r.getUUID(0), List.of());
                        Instant started = r.getOffsetDateTime(6).toInstant();
                        Instant resolved = r.getOffsetDateTime(7) == null ? null : r.getOffsetDateTime(7).toInstant();
                        Instant updated = ups.isEmpty() ? (resolved == null ? started : resolved) : ups.get(0).at();
                        if (resolved != null && resolved.isAfter(updated)) {
                            updated = resolved;
                        }
                        UUID check = r.getUUID(1);
                        return new StatusSnapshot.Incident(r.getUUID(0), check,
                                PublicTitle.of(r.getString(2), r.getBoolean(8), names.getOrDefault(check, List.of())),
                                r.getString(3), r.getString(4), r.getString(5), started, resolved, updated, ups,
                                components == null ? List.of() : components.stream().filter(c -> c.checkId().equals(check))
                                        .map(StatusSnapshot.Component::id).toList());
                    }).toList();
                });
    }

    private static Map<UUID, List<String>> namesByCheck(List<StatusSnapshot.Component> components) {
        Map<UUID, List<String>> names = new HashMap<>();
        components.forEach(c -> names.computeIfAbsent(c.checkId(), k -> new ArrayList<>()).add(c.name()));
        return names;
    }

    private static Map<UUID, List<String>> namesByRow(List<Row> components) {
        Map<UUID, List<String>> names = new HashMap<>();
        components.forEach(c -> names.computeIfAbsent(c.getUUID("check_id"), k -> new ArrayList<>()).add(c.getString("name")));
        return names;
    }

    /** Contract: major when down, partial when some regions fail, degraded when slow, maintenance, else operational. */
    static String componentStatus(String checkStatus, List<String> failing, boolean inMaintenance) {
        if (inMaintenance || CheckStatus.MAINTENANCE.equals(checkStatus)) {
            return "under_maintenance";
        }
        if (CheckStatus.DOWN.equals(checkStatus)) {
            return "major_outage";
        }
        if (CheckStatus.DEGRADED.equals(checkStatus)) {
            return failing.isEmpty() ? "degraded_performance" : "partial_outage";
        }
        return "operational";
    }

    static final List<String> SEVERITY = List.of("operational", "under_maintenance", "degraded_performance", "partial_outage", "major_outage");

    static String pageStatus(List<StatusSnapshot.Component> components) {
        return components.stream().map(StatusSnapshot.Component::status)
                .max(Comparator.comparingInt(SEVERITY::indexOf)).orElse("operational");
    }

    /** Contract: none all operational; minor any degraded/partial; major any major outage; critical half or more major. */
    static String indicator(List<StatusSnapshot.Component> components) {
        long major = components.stream().filter(c -> "major_outage".equals(c.status())).count();
        if (major > 0 && major * 2 >= components.size()) {
            return "critical";
        }
        if (major > 0) {
            return "major";
        }
        boolean minor = components.stream().anyMatch(c -> "degraded_performance".equals(c.status()) || "partial_outage".equals(c.status()));
        return minor ? "minor" : "none";
    }

    static String headline(String status, String indicator) {
        return switch (indicator) {
            case "critical" -> "Major Outage";
            case "major" -> "Partial System Outage";
            case "minor" -> "partial_outage".equals(status) ? "Partial System Outage" : "Partially Degraded Service";
            default -> "under_maintenance".equals(status) ? "Service Under Maintenance" : "All Systems Operational";
        };
    }

    private static boolean touches(StatusSnapshot.Incident i, LocalDate date) {
        Instant start = date.atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = start.plus(1, ChronoUnit.DAYS);
        return i.startedAt().isBefore(end) && (i.resolvedAt() == null || !i.resolvedAt().isBefore(start));
    }

    static Double percent(long up, long down) {
        long judged = up + down;
        return judged == 0 ? null : Math.round(100_000.0 * up / judged) / 1000.0;
    }

    /** A digest of everything shown, so an unchanged page keeps its ETag across recomputations. */
    private static String version(StatusSnapshot.PageInfo page, List<StatusSnapshot.Component> components,
                                  List<StatusSnapshot.Incident> incidents, List<MaintenanceView> windows,
                                  List<StatusSnapshot.CompletedMaintenance> completed, Instant firstDay) {
        StringBuilder b = new StringBuilder().append(page.updatedAt()).append(firstDay);
        for (StatusSnapshot.Component c : components) {
            b.append(c.status()).append(c.failingRegions()).append(c.uptime90()).append(c.uptime24h()).append(c.latencyMs());
            c.days().forEach(d -> b.append(d.uptime()).append(',').append(d.incidents().size()));
            c.latency().forEach(p -> b.append(p.avgMs()).append(','));
        }
        incidents.forEach(i -> b.append(i.id()).append(i.state()).append(i.updatedAt()).append(i.updates().size()));
        windows.forEach(w -> b.append(w.id()).append(w.active()).append(w.nextStart()));
        completed.forEach(w -> b.append(w.id()).append(w.name()).append(w.endsAt()).append(w.componentIds()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

}

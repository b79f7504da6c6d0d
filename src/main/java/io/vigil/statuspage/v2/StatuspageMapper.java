package io.vigil.statuspage.v2;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.vigil.incident.IncidentPhase;
import io.vigil.maintenance.MaintenanceView;
import io.vigil.statuspage.StatusRules;
import io.vigil.statuspage.StatusSnapshot;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Turns a {@link StatusSnapshot} into the Statuspage v2 documents. Pure: the page's public address, the current time
 * and the tags of a check (maintenance windows may cover checks by tag) are given.
 */
public final class StatuspageMapper {

    /** Vigil computes days and windows in UTC, so that is the page's time zone. */
    static final String TIME_ZONE = "Etc/UTC";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final StatusSnapshot snapshot;
    private final String pageUrl;
    private final Instant now;
    private final Function<UUID, List<String>> tagsOf;
    private final StatuspageDocuments.Page page;
    private final List<StatuspageDocuments.Component> components;
    private final Map<String, StatuspageDocuments.Component> componentsById = new LinkedHashMap<>();

    public StatuspageMapper(StatusSnapshot snapshot, String pageUrl, Instant now, Function<UUID, List<String>> tagsOf) {
        this.snapshot = snapshot;
        this.pageUrl = pageUrl;
        this.now = now;
        this.tagsOf = tagsOf;
        this.page = new StatuspageDocuments.Page(snapshot.page().id().toString(), snapshot.page().title(), pageUrl,
                TIME_ZONE, ts(snapshot.lastChange()));
        this.components = components();
        components.stream().filter(c -> !c.group()).forEach(c -> componentsById.put(c.id(), c));
    }

    public StatuspageDocuments.Summary summary() {
        return new StatuspageDocuments.Summary(page, components, unresolved(), maintenances(), status());
    }

    public StatuspageDocuments.StatusDocument statusDocument() {
        return new StatuspageDocuments.StatusDocument(page, status());
    }

    public StatuspageDocuments.Components componentsDocument() {
        return new StatuspageDocuments.Components(page, components);
    }

    /** Unresolved incidents and the recently resolved ones, newest first. */
    public StatuspageDocuments.Incidents incidentsDocument() {
        return new StatuspageDocuments.Incidents(page, Stream.concat(snapshot.activeIncidents().stream(), snapshot.recentIncidents().stream())
                .sorted(Comparator.comparing(StatusSnapshot.Incident::startedAt).reversed())
                .map(this::incident).toList());
    }

    public StatuspageDocuments.Incidents unresolvedDocument() {
        return new StatuspageDocuments.Incidents(page, unresolved());
    }

    /**
     * In progress and upcoming windows, then the completed ones (one-off windows that ended in the last 90 days, most
     * recently ended first), as Statuspage lists them.
     */
    public StatuspageDocuments.ScheduledMaintenances maintenancesDocument() {
        return new StatuspageDocuments.ScheduledMaintenances(page, Stream.concat(maintenances().stream(),
                snapshot.completedMaintenance().stream().map(this::completed)).toList());
    }

    public StatuspageDocuments.ScheduledMaintenances upcomingDocument() {
        return new StatuspageDocuments.ScheduledMaintenances(page, maintenances().stream()
                .filter(m -> "scheduled".equals(m.status())).toList());
    }

    public StatuspageDocuments.ScheduledMaintenances activeDocument() {
        return new StatuspageDocuments.ScheduledMaintenances(page, maintenances().stream()
                .filter(m -> "in_progress".equals(m.status()) || "verifying".equals(m.status())).toList());
    }

    private StatuspageDocuments.Status status() {
        return new StatuspageDocuments.Status(snapshot.indicator(), snapshot.headline());
    }

    private List<StatuspageDocuments.Incident> unresolved() {
        return snapshot.activeIncidents().stream().map(this::incident).toList();
    }

    /** Components in page order; a group appears where its first member does, followed by its members. */
    private List<StatuspageDocuments.Component> components() {
        String pageId = snapshot.page().id().toString();
        Map<String, List<StatusSnapshot.Component>> groups = new LinkedHashMap<>();
        List<Object> order = new ArrayList<>();
        for (StatusSnapshot.Component c : snapshot.components()) {
            if (c.group() == null) {
                order.add(c);
            } else {
                groups.computeIfAbsent(c.group(), g -> {
                    order.add(g);
                    return new ArrayList<>();
                }).add(c);
            }
        }
        List<StatuspageDocuments.Component> out = new ArrayList<>();
        int position = 0;
        for (Object entry : order) {
            position++;
            if (entry instanceof StatusSnapshot.Component c) {
                out.add(component(c, position, null, pageId));
                continue;
            }
            String name = (String) entry;
            List<StatusSnapshot.Component> members = groups.get(name);
            String groupId = groupId(name);
            String status = StatusRules.worst(members.stream().map(StatusSnapshot.Component::status).toList());
            Instant created = members.stream().map(StatusSnapshot.Component::createdAt).min(Comparator.naturalOrder()).orElseThrow();
            Instant updated = members.stream().map(StatuspageMapper::updated).max(Comparator.naturalOrder()).orElseThrow();
            out.add(new StatuspageDocuments.Component(groupId, name, status, ts(created), ts(updated), position, null, false,
                    null, null, pageId, true, false, members.stream().map(m -> m.id().toString()).toList()));
            for (int i = 0; i < members.size(); i++) {
                out.add(component(members.get(i), i + 1, groupId, pageId));
            }
        }
        return List.copyOf(out);
    }

    /** Never before it was created (a component's status may date from before the page showed it). */
    private static Instant updated(StatusSnapshot.Component c) {
        return c.updatedAt().isBefore(c.createdAt()) ? c.createdAt() : c.updatedAt();
    }

    private static StatuspageDocuments.Component component(StatusSnapshot.Component c, int position, String groupId,
                                                          String pageId) {
        String startDate = c.days().stream().filter(d -> d.up() + d.down() > 0).findFirst()
                .map(d -> d.date().toString()).orElse(null);
        return new StatuspageDocuments.Component(c.id().toString(), c.name(), c.status(), ts(c.createdAt()), ts(updated(c)),
                position, c.description(), true, startDate, groupId, pageId, false, false, null);
    }

    /** Stable across recomputations: derived from the page and the group's name. */
    private String groupId(String name) {
        return UUID.nameUUIDFromBytes((snapshot.page().id() + "/group/" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private StatuspageDocuments.Incident incident(StatusSnapshot.Incident i) {
        String id = i.id().toString();
        boolean resolved = "resolved".equals(i.state());
        String status = resolved ? IncidentPhase.RESOLVED.wire() : i.phase().wire();
        // Updates come newest first; the first time it entered monitoring is the oldest such update.
        Instant monitoring = null;
        List<StatuspageDocuments.IncidentUpdate> updates = new ArrayList<>();
        List<StatusSnapshot.Update> ups = i.updates();
        for (int n = 0; n < ups.size(); n++) {
            StatusSnapshot.Update u = ups.get(n);
            if (u.phase() == IncidentPhase.MONITORING) {
                monitoring = u.at();
            }
            // Numbered from the oldest, so an update keeps its id when newer ones arrive.
            String updateId = UUID.nameUUIDFromBytes((id + "/" + (ups.size() - 1 - n) + "/" + u.at())
                    .getBytes(StandardCharsets.UTF_8)).toString();
            updates.add(new StatuspageDocuments.IncidentUpdate(updateId, u.phase().wire(), u.message(), id, ts(u.at()),
                    ts(u.at()), ts(u.at()), null, true, null, null));
        }
        List<StatuspageDocuments.Component> affected = i.componentIds().stream().map(c -> componentsById.get(c.toString()))
                .filter(Objects::nonNull).toList();
        return new StatuspageDocuments.Incident(id, i.title(), status, ts(i.startedAt()), ts(i.updatedAt()), ts(monitoring),
                ts(i.resolvedAt()), i.impact().wire(), incidentUrl(pageUrl, i.id()), ts(i.startedAt()),
                snapshot.page().id().toString(), updates, affected);
    }

    private List<StatuspageDocuments.ScheduledMaintenance> maintenances() {
        return snapshot.maintenance().stream().map(this::maintenance).toList();
    }

    private StatuspageDocuments.ScheduledMaintenance maintenance(MaintenanceView w) {
        String id = w.id().toString();
        String status = w.active() ? "in_progress" : "scheduled";
        Instant start = w.active() ? currentStart(w) : w.nextStart();
        Instant end = w.cron() == null ? w.endsAt() : start == null ? null : start.plus(Duration.ofMinutes(w.durationMinutes()));
        List<StatuspageDocuments.Component> covered = snapshot.components().stream()
                .filter(c -> w.checkIds().contains(c.checkId()) || tagsOf.apply(c.checkId()).stream().anyMatch(w.tags()::contains))
                .map(c -> componentsById.get(c.id().toString())).filter(Objects::nonNull).toList();
        StatuspageDocuments.IncidentUpdate update = new StatuspageDocuments.IncidentUpdate(
                UUID.nameUUIDFromBytes((id + "/" + status + "/" + start).getBytes(StandardCharsets.UTF_8)).toString(),
                status, w.name(), id, ts(w.createdAt()), ts(w.createdAt()), ts(w.createdAt()), null, true, null, null);
        return new StatuspageDocuments.ScheduledMaintenance(id, w.name(), status, ts(w.createdAt()), ts(w.createdAt()), null,
                null, "maintenance", pageUrl + "#maintenance-" + id, ts(start), snapshot.page().id().toString(),
                List.of(update), covered, ts(start), ts(end));
    }

    /** A finished window: {@code completed}, resolved when it ended, its one update saying so. */
    private StatuspageDocuments.ScheduledMaintenance completed(StatusSnapshot.CompletedMaintenance w) {
        String id = w.id().toString();
        List<StatuspageDocuments.Component> covered = w.componentIds().stream().map(c -> componentsById.get(c.toString()))
                .filter(Objects::nonNull).toList();
        StatuspageDocuments.IncidentUpdate update = new StatuspageDocuments.IncidentUpdate(
                UUID.nameUUIDFromBytes((id + "/completed/" + w.startsAt()).getBytes(StandardCharsets.UTF_8)).toString(),
                "completed", w.name(), id, ts(w.endsAt()), ts(w.endsAt()), ts(w.endsAt()), null, true, null, null);
        return new StatuspageDocuments.ScheduledMaintenance(id, w.name(), "completed", ts(w.createdAt()), ts(w.endsAt()), null,
                ts(w.endsAt()), "maintenance", pageUrl + "/history#maintenance-" + id, ts(w.startsAt()),
                snapshot.page().id().toString(), List.of(update), covered, ts(w.startsAt()), ts(w.endsAt()));
    }

    /** The start of the occurrence in effect now. */
    private Instant currentStart(MaintenanceView w) {
        if (w.cron() == null) {
            return w.startsAt();
        }
        ZonedDateTime at = now.atZone(ZoneId.of(w.timeZone()));
        return ExecutionTime.forCron(CRON.parse(w.cron())).lastExecution(at.plusNanos(1))
                .map(ZonedDateTime::toInstant).orElse(null);
    }

    /** The public page of one incident: where {@code shortlink} and the feeds point. */
    public static String incidentUrl(String pageUrl, UUID incidentId) {
        return pageUrl + "/incidents/" + incidentId;
    }

    public static String ts(Instant at) {
        return at == null ? null : TIMESTAMP.format(at);
    }
}

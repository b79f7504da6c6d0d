package io.vigil.statuspage;

import io.vigil.incident.IncidentImpact;
import io.vigil.incident.IncidentPhase;
import io.vigil.maintenance.MaintenanceView;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything a public status page shows, computed once from verdicts, rollups and incidents (never raw results) and
 * rendered by the HTML page, the Statuspage-compatible JSON, the feeds and the badges alike.
 *
 * @param status     page status: {@code operational}, {@code degraded_performance}, {@code partial_outage},
 *                   {@code major_outage} or {@code under_maintenance} (the worst component's)
 * @param indicator  Statuspage indicator: {@code none}, {@code minor}, {@code major} or {@code critical}
 * @param headline   the banner, e.g. "All Systems Operational"
 * @param maintenance active and upcoming maintenance windows of the page's checks
 * @param completedMaintenance one-off windows of the page's checks that ended in the last {@link SnapshotAssembler#DAYS}
 *                   days (at most {@link SnapshotAssembler#COMPLETED_MAINTENANCE}), most recently ended first
 * @param version    changes whenever anything shown changes: the basis of the ETag
 */
public record StatusSnapshot(PageInfo page, String status, String indicator, String headline, List<Component> components,
                             List<Incident> activeIncidents, List<Incident> recentIncidents,
                             List<MaintenanceView> maintenance, List<CompletedMaintenance> completedMaintenance,
                             Instant generatedAt, Instant lastChange, String version) {

    public record PageInfo(UUID id, UUID workspaceId, String slug, String title, String description, String logoUrl,
                           String accentColor, boolean isPublic, String passwordHash, String customDomain,
                           Instant updatedAt) {
    }

    /**
     * @param status      component status (Statuspage values)
     * @param days        the last 90 UTC days, oldest first
     * @param uptime90    availability over those days in percent, or null without data
     * @param latency     average response time per hour over the last 24 h, all regions together, oldest first
     * @param regionLatency the same per region
     * @param updatedAt   when its status last changed
     * @param createdAt   since when it is shown: when its check was created (never after {@code updatedAt})
     */
    public record Component(UUID id, String name, String group, String description, UUID checkId, String status,
                            List<String> failingRegions, List<Day> days, Double uptime90, Double uptime24h,
                            Double uptime7d, Double uptime30d, Long latencyMs, List<Point> latency,
                            Map<String, List<Point>> regionLatency, Instant updatedAt, Instant createdAt) {
    }

    /** One day's bar: availability in percent (null: no data) and the incidents that touched it. */
    public record Day(LocalDate date, Double uptime, long up, long down, List<String> incidents) {
    }

    public record Point(Instant at, Long avgMs) {
    }

    public record Incident(UUID id, UUID checkId, String title, String state, IncidentPhase phase, IncidentImpact impact,
                           Instant startedAt, Instant resolvedAt, Instant updatedAt, List<Update> updates,
                           List<UUID> componentIds) {
    }

    public record Update(Instant at, IncidentPhase phase, String message) {
    }

    /** A finished one-off maintenance window and the components (of this page) it covered. */
    public record CompletedMaintenance(UUID id, String name, Instant startsAt, Instant endsAt, Instant createdAt,
                                       List<UUID> componentIds) {
    }
}

package io.vigil.maintenance;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A maintenance window as the API shows it, with whether it is in effect now and when it starts next. */
public record MaintenanceView(UUID id, String name, List<UUID> checkIds, List<String> tags, Instant startsAt,
                              Instant endsAt, String cron, Integer durationMinutes, String timeZone, boolean active,
                              Instant nextStart, Instant createdAt) {

    static MaintenanceView of(MaintenanceWindow w, Instant now) {
        return new MaintenanceView(w.id(), w.name(), w.checkIds(), w.tags(), w.startsAt(), w.endsAt(), w.cron(),
                w.durationMinutes(), w.timeZone(), w.activeAt(now), w.nextStart(now).orElse(null), w.createdAt());
    }
}

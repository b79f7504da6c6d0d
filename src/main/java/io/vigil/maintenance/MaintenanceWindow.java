package io.vigil.maintenance;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A period in which checks keep probing but open no incident and show {@code maintenance}: one-off
 * ({@code startsAt}–{@code endsAt}) or recurring (a Unix cron expression for each start, a duration, a time zone).
 * Applies to the listed checks and to every check carrying one of the tags.
 */
public record MaintenanceWindow(UUID id, UUID workspaceId, String name, List<UUID> checkIds, List<String> tags,
                                Instant startsAt, Instant endsAt, String cron, Integer durationMinutes, String timeZone,
                                Instant createdAt) {

    static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /** Whether the window is in effect at {@code now}. Pure. */
    public boolean activeAt(Instant now) {
        if (cron == null) {
            return !now.isBefore(startsAt) && now.isBefore(endsAt);
        }
        ZonedDateTime at = now.atZone(ZoneId.of(timeZone));
        // The most recent start at or before now (a start exactly now counts).
        Optional<ZonedDateTime> last = executions().lastExecution(at.plusNanos(1));
        return last.isPresent() && at.isBefore(last.get().plus(Duration.ofMinutes(durationMinutes)));
    }

    /** The next time the window starts after {@code now}, if it ever does. */
    public Optional<Instant> nextStart(Instant now) {
        if (cron == null) {
            return now.isBefore(startsAt) ? Optional.of(startsAt) : Optional.empty();
        }
        return executions().nextExecution(now.atZone(ZoneId.of(timeZone))).map(ZonedDateTime::toInstant);
    }

    /** Whether the window covers this check (by id or by one of its tags). */
    public boolean covers(UUID checkId, List<String> checkTags) {
        return checkIds.contains(checkId) || checkTags.stream().anyMatch(tags::contains);
    }

    private ExecutionTime executions() {
        return ExecutionTime.forCron(CRON.parse(cron));
    }
}

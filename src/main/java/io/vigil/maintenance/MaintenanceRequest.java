package io.vigil.maintenance;

import io.vigil.api.ApiException;
import io.vigil.api.FieldError;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Body of {@code POST /api/v1/maintenance}: a one-off window (startsAt, endsAt) or a recurring one (cron, durationMinutes, timeZone). */
public record MaintenanceRequest(String name, List<UUID> checkIds, List<String> tags, Instant startsAt, Instant endsAt,
                                 String cron, Integer durationMinutes, String timeZone) {

    private static final int MAX_DURATION_MINUTES = 7 * 24 * 60;

    /** Validates and returns the window for this workspace (ids and creation time filled in). */
    MaintenanceWindow toWindow(UUID id, UUID workspaceId, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || name.isBlank()) {
            errors.add(new FieldError("name", "is required"));
        } else if (name.length() > 200) {
            errors.add(new FieldError("name", "must be at most 200 characters"));
        }
        List<UUID> ids = checkIds == null ? List.of() : checkIds;
        List<String> tagList = tags == null ? List.of() : tags;
        if (ids.isEmpty() && tagList.isEmpty()) {
            errors.add(new FieldError("checkIds", "name at least one check, or tags"));
        }
        if (ids.stream().anyMatch(java.util.Objects::isNull)) {
            errors.add(new FieldError("checkIds", "must not contain null"));
        }
        if (tagList.stream().anyMatch(t -> t == null || t.isBlank())) {
            errors.add(new FieldError("tags", "must not contain empty tags"));
        }
        boolean oneOff = startsAt != null || endsAt != null;
        boolean recurring = cron != null || durationMinutes != null || timeZone != null;
        if (oneOff == recurring) {
            errors.add(new FieldError("startsAt", "give either startsAt and endsAt, or cron, durationMinutes and timeZone"));
        } else if (oneOff) {
            if (startsAt == null) {
                errors.add(new FieldError("startsAt", "is required with endsAt"));
            } else if (endsAt == null) {
                errors.add(new FieldError("endsAt", "is required with startsAt"));
            } else if (!endsAt.isAfter(startsAt)) {
                errors.add(new FieldError("endsAt", "must be after startsAt"));
            }
        } else {
            validateRecurring(errors);
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new MaintenanceWindow(id, workspaceId, name.trim(), List.copyOf(ids), List.copyOf(tagList), micros(startsAt),
                micros(endsAt), cron == null ? null : cron.trim(), durationMinutes, timeZone, micros(now));
    }

    /**
     * At the database's precision (PostgreSQL keeps microseconds; the driver truncates): the window kept in memory at
     * creation then reads the same as after the next reload from the table.
     */
    private static Instant micros(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }

    private void validateRecurring(List<FieldError> errors) {
        if (cron == null || cron.isBlank()) {
            errors.add(new FieldError("cron", "is required for a recurring window, e.g. \"0 2 * * SUN\""));
        } else {
            try {
                MaintenanceWindow.CRON.parse(cron.trim()).validate();
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("cron", "is not a valid Unix cron expression: " + e.getMessage()));
            }
        }
        if (durationMinutes == null || durationMinutes < 1 || durationMinutes > MAX_DURATION_MINUTES) {
            errors.add(new FieldError("durationMinutes", "must be between 1 and " + MAX_DURATION_MINUTES));
        }
        if (timeZone == null) {
            errors.add(new FieldError("timeZone", "is required, e.g. \"Europe/Berlin\" or \"UTC\""));
        } else {
            try {
                ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                errors.add(new FieldError("timeZone", "is not a known time zone"));
            }
        }
    }
}

package io.vigil.incident;

import io.vigil.api.ApiException;
import io.vigil.api.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Bodies of the incident write routes, and their validation. */
public final class IncidentRequests {

    static final Set<String> PHASES = Set.of("investigating", "identified", "monitoring", "resolved");
    static final Set<String> IMPACTS = Set.of("none", "minor", "major", "critical");
    private static final int MAX_TITLE = 200;
    private static final int MAX_MESSAGE = 10_000;

    private IncidentRequests() {
    }

    /** {@code POST /api/v1/incidents}: a manual incident, optionally tied to a check. */
    public record Create(String title, UUID checkId, String impact, String phase, String message) {
        void validate() {
            List<FieldError> errors = new ArrayList<>();
            if (title == null || title.isBlank()) {
                errors.add(new FieldError("title", "is required"));
            } else if (title.length() > MAX_TITLE) {
                errors.add(new FieldError("title", "must be at most " + MAX_TITLE + " characters"));
            }
            oneOf("impact", impact, IMPACTS, errors);
            oneOf("phase", phase, PHASES, errors);
            maxLength("message", message, errors);
            if (!errors.isEmpty()) {
                throw ApiException.invalid(errors);
            }
        }
    }

    /** {@code POST /api/v1/incidents/{id}/updates}. */
    public record AddUpdate(String phase, String message, String impact) {
        void validate() {
            List<FieldError> errors = new ArrayList<>();
            if (phase == null) {
                errors.add(new FieldError("phase", "is required"));
            }
            oneOf("phase", phase, PHASES, errors);
            if (message == null || message.isBlank()) {
                errors.add(new FieldError("message", "is required"));
            }
            maxLength("message", message, errors);
            oneOf("impact", impact, IMPACTS, errors);
            if (!errors.isEmpty()) {
                throw ApiException.invalid(errors);
            }
        }
    }

    private static void oneOf(String field, String value, Set<String> allowed, List<FieldError> errors) {
        if (value != null && !allowed.contains(value)) {
            errors.add(new FieldError(field, "must be one of " + String.join(", ", allowed.stream().sorted().toList())));
        }
    }

    private static void maxLength(String field, String value, List<FieldError> errors) {
        if (value != null && value.length() > MAX_MESSAGE) {
            errors.add(new FieldError(field, "must be at most " + MAX_MESSAGE + " characters"));
        }
    }
}

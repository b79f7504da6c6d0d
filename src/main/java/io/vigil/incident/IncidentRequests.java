package io.vigil.incident;

import io.vigil.api.ApiException;
import io.vigil.api.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Bodies of the incident write routes, and their validation. Phase and impact arrive as text so that every bad field
 * is reported at once; once validated they are read as {@link IncidentPhase} and {@link IncidentImpact}.
 */
public final class IncidentRequests {

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
            oneOf("impact", impact, IncidentImpact.WIRE, errors);
            oneOf("phase", phase, IncidentPhase.WIRE, errors);
            maxLength("message", message, errors);
            if (!errors.isEmpty()) {
                throw ApiException.invalid(errors);
            }
        }

        /** The phase it opens in: investigating unless the body says otherwise. Valid after {@link #validate()}. */
        IncidentPhase openingPhase() {
            return phase == null ? IncidentPhase.INVESTIGATING : IncidentPhase.of(phase);
        }

        /** Its impact: minor unless the body says otherwise. Valid after {@link #validate()}. */
        IncidentImpact openingImpact() {
            return impact == null ? IncidentImpact.MINOR : IncidentImpact.of(impact);
        }
    }

    /** {@code POST /api/v1/incidents/{id}/updates}. */
    public record AddUpdate(String phase, String message, String impact) {
        void validate() {
            List<FieldError> errors = new ArrayList<>();
            if (phase == null) {
                errors.add(new FieldError("phase", "is required"));
            }
            oneOf("phase", phase, IncidentPhase.WIRE, errors);
            if (message == null || message.isBlank()) {
                errors.add(new FieldError("message", "is required"));
            }
            maxLength("message", message, errors);
            oneOf("impact", impact, IncidentImpact.WIRE, errors);
            if (!errors.isEmpty()) {
                throw ApiException.invalid(errors);
            }
        }

        /** The phase the update moves the incident to. Valid after {@link #validate()}. */
        IncidentPhase newPhase() {
            return IncidentPhase.of(phase);
        }

        /** The impact it sets, or null to keep the incident's. Valid after {@link #validate()}. */
        IncidentImpact newImpact() {
            return impact == null ? null : IncidentImpact.of(impact);
        }
    }

    private static void oneOf(String field, String value, List<String> allowed, List<FieldError> errors) {
        if (value != null && !allowed.contains(value)) {
            errors.add(new FieldError(field, "must be one of " + String.join(", ", allowed)));
        }
    }

    private static void maxLength(String field, String value, List<FieldError> errors) {
        if (value != null && value.length() > MAX_MESSAGE) {
            errors.add(new FieldError(field, "must be at most " + MAX_MESSAGE + " characters"));
        }
    }
}

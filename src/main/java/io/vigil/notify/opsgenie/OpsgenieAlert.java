package io.vigil.notify.opsgenie;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** Opsgenie Alert API v2 bodies (docs.opsgenie.com/docs/alert-api); absent members stay absent. */
final class OpsgenieAlert {

    private OpsgenieAlert() {
    }

    /** {@code POST /v2/alerts}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Create(String message, String alias, String description, List<Responder> responders, List<String> tags,
                  Details details, String entity, String source, String priority) {
    }

    /** {@code POST /v2/alerts/{alias}/close} and {@code …/notes}. */
    record Note(String source, String note) {
    }

    /** A team, user, escalation or schedule; a user by {@code username}, the others by {@code name}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Responder(String type, String name, String username) {
    }

    /** The alert's extra properties. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Details(String event, String check, String checkId, String target, String status, String regions,
                   String error, String incidentId, String startedAt, String console) {
    }
}

package io.vigil.notify.pagerduty;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vigil.core.CheckStatus;

import java.util.List;

/**
 * A PagerDuty Events API v2 event (developer.pagerduty.com/docs/events-api-v2/trigger-events): a resolve carries the
 * routing key, action and dedup key only; absent members stay absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PagerDutyEvent(@JsonProperty("routing_key") String routingKey, @JsonProperty("event_action") String eventAction,
                      @JsonProperty("dedup_key") String dedupKey, Payload payload, List<Link> links, String client,
                      @JsonProperty("client_url") String clientUrl) {

    static PagerDutyEvent resolve(String routingKey, String dedupKey) {
        return new PagerDutyEvent(routingKey, "resolve", dedupKey, null, null, null, null);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Payload(String summary, String source, String severity, String timestamp, String component, String group,
                   @JsonProperty("class") String errorClass, @JsonProperty("custom_details") Details customDetails) {
    }

    record Link(String href, String text) {
    }

    /** What the incident shows under "custom details". */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Details(String event, String check, @JsonProperty("check_id") String checkId,
                   @JsonProperty("check_type") String checkType, String target, CheckStatus status, List<String> regions,
                   String error, String incident, @JsonProperty("incident_id") String incidentId,
                   @JsonProperty("started_at") String startedAt, String message) {
    }
}

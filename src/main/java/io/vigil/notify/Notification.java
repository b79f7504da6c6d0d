package io.vigil.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vigil.core.CheckStatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One notification event as receivers see it: exactly the body of a webhook delivery, and what every other channel
 * renders its message from. Frozen when the event is written to the outbox, so a retry sends the same thing.
 *
 * @param type      {@code incident.opened}, {@code incident.updated}, {@code incident.resolved}, {@code check.degraded},
 *                  {@code check.recovered}, {@code check.flapping}, {@code certificate.expiring}, {@code heartbeat.late}
 *                  or {@code test}
 * @param timestamp when it happened
 */
public record Notification(String type, Instant timestamp, Data data) {

    public static final String INCIDENT_OPENED = "incident.opened";
    public static final String INCIDENT_UPDATED = "incident.updated";
    public static final String INCIDENT_RESOLVED = "incident.resolved";
    public static final String CHECK_DEGRADED = "check.degraded";
    public static final String CHECK_RECOVERED = "check.recovered";
    public static final String CHECK_FLAPPING = "check.flapping";
    public static final String CERTIFICATE_EXPIRING = "certificate.expiring";
    public static final String HEARTBEAT_LATE = "heartbeat.late";
    public static final String TEST = "test";
    /** A status page subscriber's double opt-in request: sent to a subscriber that is not enabled yet. */
    public static final String SUBSCRIPTION_CONFIRM = "subscription.confirm";

    /** Every type a channel can ask for (a test is always delivered to the channel it was sent to). */
    public static final List<String> TYPES = List.of(INCIDENT_OPENED, INCIDENT_UPDATED, INCIDENT_RESOLVED, CHECK_DEGRADED,
            CHECK_RECOVERED, CHECK_FLAPPING, CERTIFICATE_EXPIRING, HEARTBEAT_LATE);

    /**
     * @param check    the check concerned (null for a manual incident without a check, or a test)
     * @param incident the incident concerned, or null
     * @param regions  the regions failing (or involved) at that moment
     * @param error    the latest probe error of a failing region, or null
     * @param links    where to look: the console and the status page
     * @param status   the check's status after the event ({@code down}, {@code up}, ...), or null
     * @param flapping for {@code check.flapping}: true when flapping starts, false when it ends
     * @param message  free text: an incident update's message, a reminder, a certificate's days left, a test
     */
    public record Data(CheckRef check, IncidentRef incident, List<String> regions, ErrorRef error, Links links,
                       CheckStatus status, Boolean flapping, String message) {
    }

    public record CheckRef(UUID id, String name, String url, String type) {
    }

    public record IncidentRef(UUID id, String title, String state, String phase, Instant startedAt, Instant resolvedAt) {
    }

    public record ErrorRef(@JsonProperty("class") String errorClass, String message) {
    }

    public record Links(String console, String statusPage) {
    }

    /** True for events that announce a problem starting (what escalation delays and grouping gathers). */
    public boolean announcesOutage() {
        return INCIDENT_OPENED.equals(type) || HEARTBEAT_LATE.equals(type);
    }

    public String checkName() {
        return data.check() == null ? (data.incident() == null ? "Vigil" : data.incident().title()) : data.check().name();
    }
}

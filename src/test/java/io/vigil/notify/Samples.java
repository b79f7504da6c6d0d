package io.vigil.notify;

import io.vigil.core.CheckStatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Realistic notifications for payload-builder tests. */
public final class Samples {

    public static final UUID CHECK = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
    public static final UUID INCIDENT = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    public static final Instant STARTED = Instant.parse("2026-11-21T10:00:00Z");
    public static final Instant RESOLVED = Instant.parse("2026-11-21T10:12:30Z");
    static final Notification.Links LINKS = new Notification.Links("https://vigil.example.com/console/checks/" + CHECK, null);

    private Samples() {
    }

    public static Notification.CheckRef check(String name) {
        return new Notification.CheckRef(CHECK, name, "https://shop.example.com/health", "http");
    }

    public static Notification opened() {
        return new Notification(Notification.INCIDENT_OPENED, STARTED, new Notification.Data(check("Checkout API"),
                new Notification.IncidentRef(INCIDENT, "Checkout API is down", "open", "investigating", STARTED, null),
                List.of("eu-west", "us-east"), new Notification.ErrorRef("connect", "connection refused"), LINKS, CheckStatus.DOWN,
                null, null));
    }

    public static Notification resolved() {
        return new Notification(Notification.INCIDENT_RESOLVED, RESOLVED, new Notification.Data(check("Checkout API"),
                new Notification.IncidentRef(INCIDENT, "Checkout API is down", "resolved", "resolved", STARTED, RESOLVED),
                List.of("eu-west", "us-east"), null, LINKS, CheckStatus.UP, null, null));
    }

    public static Notification degraded() {
        return new Notification(Notification.CHECK_DEGRADED, STARTED, new Notification.Data(check("Checkout API"), null,
                List.of(), null, LINKS, CheckStatus.DEGRADED, null, null));
    }

    public static Notification flapping() {
        return new Notification(Notification.CHECK_FLAPPING, STARTED, new Notification.Data(check("Checkout API"), null,
                List.of("eu-west"), null, LINKS, CheckStatus.DOWN, true, "The check changed state more than 6 times in the last 21 evaluations."));
    }

    public static Notification heartbeatLate() {
        return new Notification(Notification.HEARTBEAT_LATE, STARTED, new Notification.Data(
                new Notification.CheckRef(CHECK, "Nightly backup", null, "heartbeat"),
                new Notification.IncidentRef(INCIDENT, "Nightly backup is down", "open", "investigating", STARTED, null),
                List.of("local"), new Notification.ErrorRef("missed", "no ping within 1 h + 5 min grace"), LINKS, CheckStatus.DOWN, null, null));
    }

    public static Notification test() {
        return new Notification(Notification.TEST, STARTED, new Notification.Data(null, null, List.of(), null, LINKS, null,
                null, "This is a test notification for channel \"ops\"."));
    }

    public static Message single(Notification n) {
        return Message.of(UUID.randomUUID().toString(), n);
    }

    /** Three checks down at once: one grouped message. */
    public static Message groupedOutage() {
        Notification a = opened();
        Notification b = new Notification(Notification.INCIDENT_OPENED, STARTED, new Notification.Data(check("Search"),
                new Notification.IncidentRef(UUID.randomUUID(), "Search is down", "open", "investigating", STARTED, null),
                List.of("eu-west"), new Notification.ErrorRef("timeout", "no answer within 5000 ms"), LINKS, CheckStatus.DOWN, null, null));
        Notification c = new Notification(Notification.INCIDENT_OPENED, STARTED, new Notification.Data(check("Login"),
                new Notification.IncidentRef(UUID.randomUUID(), "Login is down", "open", "investigating", STARTED, null),
                List.of("us-east"), new Notification.ErrorRef("http", "status 502"), LINKS, CheckStatus.DOWN, null, null));
        return new Message(UUID.randomUUID().toString(), List.of(a, b, c));
    }
}

package io.vigil.notify;

import io.vigil.check.CheckSpec;
import io.vigil.incident.IncidentChange;
import io.vigil.verdict.CheckStatus;
import io.vigil.verdict.Transition;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Which notifications a verdict transition causes. Pure. One alert per outage: an incident opening announces it
 * (a heartbeat's as {@code heartbeat.late}), its resolution ends it; degraded and recovered are announced on their
 * own; while a check flaps, only the start and the end of the flapping are announced; maintenance mutes everything.
 */
public final class Notices {

    private Notices() {
    }

    public static List<OutboxEvent> of(Transition t, IncidentChange change, boolean muted, String publicUrl) {
        List<OutboxEvent> events = new ArrayList<>();
        if (muted) {
            return events;
        }
        if (t.flapping() != t.wasFlapping()) {
            events.add(event(t, Notification.CHECK_FLAPPING, null, t.to().failing(), t.flapping(), publicUrl,
                    t.flapping() ? "The check changed state more than 6 times in the last 21 evaluations; alerts are "
                            + "paused until it settles." : "The check settled; it is " + t.to().status() + "."));
        }
        if (t.flapping()) {
            return events;
        }
        switch (change.kind()) {
            case OPENED -> events.add(event(t, "heartbeat".equals(t.check().type()) ? Notification.HEARTBEAT_LATE
                    : Notification.INCIDENT_OPENED, change, t.to().failing(), null, publicUrl, null));
            case RESOLVED -> events.add(event(t, Notification.INCIDENT_RESOLVED, change, t.from().failing(), null, publicUrl, null));
            case NONE -> {
                if (t.degraded()) {
                    events.add(event(t, Notification.CHECK_DEGRADED, null, List.of(), null, publicUrl, null));
                } else if (t.undegraded()) {
                    events.add(event(t, Notification.CHECK_RECOVERED, null, List.of(), null, publicUrl, null));
                }
            }
        }
        return events;
    }

    private static OutboxEvent event(Transition t, String type, IncidentChange change, List<String> regions,
                                     Boolean flapping, String publicUrl, String message) {
        CheckSpec c = t.check();
        Notification.IncidentRef incident = change == null ? null : new Notification.IncidentRef(change.id(), change.title(),
                change.kind() == IncidentChange.Kind.RESOLVED ? "resolved" : "open",
                change.kind() == IncidentChange.Kind.RESOLVED ? "resolved" : "investigating",
                change.startedAt(), change.resolvedAt());
        Transition.LastError last = CheckStatus.DOWN.equals(t.to().status()) || CheckStatus.DEGRADED.equals(t.to().status())
                ? t.lastError() : null;
        Notification n = new Notification(type, t.at(), new Notification.Data(
                check(c), incident, List.copyOf(regions),
                last == null ? null : new Notification.ErrorRef(last.errorClass(), last.message()),
                links(publicUrl, c.id()), t.to().status(), flapping, message));
        return new OutboxEvent(UUID.randomUUID(), c.workspaceId(), c.id(), change == null ? null : change.id(), n,
                c.channelIds(), c.tags());
    }

    /**
     * A person's incident change: a manual incident opened ({@code incident.opened}), or an update posted
     * ({@code incident.updated}, carrying its message and phase). Routed like its check's outages; an incident
     * without a check goes to the default channels.
     */
    public static OutboxEvent incident(String type, UUID workspaceId, CheckSpec check, Notification.IncidentRef incident,
                                       String message, java.time.Instant at, String publicUrl) {
        Notification n = new Notification(type, at, new Notification.Data(check == null ? null : check(check), incident,
                List.of(), null, links(publicUrl, check == null ? null : check.id()), null, null, message));
        return new OutboxEvent(UUID.randomUUID(), workspaceId, check == null ? null : check.id(), incident.id(), n,
                check == null ? List.of() : check.channelIds(), check == null ? List.of() : check.tags());
    }

    public static Notification.CheckRef check(CheckSpec c) {
        return new Notification.CheckRef(c.id(), c.name(), c.url(), c.type());
    }

    public static Notification.Links links(String publicUrl, UUID checkId) {
        return new Notification.Links(checkId == null ? publicUrl + "/console" : publicUrl + "/console/checks/" + checkId, null);
    }
}

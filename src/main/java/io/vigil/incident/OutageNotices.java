package io.vigil.incident;

import io.vigil.check.CheckSpec;
import io.vigil.core.CheckStatus;
import io.vigil.notify.Notices;
import io.vigil.notify.Notification;
import io.vigil.notify.OutboxEvent;
import io.vigil.verdict.Transition;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Which notifications a verdict transition causes, once incident has done its part. Pure. One alert per outage:
 * an incident opening announces it (a heartbeat's as {@code heartbeat.late}), its resolution ends it; degraded and
 * recovered are announced on their own; while a check flaps, only the start and the end of the flapping are
 * announced; maintenance mutes everything.
 */
public final class OutageNotices {

    private OutageNotices() {
    }

    public static List<OutboxEvent> of(Transition t, CheckSpec check, IncidentChange change, boolean muted, String publicUrl) {
        List<OutboxEvent> events = new ArrayList<>();
        if (muted) {
            return events;
        }
        if (t.flapping() != t.wasFlapping()) {
            events.add(event(t, check, Notification.CHECK_FLAPPING, null, t.to().failing(), t.flapping(), publicUrl,
                    t.flapping() ? "The check changed state more than 6 times in the last 21 evaluations; alerts are "
                            + "paused until it settles." : "The check settled; it is " + t.to().status().wire() + "."));
        }
        if (t.flapping()) {
            return events;
        }
        switch (change.kind()) {
            case OPENED -> events.add(event(t, check, "heartbeat".equals(check.type()) ? Notification.HEARTBEAT_LATE
                    : Notification.INCIDENT_OPENED, change, t.to().failing(), null, publicUrl, null));
            case RESOLVED -> events.add(event(t, check, Notification.INCIDENT_RESOLVED, change, t.from().failing(), null,
                    publicUrl, null));
            case NONE -> {
                if (t.degraded()) {
                    events.add(event(t, check, Notification.CHECK_DEGRADED, null, List.of(), null, publicUrl, null));
                } else if (t.undegraded()) {
                    events.add(event(t, check, Notification.CHECK_RECOVERED, null, List.of(), null, publicUrl, null));
                }
            }
        }
        return events;
    }

    private static OutboxEvent event(Transition t, CheckSpec c, String type, IncidentChange change, List<String> regions,
                                     Boolean flapping, String publicUrl, String message) {
        Notification.IncidentRef incident = change == null ? null : new Notification.IncidentRef(change.id(), change.title(),
                change.kind() == IncidentChange.Kind.RESOLVED ? "resolved" : "open",
                (change.kind() == IncidentChange.Kind.RESOLVED ? IncidentPhase.RESOLVED : IncidentPhase.INVESTIGATING).wire(),
                change.startedAt(), change.resolvedAt());
        Transition.LastError last = t.to().status() == CheckStatus.DOWN || t.to().status() == CheckStatus.DEGRADED
                ? t.lastError() : null;
        Notification n = new Notification(type, t.at(), new Notification.Data(
                Notices.check(c), incident, List.copyOf(regions),
                last == null ? null : new Notification.ErrorRef(last.errorClass(), last.message()),
                Notices.links(publicUrl, c.id()), t.to().status(), flapping, message));
        return new OutboxEvent(UUID.randomUUID(), c.workspaceId(), c.id(), change == null ? null : change.id(), n,
                c.channelIds(), c.tags());
    }
}

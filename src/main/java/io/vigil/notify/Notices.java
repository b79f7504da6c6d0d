package io.vigil.notify;

import io.vigil.check.CheckSpec;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Building blocks of notification events: the check and links parts, and a person's incident change. Pure. */
public final class Notices {

    private Notices() {
    }

    /**
     * A person's incident change: a manual incident opened ({@code incident.opened}), or an update posted
     * ({@code incident.updated}, carrying its message and phase). Routed like its check's outages; an incident
     * without a check goes to the default channels.
     */
    public static OutboxEvent incident(String type, UUID workspaceId, CheckSpec check, Notification.IncidentRef incident,
                                       String message, Instant at, String publicUrl) {
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

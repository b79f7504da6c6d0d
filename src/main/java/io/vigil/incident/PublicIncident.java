package io.vigil.incident;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An incident as the public may see it: what people wrote about it, without the internal timeline.
 *
 * @param checkId   the check it is about, null for a workspace-wide incident written by a person
 * @param automatic whether Vigil opened it itself (an outage of its check) rather than a person
 * @param state     {@code open} or {@code resolved}
 * @param updates   the updates people posted, newest first
 */
public record PublicIncident(UUID id, UUID checkId, String title, boolean automatic, String state, IncidentPhase phase,
                             IncidentImpact impact, Instant startedAt, Instant resolvedAt, List<Update> updates) {

    public record Update(Instant at, IncidentPhase phase, String message) {
    }
}

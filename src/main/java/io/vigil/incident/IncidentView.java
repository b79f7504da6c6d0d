package io.vigil.incident;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An incident as the API shows it. */
public record IncidentView(UUID id, UUID checkId, String title, String state, IncidentPhase phase, IncidentImpact impact,
                           Instant startedAt, Instant resolvedAt, List<String> regions, List<Update> updates,
                           List<TimelineEntry> timeline) {

    /** A human update: what the team says, and the phase it moves the incident to. */
    public record Update(Instant at, IncidentPhase phase, String message) {
    }

    /** What Vigil saw: first failure per region, quorum reached, recovery. */
    public record TimelineEntry(Instant at, String kind, String region, String detail) {
    }
}

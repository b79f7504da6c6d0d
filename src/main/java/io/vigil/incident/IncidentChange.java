package io.vigil.incident;

import java.time.Instant;
import java.util.UUID;

/** What a verdict transition did to incidents: opened one, resolved one, or nothing. */
public record IncidentChange(Kind kind, UUID id, String title, Instant startedAt, Instant resolvedAt) {

    public enum Kind { OPENED, RESOLVED, NONE }

    public static final IncidentChange NONE = new IncidentChange(Kind.NONE, null, null, null, null);
}

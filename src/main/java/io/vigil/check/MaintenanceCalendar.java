package io.vigil.check;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Maintenance windows, as far as a check's shown status needs them; implemented where windows live. */
public interface MaintenanceCalendar {

    /** Whether a maintenance window covers this check (by id or one of its tags) at {@code at}. */
    boolean inMaintenance(UUID workspaceId, UUID checkId, List<String> tags, Instant at);
}

package io.vigil.result;

import java.util.UUID;

/** One check's judged results over the last 24 hours, 7 days and 30 days (whole hours), from the hour rollups. */
public record RecentUptime(UUID checkId, Counts last24h, Counts last7d, Counts last30d) {

    /** Results judged up (or degraded) and down. */
    public record Counts(long up, long down) {
        public static final Counts NONE = new Counts(0, 0);
    }

    public static RecentUptime none(UUID checkId) {
        return new RecentUptime(checkId, Counts.NONE, Counts.NONE, Counts.NONE);
    }
}

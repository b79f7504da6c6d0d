package io.vigil.verdict;

/** The status values of checks and regions. */
public final class CheckStatus {

    public static final String PENDING = "pending";
    public static final String UP = "up";
    public static final String DEGRADED = "degraded";
    public static final String DOWN = "down";
    public static final String PAUSED = "paused";
    public static final String UNKNOWN = "unknown";
    public static final String MAINTENANCE = "maintenance";

    private CheckStatus() {
    }
}

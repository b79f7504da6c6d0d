package io.vigil.verdict;

import java.util.Collection;

/** The check-level status shown by the API, from its per-region states. Pure. */
public final class CheckStatus {

    public static final String PENDING = "pending";
    public static final String UP = "up";
    public static final String DEGRADED = "degraded";
    public static final String DOWN = "down";
    public static final String PAUSED = "paused";

    private CheckStatus() {
    }

    /**
     * @param regionCount regions the check is assigned to
     * @param regionStates the known state of each region that has reported ({@code up}, {@code degraded}, {@code down})
     */
    public static String of(boolean paused, int regionCount, Collection<String> regionStates) {
        if (paused) {
            return PAUSED;
        }
        if (regionStates.isEmpty()) {
            return PENDING;
        }
        long down = regionStates.stream().filter(DOWN::equals).count();
        if (down > 0 && down * 2 > regionCount) {
            return DOWN;
        }
        if (down > 0 || regionStates.contains(DEGRADED)) {
            return DEGRADED;
        }
        return UP;
    }
}

package io.vigil.schedule;

import java.util.UUID;

/**
 * Slot arithmetic. Each check fires at {@code phase + k * interval} (epoch milliseconds) where the phase is a
 * stable hash of its id: checks spread evenly over their interval, and slots never drift because they are
 * computed from the epoch, not from when the previous probe finished.
 */
public final class Slots {

    private Slots() {
    }

    /** A stable offset in {@code [0, intervalMs)} derived from the check id. */
    public static long phase(UUID checkId, long intervalMs) {
        long h = checkId.getMostSignificantBits() ^ checkId.getLeastSignificantBits();
        h ^= (h >>> 33);
        h *= 0xff51afd7ed558ccdL;
        h ^= (h >>> 33);
        return Math.floorMod(h, intervalMs);
    }

    /** The first slot at or after {@code nowMs}. */
    public static long firstAtOrAfter(long nowMs, long phaseMs, long intervalMs) {
        long k = Math.floorDiv(nowMs - phaseMs + intervalMs - 1, intervalMs);
        return phaseMs + k * intervalMs;
    }
}

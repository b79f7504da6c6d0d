package io.vigil.verdict;

import io.vigil.core.CheckStatus;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Flapping: too many status changes among the last 21 evaluations. Starts at {@link #START} changes and ends only
 * at {@link #END} or fewer, so the flag itself does not flap. Not thread-safe; one per check.
 */
public final class FlapDetector {

    static final int WINDOW = 21;
    static final int START = 6;
    static final int END = 2;

    private final Deque<CheckStatus> recent = new ArrayDeque<>(WINDOW);
    private boolean flapping;

    /** Records a status; returns whether the check is flapping now. */
    public boolean record(CheckStatus status) {
        if (recent.size() == WINDOW) {
            recent.removeFirst();
        }
        recent.addLast(status);
        int changes = changes();
        if (!flapping && changes >= START) {
            flapping = true;
        } else if (flapping && changes <= END) {
            flapping = false;
        }
        return flapping;
    }

    public boolean flapping() {
        return flapping;
    }

    private int changes() {
        int changes = 0;
        CheckStatus previous = null;
        for (CheckStatus s : recent) {
            if (previous != null && previous != s) {
                changes++;
            }
            previous = s;
        }
        return changes;
    }
}

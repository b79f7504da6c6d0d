package io.vigil.incident;

/** Why a check that went down opens no incident of its own. */
public enum Suppression {
    NONE,
    /** A maintenance window covers the check: it keeps probing but opens nothing. */
    MAINTENANCE,
    /** Its parent is down: the outage is folded into the parent's incident. */
    PARENT_DOWN
}

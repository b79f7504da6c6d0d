package io.vigil.result;

import java.util.List;

/**
 * What follows results, found by CDI (every bean implementing this is called): the verdicts, certificate expiry.
 * Results are handed on in slot order per (check, region); calls are quick and never block.
 */
public interface ResultConsumer {

    /**
     * Results taken for storage, before they are written: judged even while the database is away. A result taken
     * twice (an agent's replay) is handed on once, when it is stored as new.
     */
    default void taken(List<NewResult> results) {
    }

    /** Results just stored as new (a replayed slot is not among them). */
    default void stored(List<NewResult> results) {
    }
}

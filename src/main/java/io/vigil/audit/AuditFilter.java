package io.vigil.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * What {@code GET /api/v1/audit} narrows to; every member optional.
 *
 * @param actor  a user's or token's id (a user's id also finds what their tokens did)
 * @param system only what Vigil itself did
 * @param action an exact action ({@code check.updated}) or a prefix ending in a dot ({@code check.})
 * @param from   inclusive
 * @param to     exclusive
 */
public record AuditFilter(String objectId, UUID actor, boolean system, String action, Instant from, Instant to) {
}

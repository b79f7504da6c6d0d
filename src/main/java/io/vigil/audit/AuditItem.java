package io.vigil.audit;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/** An audit entry on the wire ({@code GET /api/v1/audit}). */
public record AuditItem(UUID id, Instant at, ActorView actor, String action, String objectType, String objectId,
                        JsonNode changes, String ip) {

    /** Who: {@code userId} is the person behind a token (for a user, the user again). */
    public record ActorView(String type, UUID id, String name, UUID userId) {
    }
}

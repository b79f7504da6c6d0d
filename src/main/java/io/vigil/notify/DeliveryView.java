package io.vigil.notify;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One event sent (or being sent) to one channel, with every attempt.
 *
 * @param eventId       the id receivers see ({@code webhook-id}); the same on every attempt and re-send
 * @param state         {@code pending}, {@code delivered}, {@code failed} or {@code skipped}
 * @param nextAttemptAt when the next attempt is due (pending only)
 */
public record DeliveryView(UUID id, UUID eventId, String type, String state, int attempts, Instant createdAt,
                           Instant nextAttemptAt, Instant finishedAt, Integer lastStatus, String lastError,
                           List<AttemptView> log) {

    /** One attempt: when, what came back, how long it took, and why it failed. */
    public record AttemptView(Instant at, Integer status, int latencyMs, String response, String error) {
    }
}

package io.vigil.notify;

import java.util.List;
import java.util.UUID;

/**
 * A notification event to write to the outbox, with what routing needs: the check's explicit channels (none: the
 * workspace's default channels) and its tags (channels listening to a tag).
 */
public record OutboxEvent(UUID id, UUID workspaceId, UUID checkId, UUID incidentId, Notification notification,
                          List<UUID> channelIds, List<String> tags) {

    public String type() {
        return notification.type();
    }
}

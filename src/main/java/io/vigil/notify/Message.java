package io.vigil.notify;

import java.util.List;

/**
 * What one send carries: one notification, or several grouped into one message (when the channel
 * {@link Channel#groups() groups}). {@code id} is the event id for a single notification (the {@code webhook-id},
 * kept on every retry), or that of the first one for a group.
 */
public record Message(String id, List<Notification> notifications) {

    public Message {
        if (notifications.isEmpty()) {
            throw new IllegalArgumentException("a message carries at least one notification");
        }
        notifications = List.copyOf(notifications);
    }

    public static Message of(String id, Notification notification) {
        return new Message(id, List.of(notification));
    }

    public Notification first() {
        return notifications.get(0);
    }

    public boolean grouped() {
        return notifications.size() > 1;
    }
}

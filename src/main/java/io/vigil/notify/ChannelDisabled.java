package io.vigil.notify;

import java.util.UUID;

/** Fired (CDI event) after the relay disabled a channel: its receiver answered 410, or it failed for the whole schedule. */
public record ChannelDisabled(UUID workspaceId, UUID channelId, String channelName, String type, String reason) {
}

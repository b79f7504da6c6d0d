package io.vigil.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One stored channel, secrets decrypted: what the relay sends with and what the API shows (masked). */
public record ChannelConfig(UUID id, UUID workspaceId, String type, String name, boolean isDefault, List<String> events,
                            List<String> tags, int delayMinutes, Integer remindMinutes, Integer groupSeconds,
                            Map<String, Object> settings, Map<String, Object> secrets, boolean enabled,
                            String disabledReason, Instant createdAt, Instant updatedAt) {

    /** Plain and secret settings together, as the channel type reads them. */
    public ChannelSettings typeSettings() {
        Map<String, Object> all = new java.util.LinkedHashMap<>(settings);
        all.putAll(secrets);
        return new ChannelSettings(all);
    }
}

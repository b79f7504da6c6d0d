package io.vigil.notify;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A channel as the API shows it: the common members, and the type settings beside them. Secret settings appear in
 * clear only in the answer to the create call; afterwards they are masked (a URL keeps its scheme and host). The
 * document describes it per type ({@link ChannelSchemas}).
 *
 * @param settings the type settings, written as members of the channel itself
 */
public record ChannelView(UUID id, String type, String name, @JsonProperty("isDefault") boolean isDefault,
                          List<String> events, List<String> tags, int delayMinutes, Integer remindMinutes,
                          Integer groupSeconds, boolean enabled, String disabledReason, Instant createdAt,
                          Instant updatedAt, @JsonIgnore Map<String, Object> settings) {

    static ChannelView of(ChannelConfig c, boolean revealSecrets) {
        Map<String, Object> settings = new LinkedHashMap<>(c.settings());
        c.secrets().forEach((k, value) -> settings.put(k, revealSecrets ? value : mask(String.valueOf(value))));
        return new ChannelView(c.id(), c.type(), c.name(), c.isDefault(), c.events(), c.tags(), c.delayMinutes(),
                c.remindMinutes(), c.groupSeconds(), c.enabled(), c.disabledReason(), c.createdAt(), c.updatedAt(), settings);
    }

    /** The type settings as members of the channel's JSON object. */
    @JsonAnyGetter
    public Map<String, Object> settingMembers() {
        return settings;
    }

    /** "https://hooks.slack.com/…" for a URL, "••••••" for anything else: enough to recognise, nothing to reuse. */
    public static String mask(String secret) {
        try {
            URI uri = URI.create(secret);
            if (uri.getScheme() != null && uri.getHost() != null) {
                return uri.getScheme() + "://" + uri.getHost() + "/…";
            }
        } catch (IllegalArgumentException e) {
            // not a URL
        }
        return "••••••";
    }
}

package io.vigil.notify;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A channel as the API shows it: the common members, then the type settings beside them. Secret settings appear in
 * clear only in the answer to the create call; afterwards they are masked (a URL keeps its scheme and host).
 */
public final class ChannelView {

    private ChannelView() {
    }

    static Map<String, Object> of(ChannelConfig c, boolean revealSecrets) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", c.id());
        v.put("type", c.type());
        v.put("name", c.name());
        v.put("isDefault", c.isDefault());
        v.put("events", c.events());
        v.put("tags", c.tags());
        v.put("delayMinutes", c.delayMinutes());
        v.put("remindMinutes", c.remindMinutes());
        v.put("groupSeconds", c.groupSeconds());
        v.put("enabled", c.enabled());
        v.put("disabledReason", c.disabledReason());
        v.putAll(c.settings());
        c.secrets().forEach((k, value) -> v.put(k, revealSecrets ? value : mask(String.valueOf(value))));
        v.put("createdAt", c.createdAt());
        v.put("updatedAt", c.updatedAt());
        return v;
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

package io.vigil.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The type settings of one channel, secrets included (decrypted): JSON values as parsed (String, List, Map, Number).
 * Presence and kind are checked against {@link Channel#settings()} before a channel sees them, so the typed getters
 * below can trust the shape.
 */
public final class ChannelSettings {

    private final Map<String, Object> values;

    public ChannelSettings(Map<String, Object> values) {
        this.values = new LinkedHashMap<>(values);
    }

    public static ChannelSettings of(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new ChannelSettings(map);
    }

    public boolean has(String name) {
        return values.get(name) != null;
    }

    /** A text setting, or null when absent. */
    public String text(String name) {
        Object v = values.get(name);
        return v == null ? null : v.toString();
    }

    public String text(String name, String fallback) {
        String v = text(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @SuppressWarnings("unchecked")
    public List<String> texts(String name) {
        Object v = values.get(name);
        return v == null ? List.of() : (List<String>) v;
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> textMap(String name) {
        Object v = values.get(name);
        return v == null ? Map.of() : (Map<String, String>) v;
    }

    public Integer integer(String name) {
        Object v = values.get(name);
        return v == null ? null : ((Number) v).intValue();
    }

    /** Normalizes a value or fills in a generated one during validation. */
    public void put(String name, Object value) {
        values.put(name, value);
    }

    public Map<String, Object> asMap() {
        return new LinkedHashMap<>(values);
    }
}

package io.vigil.notify;

import io.vigil.api.FieldError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST} and {@code PUT /api/v1/channels}: the common members, and the type settings of the
 * channel's type beside them ({@code url}, {@code secret}, {@code routingKey}, ...). Parsed from a JSON object by
 * hand so that every problem, of shape or of meaning, is reported with its member name.
 */
public record ChannelRequest(String type, String name, boolean isDefault, List<String> events, List<String> tags,
                             int delayMinutes, Integer remindMinutes, Integer groupSeconds, boolean enabled,
                             Map<String, Object> settings) {

    static final Set<String> COMMON = Set.of("type", "name", "isDefault", "events", "tags", "delayMinutes",
            "remindMinutes", "groupSeconds", "enabled");
    static final int MAX_NAME = 200;
    static final int MAX_DELAY_MINUTES = 7 * 24 * 60;

    /** Parses the common members; the remaining members are returned as raw type settings for the type to check. */
    static ChannelRequest parse(Map<String, Object> body, List<FieldError> errors) {
        String type = text(body, "type", errors);
        String name = text(body, "name", errors);
        if (name == null || name.isBlank()) {
            errors.add(new FieldError("name", "is required"));
        } else if (name.length() > MAX_NAME) {
            errors.add(new FieldError("name", "must be at most " + MAX_NAME + " characters"));
        }
        List<String> events = texts(body, "events", errors);
        if (events == null) {
            events = Notification.TYPES;
        } else {
            for (int i = 0; i < events.size(); i++) {
                if (!Notification.TYPES.contains(events.get(i))) {
                    errors.add(new FieldError("events[" + i + "]", "must be one of " + String.join(", ", Notification.TYPES)));
                }
            }
            events = List.copyOf(new LinkedHashSet<>(events));
        }
        List<String> tags = texts(body, "tags", errors);
        tags = tags == null ? List.of() : List.copyOf(new LinkedHashSet<>(tags));
        Integer delay = integer(body, "delayMinutes", 0, MAX_DELAY_MINUTES, errors);
        Integer remind = integer(body, "remindMinutes", 1, MAX_DELAY_MINUTES, errors);
        Integer group = integer(body, "groupSeconds", 0, 3600, errors);
        Boolean isDefault = bool(body, "isDefault", errors);
        Boolean enabled = bool(body, "enabled", errors);
        Map<String, Object> settings = new LinkedHashMap<>();
        body.forEach((k, v) -> {
            if (!COMMON.contains(k)) {
                settings.put(k, v);
            }
        });
        return new ChannelRequest(type == null ? null : type.trim(), name == null ? null : name.trim(),
                isDefault != null && isDefault, events, tags, delay == null ? 0 : delay, remind, group,
                enabled == null || enabled, settings);
    }

    /** Checks the type settings' presence and JSON kind against what the type declares. */
    static void checkShape(List<Setting> declared, Map<String, Object> settings, List<FieldError> errors) {
        Map<String, Setting> byName = new LinkedHashMap<>();
        declared.forEach(s -> byName.put(s.name(), s));
        for (String key : settings.keySet()) {
            if (!byName.containsKey(key)) {
                errors.add(new FieldError(key, "is not a setting of this channel type"
                        + (byName.isEmpty() ? "" : " (settings: " + String.join(", ", byName.keySet()) + ")")));
            }
        }
        for (Setting s : declared) {
            Object v = settings.get(s.name());
            if (v == null) {
                settings.remove(s.name());
                if (s.required()) {
                    errors.add(new FieldError(s.name(), "is required"));
                }
                continue;
            }
            boolean ok = switch (s.kind()) {
                case TEXT -> v instanceof String str && !str.isBlank();
                case TEXT_LIST -> v instanceof List<?> l && l.stream().allMatch(x -> x instanceof String);
                case TEXT_MAP -> v instanceof Map<?, ?> m && m.values().stream().allMatch(x -> x instanceof String);
                case INTEGER -> v instanceof Integer || v instanceof Long;
            };
            if (!ok) {
                errors.add(new FieldError(s.name(), switch (s.kind()) {
                    case TEXT -> "must be a non-empty string";
                    case TEXT_LIST -> "must be an array of strings";
                    case TEXT_MAP -> "must be an object of string values";
                    case INTEGER -> "must be an integer";
                }));
            }
        }
    }

    private static String text(Map<String, Object> body, String field, List<FieldError> errors) {
        Object v = body.get(field);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        errors.add(new FieldError(field, "must be a string"));
        return null;
    }

    private static List<String> texts(Map<String, Object> body, String field, List<FieldError> errors) {
        Object v = body.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> list && list.stream().allMatch(x -> x instanceof String s && !s.isBlank())) {
            List<String> out = new ArrayList<>();
            list.forEach(x -> out.add(((String) x).trim()));
            return out;
        }
        errors.add(new FieldError(field, "must be an array of non-empty strings"));
        return null;
    }

    private static Integer integer(Map<String, Object> body, String field, int min, int max, List<FieldError> errors) {
        Object v = body.get(field);
        if (v == null) {
            return null;
        }
        if ((v instanceof Integer || v instanceof Long) && ((Number) v).longValue() >= min && ((Number) v).longValue() <= max) {
            return ((Number) v).intValue();
        }
        errors.add(new FieldError(field, "must be an integer from " + min + " to " + max));
        return null;
    }

    private static Boolean bool(Map<String, Object> body, String field, List<FieldError> errors) {
        Object v = body.get(field);
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        errors.add(new FieldError(field, "must be true or false"));
        return null;
    }
}

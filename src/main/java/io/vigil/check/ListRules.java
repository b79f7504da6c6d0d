package io.vigil.check;

import io.vigil.api.FieldError;
import io.vigil.check.assertion.Condition;
import io.vigil.check.assertion.ConditionSyntaxException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/** The rules for a check's list members: regions, assertions, tags and channel ids. */
final class ListRules {

    private static final int MAX_ASSERTIONS = 50;
    private static final int MAX_TAGS = 20;
    private static final int MAX_TAG = 50;
    private static final int MAX_CHANNELS = 50;

    private ListRules() {
    }

    static void regions(List<String> regions, Set<String> known, List<FieldError> errors) {
        for (int i = 0; i < regions.size(); i++) {
            String region = regions.get(i);
            if (region == null || !known.contains(region)) {
                errors.add(new FieldError("regions[" + i + "]", "unknown region '" + region + "'; known: "
                        + String.join(", ", known.stream().sorted().toList())));
            }
        }
    }

    /** Parses every condition, reporting each that does not parse. */
    static List<Condition> conditions(List<String> assertions, List<FieldError> errors) {
        if (assertions.size() > MAX_ASSERTIONS) {
            errors.add(new FieldError("assertions", "at most " + MAX_ASSERTIONS + " conditions"));
            return List.of();
        }
        List<Condition> conditions = new ArrayList<>();
        for (int i = 0; i < assertions.size(); i++) {
            String text = assertions.get(i);
            if (text == null) {
                errors.add(new FieldError("assertions[" + i + "]", "must be a string"));
                continue;
            }
            try {
                conditions.add(Condition.parse(text));
            } catch (ConditionSyntaxException e) {
                errors.add(new FieldError("assertions[" + i + "]", "'" + text + "': " + e.getMessage()));
            }
        }
        return conditions;
    }

    static void tags(List<String> tags, List<FieldError> errors) {
        if (tags.size() > MAX_TAGS) {
            errors.add(new FieldError("tags", "at most " + MAX_TAGS + " tags"));
        }
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            if (tag == null || tag.isBlank() || tag.length() > MAX_TAG) {
                errors.add(new FieldError("tags[" + i + "]", "must be 1 to " + MAX_TAG + " characters"));
            }
        }
    }

    /** Shape only; whether the channels exist in the workspace is asked of the {@link ChannelDirectory}. */
    static void channelIds(List<UUID> channelIds, List<FieldError> errors) {
        if (channelIds.stream().anyMatch(Objects::isNull)) {
            errors.add(new FieldError("channelIds", "must not contain null"));
        } else if (channelIds.size() > MAX_CHANNELS) {
            errors.add(new FieldError("channelIds", "at most " + MAX_CHANNELS + " channels"));
        }
    }
}

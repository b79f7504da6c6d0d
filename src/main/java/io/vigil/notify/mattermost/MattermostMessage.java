package io.vigil.notify.mattermost;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * What a Mattermost incoming webhook takes: the post's markdown {@code text}, the optional overrides, and one
 * Slack-compatible message attachment. Overrides left unset stay absent.
 */
record MattermostMessage(String text,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String channel,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String username,
                         @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("icon_url") String iconUrl,
                         List<Attachment> attachments) {

    /** A message attachment; no {@code title_link} without a console link, no {@code text} or {@code fields} when empty. */
    record Attachment(String fallback, String color, String title,
                      @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("title_link") String titleLink,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String text,
                      @JsonInclude(JsonInclude.Include.NON_NULL) List<Field> fields,
                      String footer) {
    }

    /** One attachment field; {@code short} ones sit side by side. */
    record Field(@JsonProperty("short") boolean brief, String title, String value) {
    }
}

package io.vigil.notify.slack;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** What a Slack incoming webhook takes: fallback {@code text} and Block Kit {@code blocks}; absent members stay absent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SlackMessage(String text, List<Block> blocks, String channel, String username,
                    @JsonProperty("icon_emoji") String iconEmoji) {

    /** One Block Kit layout block. */
    sealed interface Block permits Header, Section, Context, Actions {
    }

    /** A text object: {@code plain_text} (with {@code emoji}) or {@code mrkdwn}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Text(String type, String text, Boolean emoji) {
        static Text plain(String text) {
            return new Text("plain_text", text, true);
        }

        static Text mrkdwn(String text) {
            return new Text("mrkdwn", text, null);
        }
    }

    record Header(String type, Text text) implements Block {
        Header(String plainText) {
            this("header", Text.plain(plainText));
        }
    }

    /** A section with either one text or up to ten fields. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Section(String type, Text text, List<Text> fields) implements Block {
        static Section text(String mrkdwn) {
            return new Section("section", Text.mrkdwn(mrkdwn), null);
        }

        static Section fields(List<Text> fields) {
            return new Section("section", null, fields);
        }
    }

    record Context(String type, List<Text> elements) implements Block {
        Context(Text element) {
            this("context", List.of(element));
        }
    }

    record Actions(String type, List<Button> elements) implements Block {
        Actions(Button button) {
            this("actions", List.of(button));
        }
    }

    record Button(String type, @JsonProperty("action_id") String actionId, Text text, String url) {
        Button(String actionId, String label, String url) {
            this("button", actionId, new Text("plain_text", label, null), url);
        }
    }
}

package io.vigil.notify.discord;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** What a Discord webhook execution takes: one embed, mentions off; absent members stay absent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DiscordMessage(String username, @JsonProperty("avatar_url") String avatarUrl, List<Embed> embeds,
                      @JsonProperty("allowed_mentions") AllowedMentions allowedMentions) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Embed(String title, String description, String url, int color, String timestamp, List<Field> fields,
                 Footer footer) {
    }

    record Field(String name, String value, boolean inline) {
    }

    record Footer(String text) {
    }

    /** {@code parse: []}: no mention in the text pings anyone. */
    record AllowedMentions(List<String> parse) {
        static final AllowedMentions NONE = new AllowedMentions(List.of());
    }
}

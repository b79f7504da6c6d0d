package io.vigil.notify.teams;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** A Teams (Workflows / incoming webhook) message carrying one Adaptive Card. */
record TeamsMessage(String type, List<Attachment> attachments) {

    TeamsMessage(Attachment attachment) {
        this("message", List.of(attachment));
    }

    /** {@code contentUrl} is sent as {@code null}, as the webhook expects. */
    record Attachment(String contentType, String contentUrl, Card content) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Card(@JsonProperty("$schema") String schema, String type, String version, List<Element> body,
                List<OpenUrl> actions, Width msteams) {
    }

    /** One element of the card's body. */
    sealed interface Element permits TextBlock, Title, Footer, FactSet {
    }

    record TextBlock(String type, String text, boolean wrap) implements Element {
        TextBlock(String text) {
            this("TextBlock", text, true);
        }
    }

    record Title(String type, String text, boolean wrap, String weight, String size, String color) implements Element {
        Title(String text, String color) {
            this("TextBlock", text, true, "bolder", "medium", color);
        }
    }

    record Footer(String type, String text, boolean wrap, @JsonProperty("isSubtle") boolean subtle, String size)
            implements Element {
        Footer(String text) {
            this("TextBlock", text, true, true, "small");
        }
    }

    record FactSet(String type, List<Fact> facts) implements Element {
        FactSet(List<Fact> facts) {
            this("FactSet", facts);
        }
    }

    record Fact(String title, String value) {
    }

    record OpenUrl(String type, String title, String url) {
        OpenUrl(String url) {
            this("Action.OpenUrl", "Open in Vigil", url);
        }
    }

    record Width(String width) {
        static final Width FULL = new Width("Full");
    }
}

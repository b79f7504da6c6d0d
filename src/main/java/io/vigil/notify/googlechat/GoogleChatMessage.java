package io.vigil.notify.googlechat;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** What a Google Chat incoming webhook takes: the notification {@code text} and one {@code cardsV2} card. */
record GoogleChatMessage(String text, List<CardWithId> cardsV2) {

    GoogleChatMessage(String text, Card card) {
        this(text, List.of(new CardWithId("vigil", card)));
    }

    record CardWithId(String cardId, Card card) {
    }

    /** A card of one section. */
    record Card(Header header, List<Section> sections) {
        Card(Header header, Section section) {
            this(header, List.of(section));
        }
    }

    record Header(String title, String subtitle) {
    }

    record Section(List<Widget> widgets) {
    }

    /** One widget: exactly one of its members is set, as in Chat's {@code Widget} union. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Widget(DecoratedText decoratedText, TextParagraph textParagraph, ButtonList buttonList) {
        static Widget decorated(String topLabel, String text) {
            return new Widget(new DecoratedText(topLabel, text, true), null, null);
        }

        static Widget paragraph(String text) {
            return new Widget(null, new TextParagraph(text), null);
        }

        static Widget button(String text, String url) {
            return new Widget(null, null, new ButtonList(List.of(new Button(text, new OnClick(new OpenLink(url))))));
        }
    }

    record DecoratedText(String topLabel, String text, boolean wrapText) {
    }

    record TextParagraph(String text) {
    }

    record ButtonList(List<Button> buttons) {
    }

    record Button(String text, OnClick onClick) {
    }

    record OnClick(OpenLink openLink) {
    }

    record OpenLink(String url) {
    }
}

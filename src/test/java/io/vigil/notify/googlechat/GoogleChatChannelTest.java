package io.vigil.notify.googlechat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.api.FieldError;
import io.vigil.core.CheckStatus;
import io.vigil.egress.OutboundRequest;
import io.vigil.notify.ChannelSettings;
import io.vigil.notify.HttpChannel;
import io.vigil.notify.Message;
import io.vigil.notify.Notification;
import io.vigil.notify.Samples;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The Google Chat webhook payload: {@code text} and one {@code cardsV2} card, and the thread parameters. */
class GoogleChatChannelTest {

    static final String URL = "https://chat.googleapis.com/v1/spaces/AAAAxyz/messages?key=AIzaKEY&token=TOK%3D";
    static final String CONSOLE = "https://vigil.example.com/console/checks/" + Samples.CHECK;

    final GoogleChatChannel channel = new GoogleChatChannel();

    JsonNode body(Message m) throws Exception {
        return HttpChannel.JSON.readTree(channel.request(ChannelSettings.of("url", URL), m).body());
    }

    static JsonNode widgets(JsonNode body) {
        return body.at("/cardsV2/0/card/sections/0/widgets");
    }

    static JsonNode widget(JsonNode body, String kind, int nth) {
        int seen = 0;
        for (JsonNode w : widgets(body)) {
            if (w.has(kind) && seen++ == nth) {
                return w.get(kind);
            }
        }
        throw new AssertionError("no " + kind + " #" + nth + " in " + body);
    }

    static Notification down(String name, String error) {
        Notification o = Samples.opened();
        return new Notification(Notification.INCIDENT_OPENED, Samples.STARTED, new Notification.Data(Samples.check(name),
                o.data().incident(), List.of("eu-west"), new Notification.ErrorRef("http", error), o.data().links(), CheckStatus.DOWN, null, null));
    }

    @Test
    void anOutageIsTextAndACardWithHeaderDetailsAndAButton() throws Exception {
        OutboundRequest r = channel.request(ChannelSettings.of("url", URL), Samples.single(Samples.opened()));
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.url()).hasToString(URL);
        assertThat(r.headers()).containsEntry("Content-Type", "application/json");
        JsonNode body = HttpChannel.JSON.readTree(r.body());

        assertThat(body.get("text").asText()).isEqualTo("🔴 Down: Checkout API");
        assertThat(body.get("cardsV2")).hasSize(1);
        assertThat(body.at("/cardsV2/0/cardId").asText()).isEqualTo("vigil");
        JsonNode card = body.at("/cardsV2/0/card");
        assertThat(card.at("/header/title").asText()).isEqualTo("🔴 Down: Checkout API");
        assertThat(card.at("/header/subtitle").asText()).isEqualTo("Vigil · 2026-11-21 10:00:00 UTC");

        JsonNode status = widget(body, "decoratedText", 0);
        assertThat(status.get("topLabel").asText()).isEqualTo("Status");
        assertThat(status.get("text").asText()).isEqualTo("<font color=\"#d92d20\"><b>down</b></font>");
        List<String> labels = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (JsonNode w : widgets(body)) {
            if (w.has("decoratedText")) {
                labels.add(w.at("/decoratedText/topLabel").asText());
                texts.add(w.at("/decoratedText/text").asText());
            }
        }
        assertThat(labels).containsExactly("Status", "Regions", "Error", "Since", "Target");
        assertThat(texts).contains("eu-west, us-east", "connect — connection refused", "https://shop.example.com/health");

        JsonNode button = widget(body, "buttonList", 0).at("/buttons/0");
        assertThat(button.get("text").asText()).isEqualTo("Open in Vigil");
        assertThat(button.at("/onClick/openLink/url").asText()).isEqualTo(CONSOLE);
    }

    @Test
    void theStatusColourFollowsTheSeverity() throws Exception {
        assertThat(widget(body(Samples.single(Samples.resolved())), "decoratedText", 0).get("text").asText())
                .isEqualTo("<font color=\"#12b76a\"><b>up</b></font>");
        assertThat(widget(body(Samples.single(Samples.degraded())), "decoratedText", 0).get("text").asText())
                .isEqualTo("<font color=\"#f79009\"><b>degraded</b></font>");
        assertThat(widget(body(Samples.single(Samples.test())), "decoratedText", 0).get("text").asText())
                .isEqualTo("<font color=\"#6172f3\"><b>test</b></font>");
    }

    @Test
    void freeTextIsAParagraph() throws Exception {
        JsonNode body = body(Samples.single(Samples.test()));
        assertThat(body.get("text").asText()).isEqualTo("🧪 Test notification from Vigil");
        assertThat(widget(body, "textParagraph", 0).get("text").asText()).isEqualTo("This is a test notification for channel \"ops\".");
    }

    @Test
    void aGroupedOutageListsEveryCheck() throws Exception {
        JsonNode body = body(Samples.groupedOutage());
        assertThat(body.get("text").asText()).isEqualTo("🔴 3 checks are down");
        assertThat(body.at("/cardsV2/0/card/header/title").asText()).isEqualTo("🔴 3 checks are down");
        assertThat(widget(body, "textParagraph", 0).get("text").asText()).isEqualTo(
                "• <b>Checkout API</b> — connect: connection refused<br>"
                        + "• <b>Search</b> — timeout: no answer within 5000 ms<br>"
                        + "• <b>Login</b> — http: status 502");
        assertThat(widget(body, "buttonList", 0).at("/buttons/0/onClick/openLink/url").asText()).isEqualTo(CONSOLE);

        List<Notification> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add(down("Check " + i, "status 502"));
        }
        String list = widget(body(new Message(UUID.randomUUID().toString(), many)), "textParagraph", 0).get("text").asText();
        assertThat(list.split("<br>")).hasSize(41);
        assertThat(list).endsWith("<br>… and 20 more");
    }

    @Test
    void userTextIsEscapedInCardsAndMentionsNobodyInText() throws Exception {
        Notification n = down("<users/all> & <b>bold</b>", "expected <200>");
        JsonNode body = body(Samples.single(n));
        assertThat(body.get("text").asText()).isEqualTo("🔴 Down: <\u200Busers/all> & <\u200Bb>bold<\u200B/b>");
        assertThat(body.get("text").asText()).doesNotContain("<users/all>");
        List<String> texts = new ArrayList<>();
        widgets(body).forEach(w -> {
            if (w.has("decoratedText")) {
                texts.add(w.at("/decoratedText/text").asText());
            }
        });
        assertThat(texts).contains("http — expected &lt;200&gt;");

        body = body(new Message("g", List.of(n, Samples.opened())));
        assertThat(widget(body, "textParagraph", 0).get("text").asText())
                .startsWith("• <b>&lt;users/all&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</b> — http: expected &lt;200&gt;<br>");
    }

    @Test
    void aThreadKeyIsAddedEncodedWithTheReplyOption() {
        OutboundRequest r = channel.request(ChannelSettings.of("url", URL, "threadKey", "vigil alerts/checkout&co"),
                Samples.single(Samples.opened()));
        assertThat(r.url()).hasToString(URL + "&threadKey=vigil%20alerts%2Fcheckout%26co"
                + "&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD");
        assertThat(r.url().getQuery()).contains("threadKey=vigil alerts/checkout&co");

        r = channel.request(ChannelSettings.of("url", URL + "&threadKey=old&messageReplyOption=REPLY_MESSAGE_OR_FAIL",
                "threadKey", "ops"), Samples.single(Samples.opened()));
        assertThat(r.url()).hasToString(URL + "&threadKey=ops&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD");
    }

    @Test
    void goodSettingsPass() {
        assertThat(errors(ChannelSettings.of("url", URL, "threadKey", "vigil"))).isEmpty();
    }

    @Test
    void eachBadSettingIsNamed() {
        assertThat(errors(ChannelSettings.of("url", "http://chat.googleapis.com/v1/spaces/A/messages?key=k&token=t"))).containsExactly("url");
        assertThat(errors(ChannelSettings.of("url", "https://example.com/v1/spaces/A/messages?key=k&token=t"))).containsExactly("url");
        assertThat(errors(ChannelSettings.of("url", "https://chat.googleapis.com/v1/spaces/A?key=k&token=t"))).containsExactly("url");
        assertThat(errors(ChannelSettings.of("url", "not a url"))).containsExactly("url");
        assertThat(errors(ChannelSettings.of("url", URL, "threadKey", "k".repeat(4001)))).containsExactly("threadKey");
    }

    private List<String> errors(ChannelSettings settings) {
        List<FieldError> errors = new ArrayList<>();
        channel.validate(settings, errors);
        return errors.stream().map(FieldError::field).toList();
    }
}

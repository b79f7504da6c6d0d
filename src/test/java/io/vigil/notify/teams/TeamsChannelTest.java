package io.vigil.notify.teams;

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

/** The Teams Workflows payload: the message envelope with one Adaptive Card 1.4 attachment. */
class TeamsChannelTest {

    static final String URL = "https://prod-42.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke"
            + "?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SECRET";
    static final String CONSOLE = "https://vigil.example.com/console/checks/" + Samples.CHECK;

    final TeamsChannel channel = new TeamsChannel();

    JsonNode card(Message m) throws Exception {
        JsonNode body = HttpChannel.JSON.readTree(channel.request(ChannelSettings.of("url", URL), m).body());
        return body.at("/attachments/0/content");
    }

    static JsonNode factSet(JsonNode card) {
        for (JsonNode b : card.get("body")) {
            if (b.get("type").asText().equals("FactSet")) {
                return b.get("facts");
            }
        }
        throw new AssertionError("no FactSet in " + card);
    }

    @Test
    void anOutageIsAnAdaptiveCardInTheMessageEnvelope() throws Exception {
        OutboundRequest r = channel.request(ChannelSettings.of("url", URL), Samples.single(Samples.opened()));
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.url()).hasToString(URL);
        assertThat(r.headers()).containsEntry("Content-Type", "application/json");
        JsonNode body = HttpChannel.JSON.readTree(r.body());
        assertThat(body.get("type").asText()).isEqualTo("message");
        assertThat(body.get("attachments")).hasSize(1);
        JsonNode attachment = body.get("attachments").get(0);
        assertThat(attachment.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(attachment.has("contentUrl")).isTrue();
        assertThat(attachment.get("contentUrl").isNull()).isTrue();

        JsonNode card = attachment.get("content");
        assertThat(card.get("$schema").asText()).isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
        assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.get("version").asText()).isEqualTo("1.4");

        JsonNode title = card.at("/body/0");
        assertThat(title.get("type").asText()).isEqualTo("TextBlock");
        assertThat(title.get("text").asText()).isEqualTo("🔴 Down: Checkout API");
        assertThat(title.get("weight").asText()).isEqualTo("bolder");
        assertThat(title.get("size").asText()).isEqualTo("medium");
        assertThat(title.get("color").asText()).isEqualTo("attention");
        assertThat(title.get("wrap").asBoolean()).isTrue();

        JsonNode facts = factSet(card);
        assertThat(facts).extracting(f -> f.get("title").asText()).containsExactly("Regions", "Error", "Since", "Target");
        assertThat(facts).extracting(f -> f.get("value").asText()).containsExactly("eu-west, us-east",
                "connect — connection refused", "2026-11-21 10:00:00 UTC", "https://shop.example.com/health");

        assertThat(card.get("actions")).hasSize(1);
        JsonNode action = card.at("/actions/0");
        assertThat(action.get("type").asText()).isEqualTo("Action.OpenUrl");
        assertThat(action.get("title").asText()).isEqualTo("Open in Vigil");
        assertThat(action.get("url").asText()).isEqualTo(CONSOLE);
    }

    @Test
    void theTitleColourFollowsTheSeverity() throws Exception {
        assertThat(card(Samples.single(Samples.resolved())).at("/body/0/color").asText()).isEqualTo("good");
        assertThat(card(Samples.single(Samples.degraded())).at("/body/0/color").asText()).isEqualTo("warning");
        assertThat(card(Samples.single(Samples.flapping())).at("/body/0/color").asText()).isEqualTo("warning");
        assertThat(card(Samples.single(Samples.heartbeatLate())).at("/body/0/color").asText()).isEqualTo("attention");
        assertThat(card(Samples.single(Samples.test())).at("/body/0/color").asText()).isEqualTo("accent");
    }

    @Test
    void freeTextIsATextBlockUnderTheTitle() throws Exception {
        JsonNode card = card(Samples.single(Samples.test()));
        assertThat(card.at("/body/1/type").asText()).isEqualTo("TextBlock");
        assertThat(card.at("/body/1/text").asText()).isEqualTo("This is a test notification for channel \"ops\".");
        assertThat(card.at("/body/1/wrap").asBoolean()).isTrue();
    }

    @Test
    void aGroupedOutageListsEveryCheckAsAFact() throws Exception {
        JsonNode card = card(Samples.groupedOutage());
        assertThat(card.at("/body/0/text").asText()).isEqualTo("🔴 3 checks are down");
        JsonNode facts = factSet(card);
        assertThat(facts).extracting(f -> f.get("title").asText()).containsExactly("Checkout API", "Search", "Login");
        assertThat(facts).extracting(f -> f.get("value").asText()).containsExactly("connect: connection refused",
                "timeout: no answer within 5000 ms", "http: status 502");
        assertThat(card.at("/actions/0/url").asText()).isEqualTo(CONSOLE);
    }

    @Test
    void longMessagesAndLongGroupsAreCut() throws Exception {
        Notification o = Samples.opened();
        Notification n = new Notification(Notification.INCIDENT_UPDATED, Samples.STARTED, new Notification.Data(o.data().check(),
                o.data().incident(), List.of(), null, o.data().links(), CheckStatus.DOWN, null, "M".repeat(10_000)));
        JsonNode card = card(Samples.single(n));
        assertThat(card.at("/body/1/text").asText()).hasSize(2000).endsWith("…");

        List<Notification> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(Samples.opened());
        }
        JsonNode facts = factSet(card(new Message(UUID.randomUUID().toString(), many)));
        assertThat(facts).hasSize(41);
        assertThat(facts.get(40).get("value").asText()).isEqualTo("and 60 more");
    }

    @Test
    void goodSettingsPass() {
        assertThat(errors(ChannelSettings.of("url", URL))).isEmpty();
        assertThat(errors(ChannelSettings.of("url", "https://contoso.webhook.office.com/webhookb2/abc/IncomingWebhook/def/ghi"))).isEmpty();
    }

    @Test
    void aBadUrlIsNamed() {
        assertThat(errors(ChannelSettings.of("url", "http://prod-42.westeurope.logic.azure.com/workflows/abc"))).containsExactly("url");
        assertThat(errors(ChannelSettings.of("url", "not a url"))).containsExactly("url");
        assertThat(errors(ChannelSettings.of("url", "ftp://example.com/x"))).containsExactly("url");
    }

    private List<String> errors(ChannelSettings settings) {
        List<FieldError> errors = new ArrayList<>();
        channel.validate(settings, errors);
        return errors.stream().map(FieldError::field).toList();
    }
}

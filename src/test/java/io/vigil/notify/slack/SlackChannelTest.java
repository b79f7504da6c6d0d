package io.vigil.notify.slack;

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

/** The Slack incoming-webhook payload against Block Kit's documented shape and limits. */
class SlackChannelTest {

    static final String URL = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";
    static final String CONSOLE = "https://vigil.example.com/console/checks/" + Samples.CHECK;

    final SlackChannel channel = new SlackChannel();

    static JsonNode body(OutboundRequest r) throws Exception {
        return HttpChannel.JSON.readTree(r.body());
    }

    static JsonNode block(JsonNode body, String type) {
        for (JsonNode b : body.get("blocks")) {
            if (b.get("type").asText().equals(type)) {
                return b;
            }
        }
        throw new AssertionError("no " + type + " block in " + body);
    }

    static List<String> mrkdwnTexts(JsonNode body) {
        List<String> texts = new ArrayList<>();
        texts.add(body.get("text").asText());
        body.findValues("text").forEach(t -> {
            if (t.isObject() && t.get("type").asText().equals("mrkdwn")) {
                texts.add(t.get("text").asText());
            }
        });
        for (JsonNode b : body.get("blocks")) {
            if (b.has("fields")) {
                b.get("fields").forEach(f -> texts.add(f.get("text").asText()));
            }
            if (b.get("type").asText().equals("context")) {
                b.get("elements").forEach(e -> texts.add(e.get("text").asText()));
            }
        }
        return texts;
    }

    static Notification down(String name, String error) {
        Notification o = Samples.opened();
        return new Notification(Notification.INCIDENT_OPENED, Samples.STARTED, new Notification.Data(Samples.check(name),
                o.data().incident(), List.of("eu-west"), new Notification.ErrorRef("http", error), o.data().links(), CheckStatus.DOWN, null, null));
    }

    @Test
    void anOutageIsAHeaderFactsAndAButtonToTheConsole() throws Exception {
        OutboundRequest r = channel.request(ChannelSettings.of("url", URL), Samples.single(Samples.opened()));
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.url()).hasToString(URL);
        assertThat(r.headers()).containsEntry("Content-Type", "application/json");
        JsonNode body = body(r);

        assertThat(body.get("text").asText()).startsWith("🔴 Down: Checkout API\n").contains("connection refused");
        JsonNode header = body.get("blocks").get(0);
        assertThat(header.get("type").asText()).isEqualTo("header");
        assertThat(header.at("/text/type").asText()).isEqualTo("plain_text");
        assertThat(header.at("/text/text").asText()).isEqualTo("🔴 Down: Checkout API");

        JsonNode fields = body.get("blocks").get(1).get("fields");
        assertThat(body.get("blocks").get(1).get("type").asText()).isEqualTo("section");
        assertThat(fields).allSatisfy(f -> assertThat(f.get("type").asText()).isEqualTo("mrkdwn"));
        assertThat(fields).extracting(f -> f.get("text").asText()).containsExactly(
                "*Regions*\neu-west, us-east", "*Error*\nconnect — connection refused",
                "*Since*\n2026-11-21 10:00:00 UTC", "*Target*\nhttps://shop.example.com/health");

        assertThat(block(body, "context").at("/elements/0/text").asText()).isEqualTo("Vigil · 2026-11-21 10:00:00 UTC");
        JsonNode button = block(body, "actions").get("elements").get(0);
        assertThat(button.get("type").asText()).isEqualTo("button");
        assertThat(button.at("/text/type").asText()).isEqualTo("plain_text");
        assertThat(button.at("/text/text").asText()).isEqualTo("Open in Vigil");
        assertThat(button.get("url").asText()).isEqualTo(CONSOLE);

        assertThat(body.has("channel")).isFalse();
        assertThat(body.has("username")).isFalse();
        assertThat(body.has("icon_emoji")).isFalse();
    }

    @Test
    void aTestOrAFlappingMessageHasItsFreeTextAsASection() throws Exception {
        JsonNode body = body(channel.request(ChannelSettings.of("url", URL), Samples.single(Samples.test())));
        assertThat(body.at("/blocks/0/text/text").asText()).isEqualTo("🧪 Test notification from Vigil");
        assertThat(body.at("/blocks/1/type").asText()).isEqualTo("section");
        assertThat(body.at("/blocks/1/text/text").asText()).isEqualTo("This is a test notification for channel \"ops\".");

        body = body(channel.request(ChannelSettings.of("url", URL), Samples.single(Samples.flapping())));
        assertThat(body.at("/blocks/0/text/text").asText()).isEqualTo("🔁 Flapping: Checkout API");
        assertThat(body.at("/blocks/1/text/text").asText()).startsWith("The check changed state");
        assertThat(body.at("/blocks/2/fields/0/text").asText()).isEqualTo("*Regions*\neu-west");
    }

    @Test
    void theOptionalOverridesAreSentUnderSlacksNames() throws Exception {
        JsonNode body = body(channel.request(ChannelSettings.of("url", URL, "channel", "#alerts", "username", "Vigil",
                "iconEmoji", ":rotating_light:"), Samples.single(Samples.resolved())));
        assertThat(body.get("channel").asText()).isEqualTo("#alerts");
        assertThat(body.get("username").asText()).isEqualTo("Vigil");
        assertThat(body.get("icon_emoji").asText()).isEqualTo(":rotating_light:");
        assertThat(body.at("/blocks/0/text/text").asText()).isEqualTo("✅ Resolved: Checkout API");
    }

    @Test
    void aGroupedOutageListsEveryCheck() throws Exception {
        JsonNode body = body(channel.request(ChannelSettings.of("url", URL), Samples.groupedOutage()));
        assertThat(body.at("/blocks/0/text/text").asText()).isEqualTo("🔴 3 checks are down");
        assertThat(body.at("/blocks/1/text/text").asText()).isEqualTo("""
                • *Checkout API* — connect: connection refused
                • *Search* — timeout: no answer within 5000 ms
                • *Login* — http: status 502""");
        assertThat(body.get("text").asText()).startsWith("🔴 3 checks are down").contains("Checkout API", "Search", "Login");
        assertThat(block(body, "actions").at("/elements/0/url").asText()).isEqualTo(CONSOLE);
    }

    @Test
    void userTextCannotFormLinksOrMentions() throws Exception {
        Notification n = down("<!channel> & <https://evil.example|Click>", "expected <200> & got <502>");
        JsonNode body = body(channel.request(ChannelSettings.of("url", URL), Samples.single(n)));
        for (String text : mrkdwnTexts(body)) {
            assertThat(text).doesNotContain("<", ">").doesNotContain("& ");
        }
        assertThat(body.get("text").asText()).contains("&lt;!channel&gt; &amp; &lt;https://evil.example|Click&gt;");
        assertThat(body.at("/blocks/1/fields/1/text").asText()).isEqualTo("*Error*\nhttp — expected &lt;200&gt; &amp; got &lt;502&gt;");
        // plain_text is not parsed by Slack: the header shows the name as it is
        assertThat(body.at("/blocks/0/text/text").asText()).isEqualTo("🔴 Down: <!channel> & <https://evil.example|Click>");

        body = body(channel.request(ChannelSettings.of("url", URL), new Message("g", List.of(n, Samples.opened()))));
        assertThat(body.at("/blocks/1/text/text").asText()).startsWith("• *&lt;!channel&gt; &amp; &lt;https://evil.example|Click&gt;*");
    }

    @Test
    void blockKitLimitsAreKept() throws Exception {
        Notification n = down("N".repeat(300), "x&".repeat(3000));
        JsonNode body = body(channel.request(ChannelSettings.of("url", URL), Samples.single(n)));
        String header = body.at("/blocks/0/text/text").asText();
        assertThat(header).hasSize(150).endsWith("…");
        for (JsonNode f : body.at("/blocks/1/fields")) {
            assertThat(f.get("text").asText().length()).isLessThanOrEqualTo(2000);
        }
        String error = body.at("/blocks/1/fields/1/text").asText();
        assertThat(error).endsWith("…").doesNotContain("&…").doesNotContain("&a…").doesNotContain("&am…");
        assertThat(body.get("text").asText().length()).isLessThanOrEqualTo(3000);

        List<Notification> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(down("Check number " + i, "connection refused by the host after a long wait"));
        }
        body = body(channel.request(ChannelSettings.of("url", URL), new Message(UUID.randomUUID().toString(), many)));
        String list = body.at("/blocks/1/text/text").asText();
        assertThat(list.length()).isLessThanOrEqualTo(3000);
        assertThat(list).startsWith("• *Check number 0*").containsPattern("\n… and \\d+ more$");
        int shown = list.split("\n").length - 1;
        assertThat(list).endsWith("… and " + (300 - shown) + " more");
        assertThat(body.get("blocks").size()).isLessThanOrEqualTo(50);
    }

    @Test
    void goodSettingsPassAndAreNormalized() {
        List<FieldError> errors = new ArrayList<>();
        ChannelSettings settings = ChannelSettings.of("url", URL, "channel", "#alerts", "username", "Vigil", "iconEmoji", "rotating_light");
        channel.validate(settings, errors);
        assertThat(errors).isEmpty();
        assertThat(settings.text("iconEmoji")).isEqualTo(":rotating_light:");

        channel.validate(ChannelSettings.of("url", "https://hooks.slack-gov.com/services/T0/B0/X"), errors);
        assertThat(errors).isEmpty();
    }

    @Test
    void eachBadSettingIsNamed() {
        assertThat(errors(ChannelSettings.of("url", "http://hooks.slack.com/services/T0/B0/X"))).containsExactly("url");
        assertThat(errors(ChannelSettings.of("url", "https://example.com/services/T0/B0/X"))).containsExactly("url");
        assertThat(errors(ChannelSettings.of("url", "https://hooks.slack.com/workflows/T0/A0/1/X"))).containsExactly("url");
        assertThat(errors(ChannelSettings.of("url", "not a url"))).containsExactly("url");
        assertThat(errors(ChannelSettings.of("url", URL, "channel", "my alerts"))).containsExactly("channel");
        assertThat(errors(ChannelSettings.of("url", URL, "username", "u".repeat(81)))).containsExactly("username");
        assertThat(errors(ChannelSettings.of("url", URL, "iconEmoji", "not an emoji!"))).containsExactly("iconEmoji");
    }

    private List<String> errors(ChannelSettings settings) {
        List<FieldError> errors = new ArrayList<>();
        channel.validate(settings, errors);
        return errors.stream().map(FieldError::field).toList();
    }
}

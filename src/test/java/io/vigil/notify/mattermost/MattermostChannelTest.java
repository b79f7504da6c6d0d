package io.vigil.notify.mattermost;

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

/** The Mattermost incoming-webhook payload: markdown text and one Slack-compatible message attachment. */
class MattermostChannelTest {

    static final String URL = "https://chat.example.com/hooks/xxx-generatedkey-xxx";
    static final String CONSOLE = "https://vigil.example.com/console/checks/" + Samples.CHECK;

    final MattermostChannel channel = new MattermostChannel();

    JsonNode body(ChannelSettings settings, Message m) throws Exception {
        return HttpChannel.JSON.readTree(channel.request(settings, m).body());
    }

    JsonNode attachment(Message m) throws Exception {
        JsonNode body = body(ChannelSettings.of("url", URL), m);
        assertThat(body.get("attachments")).hasSize(1);
        return body.get("attachments").get(0);
    }

    static Notification down(String name, String error) {
        Notification o = Samples.opened();
        return new Notification(Notification.INCIDENT_OPENED, Samples.STARTED, new Notification.Data(Samples.check(name),
                o.data().incident(), List.of("eu-west"), new Notification.ErrorRef("http", error), o.data().links(), CheckStatus.DOWN, null, null));
    }

    @Test
    void anOutageIsATitleAndAColouredAttachmentWithFields() throws Exception {
        OutboundRequest r = channel.request(ChannelSettings.of("url", URL), Samples.single(Samples.opened()));
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.url()).hasToString(URL);
        assertThat(r.headers()).containsEntry("Content-Type", "application/json");
        JsonNode body = HttpChannel.JSON.readTree(r.body());
        assertThat(body.get("text").asText()).isEqualTo("#### 🔴 Down: Checkout API");
        assertThat(body.has("username")).isFalse();
        assertThat(body.has("channel")).isFalse();
        assertThat(body.has("icon_url")).isFalse();

        JsonNode a = body.at("/attachments/0");
        assertThat(a.get("fallback").asText()).startsWith("🔴 Down: Checkout API\n").contains("connection refused");
        assertThat(a.get("color").asText()).isEqualTo("#d92d20");
        assertThat(a.get("title").asText()).isEqualTo("Checkout API");
        assertThat(a.get("title_link").asText()).isEqualTo(CONSOLE);
        JsonNode fields = a.get("fields");
        assertThat(fields).extracting(f -> f.get("title").asText()).containsExactly("Regions", "Error", "Since", "Target");
        assertThat(fields).extracting(f -> f.get("value").asText()).containsExactly("eu-west, us-east",
                "connect — connection refused", "2026-11-21 10:00:00 UTC", "https://shop.example.com/health");
        assertThat(fields).extracting(f -> f.get("short").asBoolean()).containsExactly(true, false, true, false);
        assertThat(a.get("footer").asText()).isEqualTo("Vigil · 2026-11-21 10:00:00 UTC");
    }

    @Test
    void theColourFollowsTheSeverity() throws Exception {
        assertThat(attachment(Samples.single(Samples.resolved())).get("color").asText()).isEqualTo("#12b76a");
        assertThat(attachment(Samples.single(Samples.degraded())).get("color").asText()).isEqualTo("#f79009");
        assertThat(attachment(Samples.single(Samples.flapping())).get("color").asText()).isEqualTo("#f79009");
        assertThat(attachment(Samples.single(Samples.test())).get("color").asText()).isEqualTo("#6172f3");
    }

    @Test
    void freeTextIsTheAttachmentText() throws Exception {
        JsonNode a = attachment(Samples.single(Samples.test()));
        assertThat(a.get("title").asText()).isEqualTo("🧪 Test notification from Vigil");
        assertThat(a.get("text").asText()).isEqualTo("This is a test notification for channel \"ops\".");
        assertThat(a.has("fields")).isFalse();
    }

    @Test
    void theOverridesAreSentUnderMattermostsNames() throws Exception {
        JsonNode body = body(ChannelSettings.of("url", URL, "channel", "ops-alerts", "username", "Vigil",
                "iconUrl", "https://vigil.example.com/logo.png"), Samples.single(Samples.opened()));
        assertThat(body.get("channel").asText()).isEqualTo("ops-alerts");
        assertThat(body.get("username").asText()).isEqualTo("Vigil");
        assertThat(body.get("icon_url").asText()).isEqualTo("https://vigil.example.com/logo.png");
    }

    @Test
    void aGroupedOutageListsEveryCheck() throws Exception {
        JsonNode body = body(ChannelSettings.of("url", URL), Samples.groupedOutage());
        assertThat(body.get("text").asText()).isEqualTo("#### 🔴 3 checks are down");
        JsonNode a = body.at("/attachments/0");
        assertThat(a.get("text").asText()).isEqualTo("""
                - **Checkout API** — connect: connection refused
                - **Search** — timeout: no answer within 5000 ms
                - **Login** — http: status 502""");
        assertThat(a.get("fallback").asText()).contains("Checkout API", "Search", "Login");
        assertThat(a.get("title_link").asText()).isEqualTo(CONSOLE);

        List<Notification> many = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            many.add(down("Check number " + i, "connection refused"));
        }
        String text = attachment(new Message(UUID.randomUUID().toString(), many)).get("text").asText();
        assertThat(text.length()).isLessThanOrEqualTo(MattermostChannel.TEXT_MAX);
        int shown = text.split("\n").length - 1;
        assertThat(text).endsWith("\n… and " + (400 - shown) + " more");
    }

    @Test
    void userTextMentionsNobody() throws Exception {
        Notification n = down("@channel API", "@all @here: mail ops@example.com");
        JsonNode body = body(ChannelSettings.of("url", URL), Samples.single(n));
        assertThat(body.get("text").asText()).isEqualTo("#### 🔴 Down: @\u200Bchannel API");
        assertThat(body.at("/attachments/0/title").asText()).isEqualTo("@\u200Bchannel API");
        assertThat(body.at("/attachments/0/fields/1/value").asText())
                .isEqualTo("http — @\u200Ball @\u200Bhere: mail ops@example.com");
        assertThat(body.toString()).doesNotContain("@channel", "@all", "@here");

        body = body(ChannelSettings.of("url", URL), new Message("g", List.of(n, Samples.opened())));
        assertThat(body.at("/attachments/0/text").asText()).startsWith("- **@\u200Bchannel API** — http: @\u200Ball");
    }

    @Test
    void goodSettingsPass() {
        assertThat(errors(ChannelSettings.of("url", URL, "channel", "town-square", "username", "Vigil",
                "iconUrl", "https://vigil.example.com/logo.png"))).isEmpty();
        assertThat(errors(ChannelSettings.of("url", "http://mattermost.internal:8065/hooks/abc", "channel", "@alice"))).isEmpty();
    }

    @Test
    void eachBadSettingIsNamed() {
        assertThat(errors(ChannelSettings.of("url", "ftp://chat.example.com/hooks/abc"))).containsExactly("url");
        assertThat(errors(ChannelSettings.of("url", "not a url"))).containsExactly("url");
        assertThat(errors(ChannelSettings.of("url", URL, "channel", "Town Square"))).containsExactly("channel");
        assertThat(errors(ChannelSettings.of("url", URL, "username", "u".repeat(65)))).containsExactly("username");
        assertThat(errors(ChannelSettings.of("url", URL, "iconUrl", "logo.png"))).containsExactly("iconUrl");
    }

    private List<String> errors(ChannelSettings settings) {
        List<FieldError> errors = new ArrayList<>();
        channel.validate(settings, errors);
        return errors.stream().map(FieldError::field).toList();
    }
}

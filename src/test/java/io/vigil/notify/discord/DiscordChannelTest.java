package io.vigil.notify.discord;

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

/** The Discord execute-webhook payload against the documented embed object and its limits. */
class DiscordChannelTest {

    static final String URL = "https://discord.com/api/webhooks/1234567890123456789/AbCdEf-GhIj_KlMnOp";
    static final String CONSOLE = "https://vigil.example.com/console/checks/" + Samples.CHECK;

    final DiscordChannel channel = new DiscordChannel();

    static JsonNode body(OutboundRequest r) throws Exception {
        return HttpChannel.JSON.readTree(r.body());
    }

    JsonNode embed(Message m) throws Exception {
        JsonNode body = body(channel.request(ChannelSettings.of("url", URL), m));
        assertThat(body.get("embeds")).hasSize(1);
        return body.get("embeds").get(0);
    }

    static Notification down(String name, String error, String message) {
        Notification o = Samples.opened();
        return new Notification(Notification.INCIDENT_OPENED, Samples.STARTED, new Notification.Data(Samples.check(name),
                o.data().incident(), List.of("eu-west"), new Notification.ErrorRef("http", error), o.data().links(), CheckStatus.DOWN, null, message));
    }

    @Test
    void anOutageIsOneRedEmbedWithFieldsAndTheConsoleLink() throws Exception {
        OutboundRequest r = channel.request(ChannelSettings.of("url", URL), Samples.single(Samples.opened()));
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.url()).hasToString(URL + "?wait=true");
        assertThat(r.headers()).containsEntry("Content-Type", "application/json");
        JsonNode body = body(r);
        assertThat(body.has("content")).isFalse();
        assertThat(body.has("username")).isFalse();
        assertThat(body.at("/allowed_mentions/parse").isArray()).isTrue();
        assertThat(body.at("/allowed_mentions/parse")).isEmpty();

        JsonNode embed = body.get("embeds").get(0);
        assertThat(embed.get("title").asText()).isEqualTo("🔴 Down: Checkout API");
        assertThat(embed.get("url").asText()).isEqualTo(CONSOLE);
        assertThat(embed.get("color").isInt()).isTrue();
        assertThat(embed.get("color").asInt()).isEqualTo(0xd92d20);
        assertThat(embed.get("timestamp").asText()).isEqualTo("2026-11-21T10:00:00Z");
        assertThat(embed.at("/footer/text").asText()).isEqualTo("Vigil");
        JsonNode fields = embed.get("fields");
        assertThat(fields).extracting(f -> f.get("name").asText()).containsExactly("Regions", "Error", "Since", "Target");
        assertThat(fields).extracting(f -> f.get("value").asText()).containsExactly("eu-west, us-east",
                "connect — connection refused", "2026-11-21 10:00:00 UTC", "https://shop.example.com/health");
        assertThat(fields).extracting(f -> f.get("inline").asBoolean()).containsExactly(true, false, true, false);
    }

    @Test
    void theColourFollowsTheSeverity() throws Exception {
        assertThat(embed(Samples.single(Samples.resolved())).get("color").asInt()).isEqualTo(0x12b76a);
        assertThat(embed(Samples.single(Samples.degraded())).get("color").asInt()).isEqualTo(0xf79009);
        assertThat(embed(Samples.single(Samples.flapping())).get("color").asInt()).isEqualTo(0xf79009);
        assertThat(embed(Samples.single(Samples.heartbeatLate())).get("color").asInt()).isEqualTo(0xd92d20);
        assertThat(embed(Samples.single(Samples.test())).get("color").asInt()).isEqualTo(0x6172f3);
    }

    @Test
    void freeTextIsTheDescription() throws Exception {
        JsonNode embed = embed(Samples.single(Samples.test()));
        assertThat(embed.get("title").asText()).isEqualTo("🧪 Test notification from Vigil");
        assertThat(embed.get("description").asText()).isEqualTo("This is a test notification for channel \"ops\".");
        assertThat(embed.has("fields")).isFalse();
    }

    @Test
    void aGroupedOutageListsEveryCheck() throws Exception {
        JsonNode embed = embed(Samples.groupedOutage());
        assertThat(embed.get("title").asText()).isEqualTo("🔴 3 checks are down");
        assertThat(embed.get("description").asText()).isEqualTo("""
                • **Checkout API** — connect: connection refused
                • **Search** — timeout: no answer within 5000 ms
                • **Login** — http: status 502""");
        assertThat(embed.get("url").asText()).isEqualTo(CONSOLE);
    }

    @Test
    void userTextMentionsNobody() throws Exception {
        Notification n = down("@everyone look", "@here it broke", "ping @everyone and @here");
        OutboundRequest r = channel.request(ChannelSettings.of("url", URL), Samples.single(n));
        JsonNode embed = body(r).get("embeds").get(0);
        assertThat(embed.get("title").asText()).isEqualTo("🔴 Down: @\u200Beveryone look");
        assertThat(embed.get("description").asText()).isEqualTo("ping @\u200Beveryone and @\u200Bhere");
        assertThat(embed.at("/fields/1/value").asText()).isEqualTo("http — @\u200Bhere it broke");
        assertThat(HttpChannel.JSON.readTree(r.body()).toString()).doesNotContain("@everyone", "@here");

        JsonNode grouped = embed(new Message("g", List.of(n, Samples.opened())));
        assertThat(grouped.get("description").asText()).startsWith("• **@\u200Beveryone look** — http: @\u200Bhere it broke");
    }

    @Test
    void embedLimitsAreKept() throws Exception {
        Notification o = Samples.opened();
        Notification big = new Notification(Notification.INCIDENT_OPENED, Samples.STARTED, new Notification.Data(
                new Notification.CheckRef(Samples.CHECK, "N".repeat(300), "https://shop.example.com/" + "p".repeat(3000), "http"),
                o.data().incident(), java.util.Collections.nCopies(500, "eu-west"), new Notification.ErrorRef("http", "E".repeat(5000)),
                o.data().links(), CheckStatus.DOWN, null, "M".repeat(10_000)));
        JsonNode embed = embed(Samples.single(big));
        assertThat(embed.get("title").asText()).hasSize(256).endsWith("…");
        assertThat(embed.get("description").asText().length()).isLessThanOrEqualTo(4096).isGreaterThanOrEqualTo(1000);
        assertThat(embed.get("fields").size()).isLessThanOrEqualTo(25);
        int total = embed.get("title").asText().length() + embed.get("description").asText().length()
                + embed.at("/footer/text").asText().length();
        for (JsonNode f : embed.get("fields")) {
            assertThat(f.get("name").asText().length()).isLessThanOrEqualTo(256);
            assertThat(f.get("value").asText().length()).isLessThanOrEqualTo(1024);
            total += f.get("name").asText().length() + f.get("value").asText().length();
        }
        assertThat(embed.at("/fields/0/value").asText()).endsWith("…");
        assertThat(embed.at("/fields/1/value").asText()).endsWith("…");
        assertThat(embed.at("/fields/3/value").asText()).endsWith("…");
        assertThat(embed.get("description").asText()).endsWith("…");
        assertThat(total).isLessThanOrEqualTo(6000);

        List<Notification> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(down("Check number " + i, "connection refused", null));
        }
        embed = embed(new Message(UUID.randomUUID().toString(), many));
        String description = embed.get("description").asText();
        assertThat(description.length()).isLessThanOrEqualTo(4096);
        int shown = description.split("\n").length - 1;
        assertThat(description).startsWith("• **Check number 0**").endsWith("\n… and " + (500 - shown) + " more");
    }

    @Test
    void waitIsAddedAndAThreadIsKept() throws Exception {
        OutboundRequest r = channel.request(ChannelSettings.of("url", URL + "?thread_id=42"), Samples.single(Samples.opened()));
        assertThat(r.url()).hasToString(URL + "?thread_id=42&wait=true");
        r = channel.request(ChannelSettings.of("url", URL + "?wait=false"), Samples.single(Samples.opened()));
        assertThat(r.url()).hasToString(URL + "?wait=false");
    }

    @Test
    void usernameAndAvatarAreSentUnderDiscordsNames() throws Exception {
        JsonNode body = body(channel.request(ChannelSettings.of("url", URL, "username", "Vigil",
                "avatarUrl", "https://vigil.example.com/logo.png"), Samples.single(Samples.opened())));
        assertThat(body.get("username").asText()).isEqualTo("Vigil");
        assertThat(body.get("avatar_url").asText()).isEqualTo("https://vigil.example.com/logo.png");
    }

    @Test
    void goodSettingsPass() {
        for (String url : List.of(URL, "https://discordapp.com/api/webhooks/1/abc", "https://discord.com/api/v10/webhooks/1/abc",
                "https://canary.discord.com/api/webhooks/1/abc?thread_id=7")) {
            assertThat(errors(ChannelSettings.of("url", url, "username", "Vigil alerts",
                    "avatarUrl", "https://vigil.example.com/logo.png"))).as(url).isEmpty();
        }
    }

    @Test
    void eachBadSettingIsNamed() {
        assertThat(errors(ChannelSettings.of("url", "http://discord.com/api/webhooks/1/abc"))).containsExactly("url");
        assertThat(errors(ChannelSettings.of("url", "https://example.com/api/webhooks/1/abc"))).containsExactly("url");
        assertThat(errors(ChannelSettings.of("url", "https://discord.com/api/webhooks/1/abc/slack"))).containsExactly("url");
        assertThat(errors(ChannelSettings.of("url", "https://discord.com/channels/1/2"))).containsExactly("url");
        assertThat(errors(ChannelSettings.of("url", URL, "username", "Discord bot"))).containsExactly("username");
        assertThat(errors(ChannelSettings.of("url", URL, "username", "x".repeat(81)))).containsExactly("username");
        assertThat(errors(ChannelSettings.of("url", URL, "avatarUrl", "ftp://example.com/a.png"))).containsExactly("avatarUrl");
        assertThat(errors(ChannelSettings.of("url", URL, "avatarUrl", "http://example.com/a.png"))).containsExactly("avatarUrl");
    }

    private List<String> errors(ChannelSettings settings) {
        List<FieldError> errors = new ArrayList<>();
        channel.validate(settings, errors);
        return errors.stream().map(FieldError::field).toList();
    }
}

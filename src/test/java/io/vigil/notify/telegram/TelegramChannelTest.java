package io.vigil.notify.telegram;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The Bot API sendMessage request: URL with the token, HTML text escaped and within 4096 characters. */
class TelegramChannelTest {

    static final String TOKEN = "123456789:AAEhBP0av28jH8yUGbRk-3vNbLaWX_Zxyz0";
    static final String CONSOLE = "https://vigil.example.com/console/checks/" + Samples.CHECK;
    static final Pattern TAG = Pattern.compile("<[^>]*>");

    final TelegramChannel channel = new TelegramChannel();

    JsonNode body(ChannelSettings settings, Message m) throws Exception {
        return HttpChannel.JSON.readTree(channel.request(settings, m).body());
    }

    String text(Message m) throws Exception {
        return body(ChannelSettings.of("botToken", TOKEN, "chatId", "-1001234567890"), m).get("text").asText();
    }

    /** What Telegram shows and counts: the text after entity parsing. */
    static String visible(String html) {
        return TAG.matcher(html).replaceAll("").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }

    /** Only the tags Vigil writes, each closed. */
    static void assertOnlyOwnTags(String html) {
        Matcher m = TAG.matcher(html);
        int open = 0;
        while (m.find()) {
            String tag = m.group();
            assertThat(tag).matches("<b>|</b>|</a>|<a href=\"[^\"<>]*\">");
            open += tag.startsWith("</") ? -1 : 1;
        }
        assertThat(open).isZero();
        // every & starts an entity
        assertThat(html.replaceAll("&(amp|lt|gt|quot);", "")).doesNotContain("&");
    }

    static Notification down(String name, String error, String message) {
        Notification o = Samples.opened();
        return new Notification(Notification.INCIDENT_OPENED, Samples.STARTED, new Notification.Data(Samples.check(name),
                o.data().incident(), List.of("eu-west"), new Notification.ErrorRef("http", error), o.data().links(), CheckStatus.DOWN, null, message));
    }

    @Test
    void anOutageIsAnHtmlSendMessage() throws Exception {
        OutboundRequest r = channel.request(ChannelSettings.of("botToken", TOKEN, "chatId", "-1001234567890"),
                Samples.single(Samples.opened()));
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.url()).hasToString("https://api.telegram.org/bot" + TOKEN + "/sendMessage");
        assertThat(r.headers()).containsEntry("Content-Type", "application/json");
        JsonNode body = HttpChannel.JSON.readTree(r.body());
        assertThat(body.get("chat_id").isIntegralNumber()).isTrue();
        assertThat(body.get("chat_id").asLong()).isEqualTo(-1001234567890L);
        assertThat(body.get("parse_mode").asText()).isEqualTo("HTML");
        assertThat(body.get("disable_web_page_preview").asBoolean()).isTrue();
        assertThat(body.get("text").asText()).isEqualTo("""
                <b>🔴 Down: Checkout API</b>
                <b>Regions:</b> eu-west, us-east
                <b>Error:</b> connect — connection refused
                <b>Since:</b> 2026-11-21 10:00:00 UTC
                <b>Target:</b> https://shop.example.com/health

                <a href="%s">Open in Vigil</a>""".formatted(CONSOLE));
    }

    @Test
    void aPublicChannelIsAStringChatId() throws Exception {
        JsonNode body = body(ChannelSettings.of("botToken", TOKEN, "chatId", "@vigil_alerts"), Samples.single(Samples.resolved()));
        assertThat(body.get("chat_id").isTextual()).isTrue();
        assertThat(body.get("chat_id").asText()).isEqualTo("@vigil_alerts");
        assertThat(body.get("text").asText()).startsWith("<b>✅ Resolved: Checkout API</b>\n").contains("<b>Resolved:</b> 2026-11-21 10:12:30 UTC");
    }

    @Test
    void aSelfHostedBotApiServerIsUsedWhenSet() {
        OutboundRequest r = channel.request(ChannelSettings.of("botToken", TOKEN, "chatId", "42", "apiUrl", "http://localhost:8081/"),
                Samples.single(Samples.opened()));
        assertThat(r.url()).hasToString("http://localhost:8081/bot" + TOKEN + "/sendMessage");
    }

    @Test
    void freeTextComesUnderTheTitle() throws Exception {
        assertThat(text(Samples.single(Samples.test()))).isEqualTo("""
                <b>🧪 Test notification from Vigil</b>
                This is a test notification for channel "ops".

                <a href="%s">Open in Vigil</a>""".formatted(CONSOLE));
    }

    @Test
    void aGroupedOutageListsEveryCheck() throws Exception {
        assertThat(text(Samples.groupedOutage())).isEqualTo("""
                <b>🔴 3 checks are down</b>
                • Checkout API — connect: connection refused
                • Search — timeout: no answer within 5000 ms
                • Login — http: status 502

                <a href="%s">Open in Vigil</a>""".formatted(CONSOLE));
    }

    @Test
    void userTextIsHtmlEscaped() throws Exception {
        Notification n = down("<script>alert(1)</script> & co", "expected <b>200</b>", "a \"quoted\" <i>message</i>");
        String text = text(Samples.single(n));
        assertOnlyOwnTags(text);
        assertThat(text).startsWith("<b>🔴 Down: &lt;script&gt;alert(1)&lt;/script&gt; &amp; co</b>\n")
                .contains("\na \"quoted\" &lt;i&gt;message&lt;/i&gt;\n")
                .contains("<b>Error:</b> http — expected &lt;b&gt;200&lt;/b&gt;");

        text = text(new Message("g", List.of(n, Samples.opened())));
        assertOnlyOwnTags(text);
        assertThat(text).contains("\n• &lt;script&gt;alert(1)&lt;/script&gt; &amp; co — http: expected &lt;b&gt;200&lt;/b&gt;\n");
    }

    @Test
    void theTextStaysWithin4096CharactersWithoutBreakingMarkup() throws Exception {
        String text = text(Samples.single(down("Checkout API", "<&>".repeat(2000), "M&".repeat(5000))));
        assertOnlyOwnTags(text);
        assertThat(visible(text).length()).isLessThanOrEqualTo(4096);
        assertThat(text).endsWith("<a href=\"" + CONSOLE + "\">Open in Vigil</a>");

        List<Notification> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(down("Check <" + i + ">", "connection refused", null));
        }
        text = text(new Message(UUID.randomUUID().toString(), many));
        assertOnlyOwnTags(text);
        String shown = visible(text);
        assertThat(shown.length()).isLessThanOrEqualTo(4096).isGreaterThan(3900);
        int listed = (int) shown.lines().filter(l -> l.startsWith("• ")).count();
        assertThat(shown).contains("\n… and " + (1000 - listed) + " more\n\nOpen in Vigil");
        assertThat(text).contains("• Check &lt;0&gt; — http: connection refused");
    }

    @Test
    void goodSettingsPassAndAreNormalized() {
        List<FieldError> errors = new ArrayList<>();
        ChannelSettings settings = ChannelSettings.of("botToken", " " + TOKEN + " ", "chatId", "-1001234567890",
                "apiUrl", "https://bots.example.com/");
        channel.validate(settings, errors);
        assertThat(errors).isEmpty();
        assertThat(settings.text("botToken")).isEqualTo(TOKEN);
        assertThat(settings.text("apiUrl")).isEqualTo("https://bots.example.com");
        assertThat(errors(ChannelSettings.of("botToken", TOKEN, "chatId", "@vigil_alerts"))).isEmpty();
        assertThat(errors(ChannelSettings.of("botToken", TOKEN, "chatId", "123456789"))).isEmpty();
    }

    @Test
    void eachBadSettingIsNamed() {
        assertThat(errors(ChannelSettings.of("botToken", "123:short", "chatId", "42"))).containsExactly("botToken");
        assertThat(errors(ChannelSettings.of("botToken", "bot" + TOKEN, "chatId", "42"))).containsExactly("botToken");
        assertThat(errors(ChannelSettings.of("botToken", TOKEN, "chatId", "my channel"))).containsExactly("chatId");
        assertThat(errors(ChannelSettings.of("botToken", TOKEN, "chatId", "@ab"))).containsExactly("chatId");
        assertThat(errors(ChannelSettings.of("botToken", TOKEN, "chatId", "42", "apiUrl", "ftp://bots.example.com"))).containsExactly("apiUrl");
        assertThat(errors(ChannelSettings.of("botToken", TOKEN, "chatId", "42", "apiUrl", "https://bots.example.com/?x=1"))).containsExactly("apiUrl");
    }

    private List<String> errors(ChannelSettings settings) {
        List<FieldError> errors = new ArrayList<>();
        channel.validate(settings, errors);
        return errors.stream().map(FieldError::field).toList();
    }
}

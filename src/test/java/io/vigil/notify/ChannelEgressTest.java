package io.vigil.notify;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vigil.testing.Api;
import io.vigil.testing.PostgresResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Channel endpoints are checked against the egress policy when a channel is saved, not only when it sends. The test
 * profile allows 127.0.0.0/8 and ::1 (the receiver); everything else non-public stays blocked.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ChannelEgressTest extends NotifyTestBase {

    private static Map<String, Object> channel(String type, Object... settings) {
        Map<String, Object> body = new HashMap<>(Map.of("type", type, "name", type + " egress"));
        for (int i = 0; i < settings.length; i += 2) {
            body.put((String) settings[i], settings[i + 1]);
        }
        return body;
    }

    private ValidatableResponse refused(Map<String, Object> body, String field) {
        return Api.as(token).body(body).post("/api/v1/channels").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo(field));
    }

    @ParameterizedTest(name = "webhook to {0} refused on save")
    @ValueSource(strings = {"http://10.0.0.1/hook", "http://169.254.169.254/latest/meta-data/", "http://192.0.2.1/hook",
            "http://198.51.100.7/hook", "https://203.0.113.9/hook", "http://100.64.0.1/hook", "http://[::ffff:10.0.0.1]/hook",
            "http://[64:ff9b::a9fe:a9fe]/hook", "http://[2001:db8::1]/hook", "http://0.0.0.0/hook"})
    void webhookToABlockedAddressIsRefused(String url) {
        refused(channel("webhook", "url", url), "url").body("errors[0].message", containsString("egress policy"));
    }

    @ParameterizedTest(name = "webhook to {0} refused for its spelling")
    @ValueSource(strings = {"http://0177.0.0.1/hook", "http://010.0.0.1/hook", "http://0x7f.1/hook", "http://127.1/hook",
            "http://2130706433/hook", "http://127.0.0.1./hook"})
    void ambiguousSpellingsOfAllowedAddressesAreRefused(String url) {
        refused(channel("webhook", "url", url), "url").body("errors[0].message", containsString("ambiguous IPv4 address"));
    }

    @Test
    void everyChannelThatPostsToAUrlIsChecked() {
        refused(channel("slack", "url", "https://0177.0.0.1/services/T0/B0/x"), "url");
        refused(channel("mattermost", "url", "https://192.0.2.5/hooks/abc"), "url");
        refused(channel("ntfy", "url", "https://10.1.2.3/alerts"), "url");
        refused(channel("template", "url", "http://169.254.169.254/", "body", "Vigil says hello",
                "contentType", "text/plain"), "url");
        refused(channel("pagerduty", "routingKey", "R0123456789ABCDEF0123456789ABCDE", "apiUrl",
                "https://192.0.2.10/v2/enqueue"), "apiUrl");
        refused(channel("telegram", "botToken", "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "chatId", "-1001234567890", "apiUrl", "http://10.0.0.9"), "apiUrl");
        refused(channel("opsgenie", "apiKey", "3f2a9c4e-1b7d-4e8a-9c2f-6d5e4b3a2c1d", "apiUrl", "https://[fd00::1]"), "apiUrl");
    }

    @Test
    void allowListedAndPublicEndpointsAreAccepted() {
        Api.as(token).body(channel("webhook", "url", receiver.url("/hook"))).post("/api/v1/channels").then().statusCode(201);
        Api.as(token).body(channel("webhook", "url", receiver.url("/hook").replace("127.0.0.1", "localhost")))
                .post("/api/v1/channels").then().statusCode(201);
        Api.as(token).body(channel("webhook", "url", "https://hooks.example.com/vigil")).post("/api/v1/channels").then()
                .statusCode(201);
    }

    @Test
    void urlsTheReceivingServiceFetchesAreNotVigilsEgress() {
        // Discord fetches the avatar itself; Vigil never connects to it.
        Api.as(token).body(channel("discord", "url", "https://discord.com/api/webhooks/1/abc", "avatarUrl",
                "https://10.0.0.1/avatar.png")).post("/api/v1/channels").then().statusCode(201);
    }

    @Test
    void replacingAChannelChecksItsNewUrl() {
        Map<String, Object> body = channel("webhook", "url", receiver.url("/hook"));
        String id = channel(body);
        body.put("url", "http://192.0.2.1/hook");
        Api.as(token).body(body).put("/api/v1/channels/" + id).then().statusCode(400)
                .body("errors[0].field", equalTo("url")).body("errors[0].message", containsString("documentation"));
        Api.as(token).get("/api/v1/channels/" + id).then().statusCode(200).body("url", equalTo(receiver.url("/hook")));
    }
}

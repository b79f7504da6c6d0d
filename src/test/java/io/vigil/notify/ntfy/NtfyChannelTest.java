package io.vigil.notify.ntfy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.api.FieldError;
import io.vigil.egress.OutboundRequest;
import io.vigil.notify.ChannelSettings;
import io.vigil.notify.HttpChannel;
import io.vigil.notify.Notification;
import io.vigil.notify.Samples;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests against ntfy's documented JSON publishing. */
class NtfyChannelTest {

    final NtfyChannel channel = new NtfyChannel();

    static JsonNode body(OutboundRequest r) throws Exception {
        return HttpChannel.JSON.readTree(r.body());
    }

    static List<String> fields(JsonNode node) {
        List<String> fields = new ArrayList<>();
        node.fieldNames().forEachRemaining(fields::add);
        return fields;
    }

    @Test
    void anOutageIsPublishedAsJsonToTheServerRoot() throws Exception {
        OutboundRequest r = channel.request(ChannelSettings.of("url", "https://ntfy.sh/vigil-alerts"),
                Samples.single(Samples.opened()));

        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.url()).hasToString("https://ntfy.sh/");
        assertThat(r.headers()).containsEntry("Content-Type", "application/json").doesNotContainKey("Authorization");
        JsonNode b = body(r);
        assertThat(fields(b)).containsExactly("topic", "title", "message", "priority", "tags", "click", "actions");
        assertThat(b.path("topic").asText()).isEqualTo("vigil-alerts");
        assertThat(b.path("title").asText()).isEqualTo("Down: Checkout API");
        assertThat(b.path("message").asText()).startsWith("Regions: eu-west, us-east\nError: connect — connection refused");
        assertThat(b.path("priority").asInt()).isEqualTo(5);
        assertThat(b.path("tags").get(0).asText()).isEqualTo("rotating_light");
        String console = "https://vigil.example.com/console/checks/" + Samples.CHECK;
        assertThat(b.path("click").asText()).isEqualTo(console);
        assertThat(b.path("actions")).hasSize(1);
        assertThat(b.path("actions").get(0).path("action").asText()).isEqualTo("view");
        assertThat(b.path("actions").get(0).path("label").asText()).isEqualTo("Open in Vigil");
        assertThat(b.path("actions").get(0).path("url").asText()).isEqualTo(console);
    }

    @Test
    void aResolutionIsADefaultPriorityCheckMark() throws Exception {
        JsonNode b = body(channel.request(ChannelSettings.of("url", "https://ntfy.sh/vigil-alerts"),
                Samples.single(Samples.resolved())));
        assertThat(b.path("title").asText()).isEqualTo("Resolved: Checkout API");
        assertThat(b.path("priority").asInt()).isEqualTo(3);
        assertThat(b.path("tags").get(0).asText()).isEqualTo("white_check_mark");
    }

    @Test
    void degradedAndTestMessages() throws Exception {
        JsonNode degraded = body(channel.request(ChannelSettings.of("url", "https://ntfy.sh/t"), Samples.single(Samples.degraded())));
        assertThat(degraded.path("priority").asInt()).isEqualTo(3);
        assertThat(degraded.path("tags").get(0).asText()).isEqualTo("yellow_circle");
        assertThat(degraded.path("message").asText()).isEqualTo("Target: https://shop.example.com/health");

        JsonNode test = body(channel.request(ChannelSettings.of("url", "https://ntfy.sh/t"), Samples.single(Samples.test())));
        assertThat(test.path("title").asText()).isEqualTo("Test notification from Vigil");
        assertThat(test.path("message").asText()).isEqualTo("This is a test notification for channel \"ops\".");
        assertThat(test.path("tags").get(0).asText()).isEqualTo("test_tube");
    }

    @Test
    void aGroupedOutageIsOnePush() throws Exception {
        JsonNode b = body(channel.request(ChannelSettings.of("url", "https://ntfy.sh/vigil-alerts"), Samples.groupedOutage()));
        assertThat(b.path("title").asText()).isEqualTo("3 checks are down");
        assertThat(b.path("message").asText()).isEqualTo("• Checkout API — connect: connection refused\n"
                + "• Search — timeout: no answer within 5000 ms\n• Login — http: status 502");
        assertThat(b.path("priority").asInt()).isEqualTo(5);
        assertThat(b.path("tags").get(0).asText()).isEqualTo("rotating_light");
        assertThat(channel.groups()).isTrue();
    }

    @Test
    void aSelfHostedServerWithATokenAndAFixedPriority() throws Exception {
        OutboundRequest r = channel.request(ChannelSettings.of("url", "http://ntfy.internal:8080/alerts",
                "token", "tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2", "priority", 4), Samples.single(Samples.opened()));
        assertThat(r.url()).hasToString("http://ntfy.internal:8080/");
        assertThat(r.headers()).containsEntry("Authorization", "Bearer tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2");
        assertThat(body(r).path("priority").asInt()).isEqualTo(4);
        assertThat(body(r).path("topic").asText()).isEqualTo("alerts");
    }

    @Test
    void usernameAndPasswordAreBasicAuth() {
        OutboundRequest r = channel.request(ChannelSettings.of("url", "https://push.example.com/ntfy/alerts",
                "username", "phil", "password", "s3cr3t ü"), Samples.single(Samples.opened()));
        assertThat(r.url()).hasToString("https://push.example.com/ntfy/");
        assertThat(r.headers().get("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("phil:s3cr3t ü".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aLongMessageIsCutTo4096Bytes() throws Exception {
        Notification n = new Notification(Notification.TEST, Samples.STARTED, new Notification.Data(null, null, List.of(),
                null, null, null, null, "ü".repeat(5000)));
        String message = body(channel.request(ChannelSettings.of("url", "https://ntfy.sh/t"), Samples.single(n)))
                .path("message").asText();
        assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
        assertThat(message).endsWith("…");
    }

    @Test
    void validSettingsPass() {
        for (ChannelSettings s : List.of(ChannelSettings.of("url", "https://ntfy.sh/vigil-alerts"),
                ChannelSettings.of("url", "http://10.0.0.5:8080/alerts_1", "token", "tk_x", "priority", 2),
                ChannelSettings.of("url", "https://ntfy.sh/a", "username", "phil", "password", "pw"))) {
            List<FieldError> errors = new ArrayList<>();
            channel.validate(s, errors);
            assertThat(errors).as(s.asMap().toString()).isEmpty();
        }
    }

    @Test
    void aTokenAndAPasswordTogetherAreRejected() {
        List<FieldError> errors = new ArrayList<>();
        channel.validate(ChannelSettings.of("url", "https://ntfy.sh/a", "token", "tk_x", "username", "phil",
                "password", "pw"), errors);
        assertThat(errors).extracting(FieldError::field).containsExactly("token");
    }

    @Test
    void badUrlsPrioritiesAndHalfCredentialsAreRejected() {
        List<List<Object>> cases = List.of(
                List.of("url", "ntfy.sh/a"), List.of("url"),
                List.of("url", "https://ntfy.sh/"), List.of("url"),
                List.of("url", "https://ntfy.sh/my topic?x=1"), List.of("url"),
                List.of("url", "https://ntfy.sh/a?x=1"), List.of("url"),
                List.of("url", "https://ntfy.sh/a", "priority", 6), List.of("priority"),
                List.of("url", "https://ntfy.sh/a", "priority", 0), List.of("priority"),
                List.of("url", "https://ntfy.sh/a", "priority", 4_294_967_301L), List.of("priority"),
                List.of("url", "https://ntfy.sh/a", "username", "phil"), List.of("password"),
                List.of("url", "https://ntfy.sh/a", "password", "pw"), List.of("username"));
        for (int i = 0; i < cases.size(); i += 2) {
            List<FieldError> errors = new ArrayList<>();
            channel.validate(ChannelSettings.of(cases.get(i).toArray()), errors);
            assertThat(errors).as(cases.get(i).toString()).extracting(FieldError::field).isEqualTo(cases.get(i + 1));
        }
    }
}

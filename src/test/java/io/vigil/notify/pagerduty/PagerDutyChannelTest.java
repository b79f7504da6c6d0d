package io.vigil.notify.pagerduty;

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

import static org.assertj.core.api.Assertions.assertThat;

/** Requests against the documented shape of the PagerDuty Events API v2. */
class PagerDutyChannelTest {

    static final String KEY = "R0ut1ngK3yR0ut1ngK3yR0ut1ngK3y12";

    final PagerDutyChannel channel = new PagerDutyChannel();

    ChannelSettings settings(Object... extra) {
        List<Object> all = new ArrayList<>(List.of("routingKey", KEY));
        all.addAll(List.of(extra));
        return ChannelSettings.of(all.toArray());
    }

    static JsonNode body(OutboundRequest r) throws Exception {
        return HttpChannel.JSON.readTree(r.body());
    }

    @Test
    void anOpenedIncidentTriggersAnAlertWithTheDocumentedPayload() throws Exception {
        OutboundRequest r = channel.request(settings(), Samples.single(Samples.opened()));

        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.url()).hasToString("https://events.pagerduty.com/v2/enqueue");
        assertThat(r.headers()).containsEntry("Content-Type", "application/json");
        JsonNode b = body(r);
        assertThat(b.path("routing_key").asText()).isEqualTo(KEY);
        assertThat(b.path("event_action").asText()).isEqualTo("trigger");
        assertThat(b.path("dedup_key").asText()).isEqualTo("vigil-" + Samples.INCIDENT);
        JsonNode p = b.path("payload");
        assertThat(p.path("summary").asText()).isEqualTo("Down: Checkout API (connect: connection refused)");
        assertThat(p.path("source").asText()).isEqualTo("https://shop.example.com/health");
        assertThat(p.path("severity").asText()).isEqualTo("critical");
        assertThat(p.path("timestamp").asText()).isEqualTo("2026-11-21T10:00:00Z");
        assertThat(p.path("component").asText()).isEqualTo("Checkout API");
        assertThat(p.path("group").asText()).isEqualTo("eu-west,us-east");
        assertThat(p.path("class").asText()).isEqualTo("connect");
        assertThat(p.path("custom_details").path("check_id").asText()).isEqualTo(Samples.CHECK.toString());
        assertThat(p.path("custom_details").path("regions")).hasSize(2);
        assertThat(p.path("custom_details").path("error").asText()).isEqualTo("connect: connection refused");
        assertThat(b.path("links").get(0).path("href").asText()).isEqualTo("https://vigil.example.com/console/checks/" + Samples.CHECK);
        assertThat(b.path("links").get(0).path("text").asText()).isEqualTo("Open in Vigil");
        assertThat(b.path("client").asText()).isEqualTo("Vigil");
        assertThat(b.path("client_url").asText()).isEqualTo("https://vigil.example.com/console/checks/" + Samples.CHECK);
    }

    @Test
    void theResolutionResolvesTheSameAlert() throws Exception {
        JsonNode open = body(channel.request(settings(), Samples.single(Samples.opened())));
        JsonNode resolve = body(channel.request(settings(), Samples.single(Samples.resolved())));

        assertThat(resolve.path("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.path("dedup_key").asText()).isEqualTo(open.path("dedup_key").asText());
        assertThat(resolve.path("routing_key").asText()).isEqualTo(KEY);
        assertThat(resolve.has("payload")).isFalse();
        List<String> fields = new ArrayList<>();
        resolve.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("routing_key", "event_action", "dedup_key");
    }

    @Test
    void aLateHeartbeatHasNoUrlSoItsNameIsTheSource() throws Exception {
        JsonNode b = body(channel.request(settings(), Samples.single(Samples.heartbeatLate())));
        assertThat(b.path("event_action").asText()).isEqualTo("trigger");
        assertThat(b.path("dedup_key").asText()).isEqualTo("vigil-" + Samples.INCIDENT);
        assertThat(b.path("payload").path("source").asText()).isEqualTo("Nightly backup");
        assertThat(b.path("payload").path("class").asText()).isEqualTo("missed");
    }

    @Test
    void degradationIsAWarningResolvedOnRecovery() throws Exception {
        JsonNode degraded = body(channel.request(settings(), Samples.single(Samples.degraded())));
        assertThat(degraded.path("event_action").asText()).isEqualTo("trigger");
        assertThat(degraded.path("dedup_key").asText()).isEqualTo("vigil-degraded-" + Samples.CHECK);
        assertThat(degraded.path("payload").path("severity").asText()).isEqualTo("warning");
        assertThat(degraded.path("payload").has("group")).isFalse();

        Notification recovered = new Notification(Notification.CHECK_RECOVERED, Samples.RESOLVED, new Notification.Data(
                Samples.check("Checkout API"), null, List.of(), null, null, CheckStatus.UP, null, null));
        JsonNode r = body(channel.request(settings(), Samples.single(recovered)));
        assertThat(r.path("event_action").asText()).isEqualTo("resolve");
        assertThat(r.path("dedup_key").asText()).isEqualTo("vigil-degraded-" + Samples.CHECK);
    }

    @Test
    void flappingStartsAndEndsOneWarning() throws Exception {
        JsonNode start = body(channel.request(settings(), Samples.single(Samples.flapping())));
        assertThat(start.path("event_action").asText()).isEqualTo("trigger");
        assertThat(start.path("payload").path("severity").asText()).isEqualTo("warning");
        Notification stopped = new Notification(Notification.CHECK_FLAPPING, Samples.RESOLVED, new Notification.Data(
                Samples.check("Checkout API"), null, List.of(), null, null, CheckStatus.UP, false, "The check settled."));
        JsonNode end = body(channel.request(settings(), Samples.single(stopped)));
        assertThat(end.path("event_action").asText()).isEqualTo("resolve");
        assertThat(end.path("dedup_key").asText()).isEqualTo(start.path("dedup_key").asText())
                .isEqualTo("vigil-flapping-" + Samples.CHECK);
    }

    @Test
    void aTestIsAnInfoEventKeyedByItsEventId() throws Exception {
        Message test = Samples.single(Samples.test());
        JsonNode b = body(channel.request(settings(), test));
        assertThat(b.path("event_action").asText()).isEqualTo("trigger");
        assertThat(b.path("dedup_key").asText()).isEqualTo("vigil-test-" + test.id());
        assertThat(b.path("payload").path("severity").asText()).isEqualTo("info");
        assertThat(b.path("payload").path("source").asText()).isEqualTo("Vigil");
        assertThat(b.path("payload").path("summary").asText())
                .isEqualTo("Test notification from Vigil: This is a test notification for channel \"ops\".");
    }

    @Test
    void theConfiguredSeverityAndUrlAreUsed() throws Exception {
        OutboundRequest r = channel.request(settings("severity", "error", "apiUrl", "https://events.eu.pagerduty.com/v2/enqueue"),
                Samples.single(Samples.opened()));
        assertThat(r.url()).hasToString("https://events.eu.pagerduty.com/v2/enqueue");
        assertThat(body(r).path("payload").path("severity").asText()).isEqualTo("error");
        JsonNode degraded = body(channel.request(settings("severity", "error"), Samples.single(Samples.degraded())));
        assertThat(degraded.path("payload").path("severity").asText()).isEqualTo("warning");
    }

    @Test
    void aLongSummaryIsCutTo1024Characters() throws Exception {
        Notification n = new Notification(Notification.INCIDENT_OPENED, Samples.STARTED, new Notification.Data(
                Samples.check("x".repeat(2000)), Samples.opened().data().incident(), List.of(), null, null, CheckStatus.DOWN, null, null));
        String summary = body(channel.request(settings(), Samples.single(n))).path("payload").path("summary").asText();
        assertThat(summary).hasSize(1024).endsWith("…");
    }

    @Test
    void validSettingsPassAndAreNormalized() {
        ChannelSettings s = settings("severity", "Warning", "apiUrl", "http://localhost:8080/v2/enqueue");
        List<FieldError> errors = new ArrayList<>();
        channel.validate(s, errors);
        assertThat(errors).isEmpty();
        assertThat(s.text("severity")).isEqualTo("warning");
    }

    @Test
    void aRoutingKeyOfTheWrongShapeIsRejected() {
        for (String key : List.of("short", KEY + "x", "R0ut1ngK3yR0ut1ngK3yR0ut1ngK3y1-")) {
            List<FieldError> errors = new ArrayList<>();
            channel.validate(ChannelSettings.of("routingKey", key), errors);
            assertThat(errors).extracting(FieldError::field).containsExactly("routingKey");
        }
    }

    @Test
    void anUnknownSeverityAndABadUrlAreRejected() {
        List<FieldError> errors = new ArrayList<>();
        channel.validate(settings("severity", "fatal", "apiUrl", "ftp://events.pagerduty.com"), errors);
        assertThat(errors).extracting(FieldError::field).containsExactly("severity", "apiUrl");
    }

    @Test
    void itNeverGroups() {
        assertThat(channel.groups()).isFalse();
    }
}

package io.vigil.notify.opsgenie;

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

/** Requests against the documented shape of the Opsgenie Alert API. */
class OpsgenieChannelTest {

    static final String KEY = "3f2a9c4e-1b7d-4e8a-9c2f-6d5e4b3a2c1d";

    final OpsgenieChannel channel = new OpsgenieChannel();

    ChannelSettings settings(Object... extra) {
        List<Object> all = new ArrayList<>(List.of("apiKey", KEY));
        all.addAll(List.of(extra));
        return ChannelSettings.of(all.toArray());
    }

    static JsonNode body(OutboundRequest r) throws Exception {
        return HttpChannel.JSON.readTree(r.body());
    }

    @Test
    void anOpenedIncidentCreatesAnAlertUnderTheIncidentsAlias() throws Exception {
        OutboundRequest r = channel.request(settings("responders", List.of("team:Ops", "user:jane@example.com")),
                Samples.single(Samples.opened()));

        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.url()).hasToString("https://api.opsgenie.com/v2/alerts");
        assertThat(r.headers()).containsEntry("Authorization", "GenieKey " + KEY)
                .containsEntry("Content-Type", "application/json");
        JsonNode b = body(r);
        assertThat(b.path("message").asText()).isEqualTo("Down: Checkout API");
        assertThat(b.path("alias").asText()).isEqualTo("vigil-" + Samples.INCIDENT);
        assertThat(b.path("description").asText()).contains("Regions: eu-west, us-east")
                .contains("Error: connect — connection refused")
                .contains("Open in Vigil: https://vigil.example.com/console/checks/" + Samples.CHECK);
        assertThat(b.path("priority").asText()).isEqualTo("P1");
        assertThat(b.path("source").asText()).isEqualTo("Vigil");
        assertThat(b.path("entity").asText()).isEqualTo("Checkout API");
        assertThat(HttpChannel.JSON.convertValue(b.path("tags"), List.class))
                .containsExactly("vigil", "incident.opened", "check:http", "region:eu-west", "region:us-east");
        assertThat(b.path("details").path("checkId").asText()).isEqualTo(Samples.CHECK.toString());
        assertThat(b.path("details").path("error").asText()).isEqualTo("connect: connection refused");
        assertThat(b.path("responders")).hasSize(2);
        assertThat(b.path("responders").get(0).path("type").asText()).isEqualTo("team");
        assertThat(b.path("responders").get(0).path("name").asText()).isEqualTo("Ops");
        assertThat(b.path("responders").get(1).path("type").asText()).isEqualTo("user");
        assertThat(b.path("responders").get(1).path("username").asText()).isEqualTo("jane@example.com");
        b.path("details").fields().forEachRemaining(e -> assertThat(e.getValue().isTextual()).as(e.getKey()).isTrue());
    }

    @Test
    void theResolutionClosesTheSameAliasInTheRegionsApi() throws Exception {
        OutboundRequest r = channel.request(settings("region", "eu"), Samples.single(Samples.resolved()));

        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.url()).hasToString("https://api.eu.opsgenie.com/v2/alerts/vigil-" + Samples.INCIDENT
                + "/close?identifierType=alias");
        assertThat(r.headers()).containsEntry("Authorization", "GenieKey " + KEY);
        JsonNode b = body(r);
        assertThat(b.path("source").asText()).isEqualTo("Vigil");
        assertThat(b.path("note").asText()).startsWith("Resolved: Checkout API").contains("Resolved: 2026-11-21 10:12:30 UTC");
        assertThat(b.has("message")).isFalse();
    }

    @Test
    void degradationIsAP3AlertClosedOnRecovery() throws Exception {
        JsonNode b = body(channel.request(settings(), Samples.single(Samples.degraded())));
        assertThat(b.path("alias").asText()).isEqualTo("vigil-degraded-" + Samples.CHECK);
        assertThat(b.path("priority").asText()).isEqualTo("P3");

        Notification recovered = new Notification(Notification.CHECK_RECOVERED, Samples.RESOLVED, new Notification.Data(
                Samples.check("Checkout API"), null, List.of(), null, null, CheckStatus.UP, null, null));
        OutboundRequest close = channel.request(settings(), Samples.single(recovered));
        assertThat(close.url()).hasToString("https://api.opsgenie.com/v2/alerts/vigil-degraded-" + Samples.CHECK
                + "/close?identifierType=alias");
    }

    @Test
    void theConfiguredPriorityAppliesToOutagesAndATestIsP5() throws Exception {
        assertThat(body(channel.request(settings("priority", "P2"), Samples.single(Samples.opened()))).path("priority").asText())
                .isEqualTo("P2");
        assertThat(body(channel.request(settings("priority", "P2"), Samples.single(Samples.degraded()))).path("priority").asText())
                .isEqualTo("P3");
        Message test = Samples.single(Samples.test());
        JsonNode b = body(channel.request(settings("priority", "P2"), test));
        assertThat(b.path("priority").asText()).isEqualTo("P5");
        assertThat(b.path("alias").asText()).isEqualTo("vigil-test-" + test.id());
        assertThat(b.has("entity")).isFalse();
    }

    @Test
    void anIncidentUpdateIsANoteOnItsAlert() throws Exception {
        Notification update = new Notification(Notification.INCIDENT_UPDATED, Samples.STARTED, new Notification.Data(
                Samples.check("Checkout API"), Samples.opened().data().incident(), List.of("eu-west"), null, null, CheckStatus.DOWN,
                null, "We are failing over to the standby."));
        OutboundRequest r = channel.request(settings(), Samples.single(update));
        assertThat(r.url()).hasToString("https://api.opsgenie.com/v2/alerts/vigil-" + Samples.INCIDENT
                + "/notes?identifierType=alias");
        assertThat(body(r).path("note").asText()).contains("We are failing over to the standby.");
    }

    @Test
    void theApiUrlOverridesTheRegionAndLongTextsAreCut() throws Exception {
        Notification n = new Notification(Notification.INCIDENT_OPENED, Samples.STARTED, new Notification.Data(
                Samples.check("y".repeat(300)), Samples.opened().data().incident(), List.of(), null, null, CheckStatus.DOWN, null,
                "z".repeat(20_000)));
        OutboundRequest r = channel.request(settings("region", "eu", "apiUrl", "http://localhost:9999/"), Samples.single(n));
        assertThat(r.url()).hasToString("http://localhost:9999/v2/alerts");
        JsonNode b = body(r);
        assertThat(b.path("message").asText()).hasSize(130).endsWith("…");
        assertThat(b.path("description").asText()).hasSize(15_000);
    }

    @Test
    void validSettingsPassAndAreNormalized() {
        ChannelSettings s = settings("region", "EU", "priority", "p2", "responders", List.of("Team: Ops", "schedule:Primary"));
        List<FieldError> errors = new ArrayList<>();
        channel.validate(s, errors);
        assertThat(errors).isEmpty();
        assertThat(s.text("region")).isEqualTo("eu");
        assertThat(s.text("priority")).isEqualTo("P2");
        assertThat(s.texts("responders")).containsExactly("team:Ops", "schedule:Primary");
    }

    @Test
    void anApiKeyThatIsNotAUuidIsRejected() {
        for (String key : List.of("not-a-key", KEY.replace('-', '_'), KEY + "0")) {
            List<FieldError> errors = new ArrayList<>();
            channel.validate(ChannelSettings.of("apiKey", key), errors);
            assertThat(errors).extracting(FieldError::field).containsExactly("apiKey");
        }
    }

    @Test
    void anUnknownRegionPriorityOrResponderIsRejected() {
        List<FieldError> errors = new ArrayList<>();
        channel.validate(settings("region", "apac", "priority", "P0", "responders", List.of("team:Ops", "ops"),
                "apiUrl", "not a url"), errors);
        assertThat(errors).extracting(FieldError::field).containsExactly("region", "apiUrl", "priority", "responders[1]");
    }

    @Test
    void itNeverGroups() {
        assertThat(channel.groups()).isFalse();
    }
}

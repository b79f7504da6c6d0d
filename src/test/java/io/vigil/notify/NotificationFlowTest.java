package io.vigil.notify;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigil.testing.Api;
import io.vigil.testing.Await;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Tenants;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** From a real outage to the webhooks it causes: routing by default, tag and id, event filters, escalation. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class NotificationFlowTest extends NotifyTestBase {

    private String channel(String path, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("type", "webhook", "name", "hook " + path, "url", receiver.url(path)));
        body.putAll(extra);
        return channel(body);
    }

    private List<JsonPath> bodies(String path) {
        return receiver.to(path).stream().map(r -> JsonPath.from(r.body())).toList();
    }

    @Test
    void anOutageReachesEachChannelThatWantsItOnceAndItsRecoveryOnlyWhereTheOutageWent() {
        channel("/default", Map.of("isDefault", true));
        channel("/tagged", Map.of("tags", List.of("payments"), "events", List.of("incident.opened")));
        String escalation = channel("/escalation", Map.of("isDefault", true, "delayMinutes", 1));
        channel("/unrelated", Map.of("tags", List.of("search")));
        String id = check("Payments API", Map.of("tags", List.of("payments")));
        Await.until("up", WAIT, () -> "up".equals(Api.as(token).get("/api/v1/checks/" + id).jsonPath().getString("status")));

        Instant failedAt = Instant.now();
        receiver.targetStatus.set(500);
        Await.until("the outage at the default channel", WAIT, () -> receiver.to("/default").size() == 1);
        Await.until("the outage at the tag channel", WAIT, () -> receiver.to("/tagged").size() == 1);

        JsonPath opened = bodies("/default").get(0);
        assertThat(opened.getString("type")).isEqualTo("incident.opened");
        assertThat(opened.getString("data.check.id")).isEqualTo(id);
        assertThat(opened.getString("data.check.name")).isEqualTo("Payments API");
        assertThat(opened.getString("data.check.url")).isEqualTo(receiver.url("/target"));
        assertThat(opened.getString("data.incident.state")).isEqualTo("open");
        assertThat(opened.getString("data.incident.resolvedAt")).isNull();
        assertThat(opened.getList("data.regions")).containsExactly("local");
        assertThat(opened.getString("data.error.class")).isEqualTo("assertion");
        assertThat(opened.getString("data.error.message")).contains("500");
        assertThat(opened.getString("data.links.console")).endsWith("/console/checks/" + id);
        assertThat(opened.getMap("data.links")).containsKey("statusPage");
        String incident = opened.getString("data.incident.id");
        assertThat(Api.as(token).get("/api/v1/incidents/" + incident).jsonPath().getString("checkId")).isEqualTo(id);
        assertThat(bodies("/tagged").get(0).getString("data.incident.id")).isEqualTo(incident);
        // One event, one id, wherever it goes.
        assertThat(receiver.to("/default").get(0).header("webhook-id"))
                .isEqualTo(receiver.to("/tagged").get(0).header("webhook-id"));

        // Escalation: the announcement waits for a minute of outage.
        JsonPath waiting = deliveries(escalation);
        assertThat(waiting.getString("items[0].state")).isEqualTo("pending");
        assertThat(Instant.parse(waiting.getString("items[0].nextAttemptAt"))).isAfter(failedAt.plusSeconds(50));

        receiver.targetStatus.set(200);
        Await.until("the recovery at the default channel", WAIT, () -> receiver.to("/default").size() == 2);
        JsonPath resolved = bodies("/default").get(1);
        assertThat(resolved.getString("type")).isEqualTo("incident.resolved");
        assertThat(resolved.getString("data.incident.id")).isEqualTo(incident);
        assertThat(resolved.getString("data.incident.state")).isEqualTo("resolved");
        assertThat(resolved.getString("data.incident.resolvedAt")).isNotNull();
        assertThat(resolved.getString("data.error")).isNull();

        // Over before its escalation delay: that channel hears nothing, not even the recovery.
        Await.until("the escalation skipped", WAIT, () -> "skipped".equals(deliveries(escalation).getString("items[0].state")));
        assertThat(deliveries(escalation).getList("items")).hasSize(1);
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(receiver.to("/tagged")).as("the tag channel wants outages only").hasSize(1);
        assertThat(receiver.to("/escalation")).isEmpty();
        assertThat(receiver.to("/unrelated")).isEmpty();
        assertThat(receiver.to("/default")).hasSize(2);
    }

    @Test
    void aCheckNamingItsChannelsBypassesTheDefaults() {
        channel("/default", Map.of("isDefault", true));
        String chosen = channel("/chosen", Map.of());
        String id = check("Search", Map.of("channelIds", List.of(chosen)));
        String slug = "search-" + UUID.randomUUID().toString().substring(0, 8);
        Api.as(token).body(Map.of("slug", slug, "title", "Search status", "components", List.of(Map.of("name", "Search", "checkId", id))))
                .post("/api/v1/status-pages").then().statusCode(201);
        Api.as(token).get("/api/v1/checks/" + id).then().body("channelIds", equalTo(List.of(chosen)));
        Await.until("up", WAIT, () -> "up".equals(Api.as(token).get("/api/v1/checks/" + id).jsonPath().getString("status")));
        receiver.targetStatus.set(500);
        Await.until("the outage at the chosen channel", WAIT, () -> receiver.to("/chosen").size() == 1);
        assertThat(receiver.to("/default")).isEmpty();
        // the check is on a public page: the webhook links to it
        assertThat(bodies("/chosen").get(0).getString("data.links.statusPage")).endsWith("/status/" + slug);
    }

    @Test
    void aCheckMayNameOnlyChannelsOfItsWorkspace() {
        String other = Tenants.workspaceWithToken(pool);
        String foreign = Api.as(other).body(Map.of("type", "webhook", "name", "x", "url", "https://example.com/x"))
                .post("/api/v1/channels").then().statusCode(201).extract().path("id");
        Api.as(token).body(Map.of("name", "x", "url", "https://example.invalid/", "channelIds", List.of(foreign)))
                .post("/api/v1/checks").then().statusCode(400).body("errors[0].field", equalTo("channelIds[0]"));
    }
}

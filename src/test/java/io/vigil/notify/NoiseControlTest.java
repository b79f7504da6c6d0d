package io.vigil.notify;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.testing.Api;
import io.vigil.testing.Await;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Receiver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** One alert per outage, never a storm: grouping, reminders, maintenance. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class NoiseControlTest extends NotifyTestBase {

    @Test
    void manyChecksDownAtOnceMakeAGroupedMessageNotOneEach() {
        channel(Map.of("type", "mattermost", "name", "team chat", "url", receiver.url("/mm"), "isDefault", true,
                "groupSeconds", 5));
        List<String> ids = List.of(check("Alpha", Map.of()), check("Bravo", Map.of()), check("Charlie", Map.of()),
                check("Delta", Map.of()));
        awaitUp(ids);
        receiver.targetStatus.set(500);
        Await.until("all four announced", WAIT, () -> {
            String all = String.join("\n", receiver.to("/mm").stream().map(Receiver.Request::body).toList());
            return all.contains("Alpha") && all.contains("Bravo") && all.contains("Charlie") && all.contains("Delta");
        });
        assertThat(receiver.to("/mm").size()).as("fewer messages than outages").isLessThanOrEqualTo(2);
        assertThat(receiver.to("/mm").stream().map(Receiver.Request::body))
                .anyMatch(b -> b.contains("checks are down"));
    }

    @Test
    void aChannelWithRemindersIsRemindedWhileTheIncidentStaysOpen() {
        String hook = channel(Map.of("type", "webhook", "name", "pager", "url", receiver.url("/hook"), "isDefault", true,
                "remindMinutes", 1));
        String id = check("Orders", Map.of());
        awaitUp(List.of(id));
        receiver.targetStatus.set(500);
        Await.until("the outage", WAIT, () -> receiver.to("/hook").size() == 1);
        Await.until("delivered", WAIT, () -> "delivered".equals(Api.as(token).get("/api/v1/channels/" + hook + "/deliveries")
                .jsonPath().getString("items[0].state")));
        // Two minutes pass for the delivery log (the reminder interval is one).
        pool.preparedQuery("UPDATE deliveries SET created_at = created_at - interval '2 minutes' WHERE channel_id = $1")
                .execute(Tuple.of(UUID.fromString(hook))).await().atMost(Duration.ofSeconds(5));
        Await.until("a reminder", WAIT, () -> receiver.to("/hook").size() == 2);
        JsonPath reminder = JsonPath.from(receiver.to("/hook").get(1).body());
        assertThat(reminder.getString("type")).isEqualTo("incident.updated");
        assertThat(reminder.getString("data.message")).startsWith("Still down after");
        assertThat(reminder.getString("data.incident.id"))
                .isEqualTo(JsonPath.from(receiver.to("/hook").get(0).body()).getString("data.incident.id"));
        sleep(3000);
        assertThat(receiver.to("/hook")).as("one reminder per interval").hasSize(2);
    }

    @Test
    void maintenanceMutesTheOutage() {
        channel(Map.of("type", "webhook", "name", "hook", "url", receiver.url("/hook"), "isDefault", true));
        String id = check("Billing", Map.of());
        awaitUp(List.of(id));
        Api.as(token).body(Map.of("name", "upgrade", "checkIds", List.of(id),
                        "startsAt", java.time.Instant.now().minusSeconds(60).toString(),
                        "endsAt", java.time.Instant.now().plusSeconds(3600).toString()))
                .post("/api/v1/maintenance").then().statusCode(201);
        receiver.targetStatus.set(500);
        // The verdict really goes down (the stored transition says so) while the window covers the check ...
        Await.until("the down transition", WAIT, () -> Api.as(token).get("/api/v1/checks/" + id + "/events")
                .jsonPath().getList("items.to").contains("down"));
        sleep(3000);
        // ... yet nobody is told.
        assertThat(receiver.to("/hook")).isEmpty();
        assertThat(deliveries(Api.as(token).get("/api/v1/channels").jsonPath().getString("items[0].id")).getList("items")).isEmpty();
    }

    @Test
    void aManualUpdateReachesTheChannels() {
        channel(Map.of("type", "webhook", "name", "hook", "url", receiver.url("/hook"), "isDefault", true));
        String incident = Api.as(token).body(Map.of("title", "Payments degraded at our provider", "impact", "minor",
                "message", "We are looking into it")).post("/api/v1/incidents").then().statusCode(201).extract().path("id");
        Api.as(token).body(Map.of("phase", "identified", "message", "The provider confirmed an outage"))
                .post("/api/v1/incidents/" + incident + "/updates").then().statusCode(201);
        Await.until("two messages", WAIT, () -> receiver.to("/hook").size() == 2);
        List<JsonPath> bodies = receiver.to("/hook").stream().map(r -> JsonPath.from(r.body())).toList();
        assertThat(bodies.get(0).getString("type")).isEqualTo("incident.opened");
        assertThat(bodies.get(0).getString("data.check")).isNull();
        assertThat(bodies.get(1).getString("type")).isEqualTo("incident.updated");
        assertThat(bodies.get(1).getString("data.message")).isEqualTo("The provider confirmed an outage");
        assertThat(bodies.get(1).getString("data.incident.phase")).isEqualTo("identified");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.vigil.heartbeat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vigil.testing.Api;
import io.vigil.testing.Await;
import io.vigil.testing.PostgresResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** Jobs ping; a missing or failed ping is down, and opens one incident like any outage. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class HeartbeatTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    String token;

    @BeforeEach
    void token() {
        token = Api.adminToken();
    }

    private String status(String id) {
        return Api.as(token).get("/api/v1/checks/" + id).jsonPath().getString("status");
    }

    private static String path(String pingUrl) {
        return URI.create(pingUrl).getPath();
    }

    @Test
    void lateFailedAndRecoveredPingsDriveTheStatusAndIncidents() {
        String id = Api.as(token).body(Map.of("name", "nightly backup", "type", "heartbeat", "periodSeconds", 2,
                        "graceSeconds", 1, "intervalSeconds", 1, "failureThreshold", 1))
                .post("/api/v1/checks").then().statusCode(201)
                .body("pingUrl", startsWith("http://localhost:8080/ping/")).body("url", nullValue())
                .body("periodSeconds", equalTo(2)).body("graceSeconds", equalTo(1))
                .extract().path("id");
        String ping = path(Api.as(token).get("/api/v1/checks/" + id).jsonPath().getString("pingUrl"));

        RestAssured.get(ping).then().statusCode(200).body(equalTo("OK\n"));
        Await.until("up after a ping", WAIT, () -> "up".equals(status(id)));

        // No ping for longer than period + grace: down, and an incident opens.
        Await.until("down when late", WAIT, () -> "down".equals(status(id)));
        Await.until("an incident", WAIT, () -> !Api.as(token).get("/api/v1/incidents?state=open&checkId=" + id)
                .jsonPath().getList("items").isEmpty());
        // Verdicts are judged when a result is taken; the result itself is stored with the next batch.
        Await.until("the timeout result stored", WAIT, () -> "timeout".equals(Api.as(token)
                .get("/api/v1/checks/" + id + "/results?limit=1").jsonPath().getString("items[0].error.class")));

        RestAssured.post(ping).then().statusCode(200);
        Await.until("up again", WAIT, () -> "up".equals(status(id)));
        Await.until("resolved", WAIT, () -> Api.as(token).get("/api/v1/incidents?state=open&checkId=" + id)
                .jsonPath().getList("items").isEmpty());

        RestAssured.get(ping + "/fail").then().statusCode(200);
        Await.until("down on an explicit failure", WAIT, () -> "down".equals(status(id)));
        // Verdicts are judged when a result is taken; the result itself is stored with the next batch.
        Await.until("the assertion result stored", WAIT, () -> "assertion".equals(Api.as(token)
                .get("/api/v1/checks/" + id + "/results?limit=1").jsonPath().getString("items[0].error.class")));
        Api.as(token).delete("/api/v1/checks/" + id).then().statusCode(204);
        RestAssured.get(ping).then().statusCode(404);
    }

    @Test
    void unknownTokensAre404AndHeartbeatFieldsAreValidated() {
        RestAssured.get("/ping/nope").then().statusCode(404);
        RestAssured.post("/ping/nope/start").then().statusCode(404);
        Api.as(token).body(Map.of("name", "hb", "type", "heartbeat")).post("/api/v1/checks").then().statusCode(400)
                .body("errors[0].field", equalTo("periodSeconds"));
        Api.as(token).body(Map.of("name", "hb", "type", "heartbeat", "periodSeconds", 60, "url", "https://x.example.invalid/"))
                .post("/api/v1/checks").then().statusCode(400).body("errors[0].field", equalTo("url"));
        Api.as(token).body(Map.of("name", "web", "url", "https://x.example.invalid/", "periodSeconds", 60, "graceSeconds", 5))
                .post("/api/v1/checks").then().statusCode(400)
                .body("errors.field", equalTo(List.of("periodSeconds", "graceSeconds")));
        Api.as(token).body(Map.of("name", "hb", "type", "heartbeat", "periodSeconds", 300)).post("/api/v1/checks")
                .then().statusCode(201).body("graceSeconds", equalTo(60)).body("intervalSeconds", equalTo(60));
    }
}

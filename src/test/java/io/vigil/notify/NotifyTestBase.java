package io.vigil.notify;

import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.testing.Api;
import io.vigil.testing.Await;
import io.vigil.testing.Receiver;
import io.vigil.testing.Tenants;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Each notification test in a workspace of its own, with a real receiver (which also serves the checks' target). */
abstract class NotifyTestBase {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;
    String token;
    Receiver receiver;

    @BeforeEach
    void isolate() {
        token = Tenants.workspaceWithToken(pool);
        receiver = new Receiver();
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    String channel(Map<String, Object> body) {
        return Api.as(token).body(body).post("/api/v1/channels").then().statusCode(201).extract().path("id");
    }

    /** A check of the receiver's /target every 2 s, down after one failure. */
    String check(String name, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "url", receiver.url("/target"), "intervalSeconds", 2,
                "timeoutMs", 1500, "failureThreshold", 1, "successThreshold", 1));
        body.putAll(extra);
        return Api.as(token).body(body).post("/api/v1/checks").then().statusCode(201).extract().path("id");
    }

    void awaitUp(List<String> ids) {
        Await.until("all up", WAIT, () -> ids.stream().allMatch(id ->
                "up".equals(Api.as(token).get("/api/v1/checks/" + id).jsonPath().getString("status"))));
    }

    JsonPath deliveries(String channel) {
        return Api.as(token).get("/api/v1/channels/" + channel + "/deliveries").then().statusCode(200).extract().jsonPath();
    }
}

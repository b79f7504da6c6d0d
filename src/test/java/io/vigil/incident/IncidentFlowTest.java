package io.vigil.incident;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.testing.Api;
import io.vigil.testing.Await;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Tenants;
import io.vigil.testing.TargetServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class IncidentFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    static final TargetServer target = TargetServer.shared();
    String token;
    @Inject
    Pool pool;

    @BeforeEach
    void token() {
        token = Api.adminToken();
    }

    private JsonPath incidents(String checkId) {
        return Api.as(token).get("/api/v1/incidents?checkId=" + checkId).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void anOutageOpensExactlyOneIncidentAndRecoveryResolvesIt() {
        target.flakyStatus.set(200);
        String id = Api.as(token).body(Map.of("name", "Checkout", "url", target.url("/flaky"), "intervalSeconds", 1,
                "timeoutMs", 500, "failureThreshold", 2, "successThreshold", 2)).post("/api/v1/checks")
                .then().statusCode(201).body("quorum", equalTo("majority")).extract().path("id");
        Await.until("up", WAIT, () -> "up".equals(Api.as(token).get("/api/v1/checks/" + id).jsonPath().getString("status")));
        assertThat(incidents(id).getList("items")).isEmpty();

        target.flakyStatus.set(503);
        Await.until("an open incident", WAIT, () -> incidents(id).getList("items").size() == 1);
        JsonPath open = incidents(id);
        assertThat(open.getString("items[0].state")).isEqualTo("open");
        assertThat(open.getString("items[0].phase")).isEqualTo("investigating");
        assertThat(open.getString("items[0].title")).isEqualTo("Checkout is down");
        assertThat(open.getList("items[0].regions")).containsExactly("local");
        assertThat(open.getList("items[0].timeline.kind")).containsExactly("first_failure", "quorum_reached");
        assertThat(open.getString("items[0].timeline[0].region")).isEqualTo("local");
        assertThat(open.getString("items[0].timeline[1].detail")).isEqualTo("1 of 1 live regions down (quorum: majority)");
        Api.as(token).get("/api/v1/checks/" + id).then().body("status", equalTo("down"));

        // More failures while down: still one incident.
        try {
            Thread.sleep(2500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(incidents(id).getList("items")).hasSize(1);

        target.flakyStatus.set(200);
        Await.until("resolution", WAIT, () -> "resolved".equals(incidents(id).getString("items[0].state")));
        JsonPath resolved = incidents(id);
        assertThat(resolved.getList("items")).hasSize(1);
        assertThat(resolved.getString("items[0].resolvedAt")).isNotNull();
        assertThat(resolved.getList("items[0].timeline.kind")).containsExactly("first_failure", "quorum_reached", "recovered");
        Api.as(token).get("/api/v1/checks/" + id).then().body("status", equalTo("up"));

        List<String> transitions = new ArrayList<>();
        for (Row row : pool.preparedQuery("SELECT from_status, to_status FROM check_events WHERE check_id = $1 ORDER BY id")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(WAIT)) {
            transitions.add(row.getString(0) + "->" + row.getString(1));
        }
        assertThat(transitions).containsExactly("pending->up", "up->down", "down->up");
        JsonPath events = Api.as(token).get("/api/v1/checks/" + id + "/events?limit=2").then().statusCode(200).extract().jsonPath();
        assertThat(events.getList("items.to")).containsExactly("up", "down");
        assertThat(events.getList("items[1].regions")).containsExactly("local");
        assertThat(events.getString("items[1].evidence[0].region")).isEqualTo("local");
        assertThat(events.getString("items[1].evidence[0].failingSince")).isNotNull();
        Api.as(token).queryParam("cursor", events.getString("next")).get("/api/v1/checks/" + id + "/events")
                .then().statusCode(200).body("items.to", equalTo(List.of("up"))).body("next", equalTo(null));
        Api.as(token).delete("/api/v1/checks/" + id).then().statusCode(204);
    }

    @Test
    void manualIncidentsTakeUpdatesUntilResolved() {
        String id = Api.as(token).body(Map.of("title", "Payments provider degraded", "impact", "minor",
                        "message", "We are looking into slow card payments."))
                .post("/api/v1/incidents").then().statusCode(201)
                .header("Location", containsString("/api/v1/incidents/"))
                .body("state", equalTo("open")).body("phase", equalTo("investigating")).body("checkId", equalTo(null))
                .body("updates", hasSize(1)).extract().path("id");
        Api.as(token).body(Map.of("phase", "identified", "message", "The provider confirmed an outage.", "impact", "major"))
                .post("/api/v1/incidents/" + id + "/updates").then().statusCode(201)
                .body("phase", equalTo("identified")).body("impact", equalTo("major")).body("state", equalTo("open"));
        Api.as(token).body(Map.of("phase", "resolved", "message", "Payments are back to normal."))
                .post("/api/v1/incidents/" + id + "/updates").then().statusCode(201)
                .body("state", equalTo("resolved")).body("resolvedAt", notNullValue())
                .body("updates.phase", equalTo(List.of("investigating", "identified", "resolved")));
        Api.as(token).get("/api/v1/incidents?state=resolved").then().statusCode(200).body("items.id", org.hamcrest.Matchers.hasItem(id));
        Api.as(token).get("/api/v1/incidents?state=open").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(id)));
    }

    @Test
    void oneOpenIncidentPerCheckAndBadInputIsNamed() {
        String check = Api.as(token).body(Map.of("name", "dup", "url", "http://dup.example.invalid/", "intervalSeconds", 3600))
                .post("/api/v1/checks").then().statusCode(201).extract().path("id");
        Api.as(token).body(Map.of("title", "first", "checkId", check)).post("/api/v1/incidents").then().statusCode(201);
        Api.as(token).body(Map.of("title", "second", "checkId", check)).post("/api/v1/incidents").then().statusCode(409)
                .contentType("application/problem+json");
        Api.as(token).body(Map.of("title", "x", "checkId", UUID.randomUUID().toString())).post("/api/v1/incidents")
                .then().statusCode(400).body("errors[0].field", equalTo("checkId"));
        Api.as(token).body(Map.of("impact", "apocalyptic")).post("/api/v1/incidents").then().statusCode(400)
                .body("errors.field", equalTo(List.of("title", "impact")));
        Api.as(token).body(Map.of("title", "t".repeat(201))).post("/api/v1/incidents").then().statusCode(400)
                .body("errors[0].field", equalTo("title"));
        String incident = Api.as(token).body(Map.of("title", "ok")).post("/api/v1/incidents").then().statusCode(201).extract().path("id");
        Api.as(token).body(Map.of("phase", "done", "message", "")).post("/api/v1/incidents/" + incident + "/updates")
                .then().statusCode(400).body("errors.field", equalTo(List.of("phase", "message")));
        Api.as(token).get("/api/v1/incidents?state=closed").then().statusCode(400).body("errors[0].field", equalTo("state"));
        Api.as(token).get("/api/v1/incidents?checkId=nope").then().statusCode(400).body("errors[0].field", equalTo("checkId"));
    }

    @Test
    void anotherWorkspacesIncidentIsNotFound() {
        String id = Api.as(token).body(Map.of("title", "mine")).post("/api/v1/incidents").then().statusCode(201).extract().path("id");
        String other = Tenants.workspaceWithToken(pool);
        Api.as(other).get("/api/v1/incidents/" + id).then().statusCode(404).contentType("application/problem+json");
        Api.as(other).body(Map.of("phase", "resolved", "message", "x")).post("/api/v1/incidents/" + id + "/updates")
                .then().statusCode(404);
        Api.as(other).get("/api/v1/incidents").then().statusCode(200).body("items", hasSize(0));
        Api.as(other).get("/api/v1/incidents/not-a-uuid").then().statusCode(404);
    }

    @Test
    void quorumIsAStringOrACount() {
        for (Object quorum : List.of("any", "all", "majority", 2)) {
            Api.as(token).body(Map.of("name", "q", "url", "http://q.example.invalid/", "quorum", quorum))
                    .post("/api/v1/checks").then().statusCode(201).body("quorum", equalTo(quorum));
        }
        for (Object quorum : List.of("most", 0, true)) {
            Api.as(token).body(Map.of("name", "q", "url", "http://q.example.invalid/", "quorum", quorum))
                    .post("/api/v1/checks").then().statusCode(400).body("errors[0].field", equalTo("quorum"));
        }
    }
}

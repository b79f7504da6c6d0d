package io.vigil.maintenance;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.testing.Api;
import io.vigil.testing.Await;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.TargetServer;
import io.vigil.testing.Tenants;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Maintenance windows and parent checks keep one alert per outage. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class SuppressionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    static final TargetServer target = TargetServer.shared();
    String token;
    @Inject
    Pool pool;

    @BeforeEach
    void token() {
        token = Api.adminToken();
    }

    private String check(String name, String path, int failureThreshold, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "url", target.url(path), "intervalSeconds", 1,
                "timeoutMs", 500, "failureThreshold", failureThreshold));
        body.putAll(extra);
        return Api.as(token).body(body).post("/api/v1/checks").then().statusCode(201).extract().path("id");
    }

    private JsonPath incidents(String checkId) {
        return Api.as(token).get("/api/v1/incidents?checkId=" + checkId).then().statusCode(200).extract().jsonPath();
    }

    private long wentDown(String checkId) {
        return pool.preparedQuery("SELECT count(*) FROM check_events WHERE check_id = $1 AND to_status = 'down'")
                .execute(Tuple.of(UUID.fromString(checkId))).await().atMost(WAIT).iterator().next().getLong(0);
    }

    @Test
    void aCheckInMaintenanceOpensNoIncidentUntilTheWindowEndsWhileStillDown() {
        String tag = "maint-" + UUID.randomUUID();
        String window = Api.as(token).body(Map.of("name", "db upgrade", "tags", List.of(tag),
                        "startsAt", Instant.now().minusSeconds(60).toString(), "endsAt", Instant.now().plusSeconds(3600).toString()))
                .post("/api/v1/maintenance").then().statusCode(201).body("active", equalTo(true)).extract().path("id");
        String id = check("in maintenance", "/fail", 1, Map.of("tags", List.of(tag)));
        Api.as(token).get("/api/v1/checks/" + id).then().body("status", equalTo("maintenance"));

        Await.until("the check to go down", WAIT, () -> wentDown(id) > 0);
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(incidents(id).getList("items")).as("no incident during maintenance").isEmpty();
        Api.as(token).get("/api/v1/checks/" + id).then().body("status", equalTo("maintenance"));

        Api.as(token).delete("/api/v1/maintenance/" + window).then().statusCode(204);
        Await.until("the incident once maintenance is over", WAIT, () -> incidents(id).getList("items").size() == 1);
        Api.as(token).get("/api/v1/checks/" + id).then().body("status", equalTo("down"));
        Api.as(token).delete("/api/v1/checks/" + id).then().statusCode(204);
    }

    @Test
    void whileTheParentIsDownTheChildsOutageIsFoldedIntoTheParentsIncident() {
        String parent = check("database", "/fail", 1, Map.of());
        Await.until("the parent's incident", WAIT, () -> incidents(parent).getList("items").size() == 1);
        String child = check("api", "/fail", 2, Map.of("parentId", parent));
        Await.until("the child to go down", WAIT, () -> wentDown(child) > 0);
        Await.until("the folded line", WAIT, () -> incidents(parent).getList("items[0].timeline.kind").contains("dependent_down"));
        assertThat(incidents(child).getList("items")).as("no incident of its own").isEmpty();
        assertThat(incidents(parent).getString("items[0].timeline.find { it.kind == 'dependent_down' }.detail"))
                .isEqualTo("api is down too");
        Api.as(token).delete("/api/v1/checks/" + child).then().statusCode(204);
        Api.as(token).delete("/api/v1/checks/" + parent).then().statusCode(204);
    }

    @Test
    void parentMustBeAnotherCheckOfTheWorkspaceWithoutCycles() {
        String a = Api.as(token).body(Map.of("name", "a", "url", "http://a.example.invalid/")).post("/api/v1/checks")
                .then().statusCode(201).extract().path("id");
        String b = Api.as(token).body(Map.of("name", "b", "url", "http://b.example.invalid/", "parentId", a))
                .post("/api/v1/checks").then().statusCode(201).body("parentId", equalTo(a)).extract().path("id");
        Api.as(token).body(Map.of("parentId", a)).patch("/api/v1/checks/" + a).then().statusCode(400)
                .body("errors[0].field", equalTo("parentId"));
        Api.as(token).body(Map.of("parentId", b)).patch("/api/v1/checks/" + a).then().statusCode(400)
                .body("errors[0].message", equalTo("would make a dependency cycle"));
        Api.as(token).body(Map.of("name", "c", "url", "http://c.example.invalid/", "parentId", UUID.randomUUID().toString()))
                .post("/api/v1/checks").then().statusCode(400).body("errors[0].field", equalTo("parentId"));
        String other = Tenants.workspaceWithToken(pool);
        Api.as(other).body(Map.of("name", "x", "url", "http://x.example.invalid/", "parentId", a))
                .post("/api/v1/checks").then().statusCode(400).body("errors[0].field", equalTo("parentId"));
    }

    @Test
    void maintenanceInputIsValidatedAndScopedToTheWorkspace() {
        Api.as(token).body(Map.of("tags", List.of("x"), "startsAt", "2026-01-01T00:00:00Z", "endsAt", "2026-01-02T00:00:00Z"))
                .post("/api/v1/maintenance").then().statusCode(400).body("errors[0].field", equalTo("name"));
        Api.as(token).body(Map.of("name", "n", "startsAt", "2026-01-01T00:00:00Z", "endsAt", "2026-01-02T00:00:00Z"))
                .post("/api/v1/maintenance").then().statusCode(400).body("errors[0].field", equalTo("checkIds"));
        Api.as(token).body(Map.of("name", "n", "tags", List.of("x")))
                .post("/api/v1/maintenance").then().statusCode(400).body("errors[0].field", equalTo("startsAt"));
        Api.as(token).body(Map.of("name", "n", "tags", List.of("x"), "startsAt", "2026-01-02T00:00:00Z", "endsAt", "2026-01-01T00:00:00Z"))
                .post("/api/v1/maintenance").then().statusCode(400).body("errors[0].field", equalTo("endsAt"));
        Api.as(token).body(Map.of("name", "n", "tags", List.of("x"), "cron", "every sunday", "durationMinutes", 0, "timeZone", "Mars/Olympus"))
                .post("/api/v1/maintenance").then().statusCode(400)
                .body("errors.field", equalTo(List.of("cron", "durationMinutes", "timeZone")));
        Api.as(token).body(Map.of("name", "n", "checkIds", List.of(UUID.randomUUID().toString()), "cron", "0 2 * * SUN",
                        "durationMinutes", 60, "timeZone", "UTC"))
                .post("/api/v1/maintenance").then().statusCode(400).body("errors[0].field", equalTo("checkIds"));

        String id = Api.as(token).body(Map.of("name", "weekly", "tags", List.of("db"), "cron", "0 2 * * SUN",
                        "durationMinutes", 120, "timeZone", "Europe/Berlin"))
                .post("/api/v1/maintenance").then().statusCode(201).body("cron", equalTo("0 2 * * SUN"))
                .body("nextStart", org.hamcrest.Matchers.notNullValue()).extract().path("id");
        Api.as(token).get("/api/v1/maintenance").then().statusCode(200).body("items.id", hasItem(id));
        String other = Tenants.workspaceWithToken(pool);
        Api.as(other).get("/api/v1/maintenance/" + id).then().statusCode(404);
        Api.as(other).delete("/api/v1/maintenance/" + id).then().statusCode(404);
        Api.as(other).get("/api/v1/maintenance").then().body("items.id", org.hamcrest.Matchers.not(hasItem(id)));
        Api.as(token).get("/api/v1/maintenance/" + id).then().statusCode(200).body("name", equalTo("weekly"));
        Api.as(token).delete("/api/v1/maintenance/" + id).then().statusCode(204);
    }
}

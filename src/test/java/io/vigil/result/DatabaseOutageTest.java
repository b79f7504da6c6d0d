package io.vigil.result;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.vigil.testing.Api;
import io.vigil.testing.Await;
import io.vigil.testing.Database;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.TargetServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The database goes away while probes keep running: nothing is lost, and clients get a 503, not a 500. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class DatabaseOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    static final TargetServer target = TargetServer.shared();

    @Test
    void resultsProbedWhileTheDatabaseIsAwayAreWrittenWhenItReturns() throws InterruptedException {
        String token = Api.adminToken();
        String id = Api.as(token).body(Map.of("name", "outage", "url", target.url("/ok"), "intervalSeconds", 1,
                "timeoutMs", 500)).post("/api/v1/checks").then().statusCode(201).extract().path("id");
        String results = "/api/v1/checks/" + id + "/results?limit=500";
        Await.until("first results", WAIT, () -> Api.as(token).get(results).jsonPath().getList("items").size() >= 2);

        int hitsBefore = target.hits.get();
        Database.cut();
        try {
            Thread.sleep(4000);
            RestAssured.get("/q/health/ready").then().statusCode(503);
            Api.as(token).get("/api/v1/checks/" + id).then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "5");
        } finally {
            Database.restore();
        }
        assertThat(target.hits.get() - hitsBefore).as("probing went on without the database").isGreaterThanOrEqualTo(3);

        Await.until("readiness", WAIT, () -> RestAssured.get("/q/health/ready").statusCode() == 200);
        Instant restored = Instant.now();
        Await.until("results past the outage", WAIT, () -> {
            List<String> slots = Api.as(token).get(results).jsonPath().getList("items.scheduledAt");
            return !slots.isEmpty() && Instant.parse(slots.get(0)).isAfter(restored);
        });

        JsonPath page = Api.as(token).get(results).then().statusCode(200).extract().jsonPath();
        List<Instant> slots = new ArrayList<>();
        page.getList("items.scheduledAt", String.class).forEach(s -> slots.add(Instant.parse(s)));
        assertThat(page.getList("items.outcome")).containsOnly("up");
        assertThat(slots.size()).isGreaterThanOrEqualTo(7);
        for (int i = 1; i < slots.size(); i++) {
            assertThat(Duration.between(slots.get(i), slots.get(i - 1)))
                    .as("no slot lost around the outage").isEqualTo(Duration.ofSeconds(1));
        }
        Api.as(token).delete("/api/v1/checks/" + id).then().statusCode(204);
    }

    /**
     * Verdicts are judged from the results as they are taken, not as they are written: across a 30 s outage of the
     * database a healthy check records no {@code unknown}, and an outage that begins meanwhile opens its incident
     * with the real time of its first failure and of its quorum, not the time the database came back.
     */
    @Test
    void verdictsFollowTheProbesWhileTheDatabaseIsAway() throws InterruptedException {
        String token = Api.adminToken();
        try (TargetServer own = new TargetServer()) {
            String healthy = Api.as(token).body(Map.of("name", "steady", "url", own.url("/ok"), "intervalSeconds", 2,
                    "timeoutMs", 500)).post("/api/v1/checks").then().statusCode(201).extract().path("id");
            String failing = Api.as(token).body(Map.of("name", "breaks", "url", own.url("/flaky"), "intervalSeconds", 2,
                    "timeoutMs", 500, "failureThreshold", 2)).post("/api/v1/checks").then().statusCode(201).extract().path("id");
            Await.until("both up", WAIT, () -> "up".equals(Api.as(token).get("/api/v1/checks/" + healthy).path("status"))
                    && "up".equals(Api.as(token).get("/api/v1/checks/" + failing).path("status")));

            Instant cut = Instant.now();
            Instant failingFrom;
            Database.cut();
            try {
                Thread.sleep(10_000);
                own.flakyStatus.set(500);
                failingFrom = Instant.now();
                Thread.sleep(20_000);
            } finally {
                Database.restore();
            }
            Instant restored = Instant.now();
            Await.until("readiness", WAIT, () -> RestAssured.get("/q/health/ready").statusCode() == 200);
            Await.until("the incident", WAIT, () -> !Api.as(token).get("/api/v1/incidents?checkId=" + failing)
                    .jsonPath().getList("items").isEmpty());

            List<String> toStatuses = Api.as(token).get("/api/v1/checks/" + healthy + "/events?limit=100")
                    .then().statusCode(200).extract().jsonPath().getList("items.to");
            assertThat(toStatuses).as("the healthy check across the outage").doesNotContain("unknown", "down");

            JsonPath incident = Api.as(token).get("/api/v1/incidents?checkId=" + failing).then().statusCode(200)
                    .extract().jsonPath();
            Instant startedAt = Instant.parse(incident.getString("items[0].startedAt"));
            assertThat(startedAt).as("quorum reached two failed slots after the target broke, not at recovery")
                    .isAfter(failingFrom).isBefore(failingFrom.plusSeconds(2 * 2 + 3)).isBefore(restored);
            List<Map<String, Object>> timeline = incident.getList("items[0].timeline");
            Instant firstFailure = timeline.stream().filter(e -> "first_failure".equals(e.get("kind")))
                    .map(e -> Instant.parse((String) e.get("at"))).findFirst().orElseThrow();
            assertThat(firstFailure).as("the first failed slot, within one interval of the break")
                    .isAfter(failingFrom.minusSeconds(2)).isBefore(failingFrom.plusSeconds(2 + 1)).isAfter(cut);

            own.flakyStatus.set(200);
            Api.as(token).delete("/api/v1/checks/" + healthy).then().statusCode(204);
            Api.as(token).delete("/api/v1/checks/" + failing).then().statusCode(204);
        }
    }
}

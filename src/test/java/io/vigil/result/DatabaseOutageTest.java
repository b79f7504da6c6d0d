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

/**
 * The database goes away (its connections cut by the proxy in front of it) while probes keep running: nothing is lost,
 * and clients get a 503, not a 500. A real stop of the server for 30 s, and what verdicts do across it:
 * {@link DatabaseStopTest}.
 */
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
}

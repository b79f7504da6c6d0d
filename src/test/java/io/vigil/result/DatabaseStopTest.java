package io.vigil.result;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.vigil.testing.Api;
import io.vigil.testing.Await;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.PostgresServer;
import io.vigil.testing.TargetServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The embedded PostgreSQL really stops for 30 s ({@code pg_ctl stop -m fast}, then started again on the same port and
 * data directory), with the application connected straight to it (no proxy): its sessions are terminated by the
 * server and new connections to 127.0.0.1 are refused until it is back. Verdicts are judged from the results as they
 * are taken, not as they are written: a healthy check records no {@code unknown}, and an outage that begins meanwhile
 * opens its incident with the real time of its first failure and of its quorum, not the time the database came back.
 * (The same across a cut connection: {@link DatabaseOutageTest}.)
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = PostgresResource.DIRECT, value = "true"))
class DatabaseStopTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void verdictsFollowTheProbesWhileTheDatabaseIsStopped() throws InterruptedException {
        assumeTrue(PostgresServer.available(), "only the embedded PostgreSQL can be stopped by the test");
        String token = Api.adminToken();
        try (TargetServer own = new TargetServer()) {
            String healthy = Api.as(token).body(Map.of("name", "steady", "url", own.url("/ok"), "intervalSeconds", 2,
                    "timeoutMs", 500)).post("/api/v1/checks").then().statusCode(201).extract().path("id");
            String failing = Api.as(token).body(Map.of("name", "breaks", "url", own.url("/flaky"), "intervalSeconds", 2,
                    "timeoutMs", 500, "failureThreshold", 2)).post("/api/v1/checks").then().statusCode(201).extract().path("id");
            Await.until("both up", WAIT, () -> "up".equals(Api.as(token).get("/api/v1/checks/" + healthy).path("status"))
                    && "up".equals(Api.as(token).get("/api/v1/checks/" + failing).path("status")));

            Instant stopped = Instant.now();
            Instant failingFrom;
            int hitsBefore = own.hits.get();
            PostgresServer.stop();
            try {
                Thread.sleep(4000);
                RestAssured.get("/q/health/ready").then().statusCode(503);
                Api.as(token).get("/api/v1/checks/" + healthy).then().statusCode(503)
                        .contentType("application/problem+json").header("Retry-After", "5");
                Thread.sleep(6000);
                own.flakyStatus.set(500);
                failingFrom = Instant.now();
                Thread.sleep(20_000);
            } finally {
                PostgresServer.start();
            }
            Instant restarted = Instant.now();
            assertThat(own.hits.get() - hitsBefore).as("probing went on without the database").isGreaterThanOrEqualTo(20);
            Await.until("readiness", WAIT, () -> RestAssured.get("/q/health/ready").statusCode() == 200);
            Await.until("the incident", WAIT, () -> !Api.as(token).get("/api/v1/incidents?checkId=" + failing)
                    .jsonPath().getList("items").isEmpty());

            List<String> toStatuses = Api.as(token).get("/api/v1/checks/" + healthy + "/events?limit=100")
                    .then().statusCode(200).extract().jsonPath().getList("items.to");
            assertThat(toStatuses).as("the healthy check across the stop").doesNotContain("unknown", "down");

            JsonPath incident = Api.as(token).get("/api/v1/incidents?checkId=" + failing).then().statusCode(200)
                    .extract().jsonPath();
            Instant startedAt = Instant.parse(incident.getString("items[0].startedAt"));
            assertThat(startedAt).as("quorum reached two failed slots after the target broke, not at restart")
                    .isAfter(failingFrom).isBefore(failingFrom.plusSeconds(2 * 2 + 3)).isBefore(restarted);
            List<Map<String, Object>> timeline = incident.getList("items[0].timeline");
            Instant firstFailure = timeline.stream().filter(e -> "first_failure".equals(e.get("kind")))
                    .map(e -> Instant.parse((String) e.get("at"))).findFirst().orElseThrow();
            assertThat(firstFailure).as("the first failed slot, within one interval of the break")
                    .isAfter(failingFrom.minusSeconds(2)).isBefore(failingFrom.plusSeconds(2 + 1)).isAfter(stopped);

            own.flakyStatus.set(200);
            Api.as(token).delete("/api/v1/checks/" + healthy).then().statusCode(204);
            Api.as(token).delete("/api/v1/checks/" + failing).then().statusCode(204);
        }
    }
}

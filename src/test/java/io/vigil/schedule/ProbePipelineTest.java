package io.vigil.schedule;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.vigil.testing.Api;
import io.vigil.testing.Await;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.TargetServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** Checks against a real local HTTP server, through the scheduler, the probe, the database and the API. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ProbePipelineTest {

    static final TargetServer target = TargetServer.shared();
    String token;
    @jakarta.inject.Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @BeforeEach
    void token() {
        token = Api.adminToken();
    }

    private String create(String path, List<String> assertions, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "probe " + path, "url", target.url(path),
                "intervalSeconds", 1, "timeoutMs", 800, "assertions", assertions));
        body.putAll(extra);
        return Api.as(token).body(body).post("/api/v1/checks").then().statusCode(201).extract().path("id");
    }

    private JsonPath run(String id) {
        return Api.as(token).post("/api/v1/checks/" + id + "/run").then().statusCode(200).extract().jsonPath();
    }

    private JsonPath awaitResults(String id, Predicate<JsonPath> done) {
        JsonPath[] page = new JsonPath[1];
        Await.until("results for " + id, Duration.ofSeconds(20), () -> {
            page[0] = Api.as(token).get("/api/v1/checks/" + id + "/results?limit=500").then().statusCode(200)
                    .extract().jsonPath();
            return done.test(page[0]);
        });
        return page[0];
    }

    @Test
    void scheduledProbesAreStoredWithTimingsAssertionsAndSlotTimes() throws InterruptedException {
        String id = create("/ok", List.of("status == 200", "json $.db == \"up\"", "response_time < 800"), Map.of());
        JsonPath page = awaitResults(id, p -> p.getList("items").size() >= 3);
        Map<String, Object> first = page.getMap("items[0]");
        assertThat(first).containsEntry("region", "local").containsEntry("outcome", "up").containsEntry("statusCode", 200);
        assertThat(page.getString("items[0].error")).isNull();
        assertThat(page.getLong("items[0].timings.connectMs")).isNotNull();
        assertThat(page.getLong("items[0].timings.firstByteMs")).isNotNull();
        assertThat(page.getLong("items[0].timings.totalMs")).isNotNull();
        assertThat(page.getString("items[0].timings.dnsMs")).isNull(); // an IP literal needs no lookup
        assertThat(page.getList("items[0].assertions.passed")).containsOnly(true);
        assertThat(page.getString("items[0].assertions[1].actual")).isEqualTo("\"up\"");

        // Slots are the check's phase plus whole intervals: consecutive results are exactly 1 s apart.
        List<String> slots = page.getList("items.scheduledAt");
        long a = java.time.Instant.parse(slots.get(0)).toEpochMilli();
        long b = java.time.Instant.parse(slots.get(1)).toEpochMilli();
        assertThat(a - b).isEqualTo(1000);
        assertThat(a % 1000).isEqualTo(Slots.phase(java.util.UUID.fromString(id), 1000));

        Await.until("up", Duration.ofSeconds(20),
                () -> "up".equals(Api.as(token).get("/api/v1/checks/" + id).jsonPath().getString("status")));
        Api.as(token).get("/api/v1/checks/" + id + "/summary?window=24h").then().statusCode(200)
                .body("uptimePercent", equalTo(100.0f))
                .body("counts.up", greaterThan(2))
                .body("latencyMs.p50", notNullValue())
                .body("regions[0].region", equalTo("local"));

        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(Api.as(token).get("/api/v1/metrics").then().statusCode(200).extract().asString())
                .contains("vigil_check_up{check=\"" + id + "\"");
        assertThat(metrics).contains("vigil_probes_total{outcome=\"up\",region=\"local\",}")
                .doesNotContain(id)
                .contains("vigil_probe_duration_seconds_bucket")
                .contains("vigil_scheduler_lag_seconds_bucket")
                .contains("vigil_results_written_total");
        Api.as(token).delete("/api/v1/checks/" + id).then().statusCode(204);
        long rollups = pool.preparedQuery("SELECT (SELECT count(*) FROM rollups_minute WHERE check_id = $1) "
                        + "+ (SELECT count(*) FROM rollups_hour WHERE check_id = $1) + (SELECT count(*) FROM rollups_day WHERE check_id = $1)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(java.util.UUID.fromString(id)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        assertThat(rollups).as("rollups leave with their check").isZero();
    }

    @Test
    void failuresOpenDownAfterTheThresholdAndRecoveryComesBack() throws InterruptedException {
        target.flakyStatus.set(503);
        String id = create("/flaky", List.of(), Map.of("failureThreshold", 2));
        awaitResults(id, p -> p.getList("items").size() >= 2);
        // The verdict is stored in its own transaction right after the results: wait for it rather than race it.
        Await.until("down", Duration.ofSeconds(20),
                () -> "down".equals(Api.as(token).get("/api/v1/checks/" + id).jsonPath().getString("status")));
        JsonPath down = Api.as(token).get("/api/v1/checks/" + id + "/results?limit=1").then().extract().jsonPath();
        assertThat(down.getString("items[0].outcome")).isEqualTo("down");
        assertThat(down.getString("items[0].error.class")).isEqualTo("assertion");
        assertThat(down.getString("items[0].assertions[0].condition")).isEqualTo("status in 200..299");
        assertThat(down.getString("items[0].assertions[0].actual")).isEqualTo("503");

        target.flakyStatus.set(200);
        awaitResults(id, p -> "up".equals(p.getString("items[0].outcome")));
        Await.until("up", Duration.ofSeconds(20),
                () -> "up".equals(Api.as(token).get("/api/v1/checks/" + id).jsonPath().getString("status")));
        Api.as(token).get("/api/v1/checks/" + id + "/summary").then()
                .body("counts.down", greaterThan(1)).body("uptimePercent", org.hamcrest.Matchers.lessThan(100.0f));
        Api.as(token).delete("/api/v1/checks/" + id).then().statusCode(204);
    }

    @Test
    void pausedChecksAreNotProbed() throws InterruptedException {
        String id = create("/ok", List.of(), Map.of());
        Api.as(token).post("/api/v1/checks/" + id + "/pause").then().statusCode(200);
        Thread.sleep(2500);
        int before = Api.as(token).get("/api/v1/checks/" + id + "/results").then().extract().jsonPath().getList("items").size();
        Thread.sleep(2000);
        Api.as(token).get("/api/v1/checks/" + id + "/results").then().body("items.size()", equalTo(before));
        Api.as(token).delete("/api/v1/checks/" + id).then().statusCode(204);
    }

    @Test
    void runProbesNowAndClassifiesEveryKindOfFailure() {
        String ok = create("/ok", List.of("status == 200", "body contains \"ok\""), Map.of("intervalSeconds", 3600, "timeoutMs", 2000));
        JsonPath r = run(ok);
        assertThat(r.getString("outcome")).isEqualTo("up");
        assertThat(r.getInt("statusCode")).isEqualTo(200);

        JsonPath fail = run(create("/fail", List.of("status == 200"), Map.of("intervalSeconds", 3600, "timeoutMs", 2000)));
        assertThat(fail.getString("outcome")).isEqualTo("down");
        assertThat(fail.getString("error.class")).isEqualTo("assertion");
        assertThat(fail.getInt("statusCode")).isEqualTo(500);

        JsonPath slow = run(create("/slow?ms=3000", List.of(), Map.of("intervalSeconds", 3600, "timeoutMs", 500)));
        assertThat(slow.getString("error.class")).isEqualTo("timeout");

        JsonPath chain = run(create("/redirect/3", List.of("status == 200"), Map.of("intervalSeconds", 3600, "timeoutMs", 2000)));
        assertThat(chain.getString("outcome")).isEqualTo("up");

        JsonPath loop = run(create("/loop", List.of(), Map.of("intervalSeconds", 3600, "timeoutMs", 2000)));
        assertThat(loop.getString("error.class")).isEqualTo("http");

        JsonPath big = run(create("/big", List.of("body contains \"xxx\""), Map.of("intervalSeconds", 3600, "timeoutMs", 5000)));
        assertThat(big.getString("outcome")).isEqualTo("up");

        JsonPath refused = run(create("/", List.of(), Map.of("url", "http://127.0.0.1:1/", "intervalSeconds", 3600, "timeoutMs", 2000)));
        assertThat(refused.getString("error.class")).isEqualTo("connect");

        JsonPath dns = run(create("/", List.of(), Map.of("url", "http://no-such-host.invalid/", "intervalSeconds", 3600, "timeoutMs", 2000)));
        assertThat(dns.getString("error.class")).isEqualTo("dns");

        int hitsBefore = target.hits.get();
        JsonPath ssrf = run(create("/to?url=http://169.254.169.254/latest/meta-data/", List.of(),
                Map.of("intervalSeconds", 3600, "timeoutMs", 2000)));
        assertThat(ssrf.getString("error.class")).isEqualTo("blocked");
        assertThat(ssrf.getString("error.message")).contains("169.254.169.254");
        assertThat(target.hits.get()).isEqualTo(hitsBefore + 1); // only the redirecting hop reached a server
    }

    @Test
    void resultQueriesValidateTheirParameters() {
        String id = create("/ok", List.of(), Map.of("intervalSeconds", 3600, "timeoutMs", 2000));
        Api.as(token).get("/api/v1/checks/" + id + "/results?from=yesterday").then().statusCode(400)
                .body("errors[0].field", equalTo("from"));
        Api.as(token).get("/api/v1/checks/" + id + "/results?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")
                .then().statusCode(400).body("errors[0].field", equalTo("to"));
        Api.as(token).get("/api/v1/checks/" + id + "/summary?window=1y").then().statusCode(400)
                .body("errors[0].field", equalTo("window"));
        Api.as(token).get("/api/v1/checks/" + id + "/summary").then().statusCode(200)
                .body("uptimePercent", nullValue()).body("window", equalTo("24h"));
        Api.as(token).get("/api/v1/checks/" + id + "/results?region=nowhere").then().statusCode(200)
                .body("items.size()", equalTo(0)).body("next", nullValue());
    }

    @Test
    void healthIsReadyWithTheDatabase() {
        RestAssured.get("/q/health/ready").then().statusCode(200).body(containsString("UP"));
    }
}

package io.vigil.metrics;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.testing.Api;
import io.vigil.testing.Await;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.TargetServer;
import io.vigil.testing.Tenants;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Per-check series belong to their workspace: {@code /api/v1/metrics} shows the bearer's checks only, the anonymous
 * {@code /q/metrics} none, and both are what the real {@code promtool} accepts without a lint remark on Vigil's series.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class MetricsTenancyTest {

    static final TargetServer target = TargetServer.shared();

    @Inject
    Pool pool;
    static String tokenA;
    static String tokenB;
    static String checkA;
    static String checkB;
    static int port;

    @BeforeEach
    void twoWorkspacesWithAJudgedCheckEach() {
        if (checkA != null) {
            return;
        }
        port = RestAssured.port;
        tokenA = Api.adminToken();
        tokenB = Tenants.workspaceWithToken(pool);
        checkA = create(tokenA, "alpha \"api\" \\ home", "/ok");
        checkB = create(tokenB, "bravo-secret-name", "/fail");
        awaitStatus(tokenA, checkA, "up");
        awaitStatus(tokenB, checkB, "down");
    }

    @AfterAll
    static void deleteChecks() {
        // the checks probe every second: they must not outlive this class (REST Assured's port is reset by now)
        Api.as(tokenA).port(port).delete("/api/v1/checks/" + checkA).then().statusCode(204);
        Api.as(tokenB).port(port).delete("/api/v1/checks/" + checkB).then().statusCode(204);
    }

    private static String create(String token, String name, String path) {
        return Api.as(token).body(Map.of("name", name, "url", target.url(path), "intervalSeconds", 1,
                        "timeoutMs", 800, "failureThreshold", 1))
                .post("/api/v1/checks").then().statusCode(201).extract().path("id");
    }

    private static void awaitStatus(String token, String id, String status) {
        Await.until(id + " " + status, Duration.ofSeconds(20),
                () -> status.equals(Api.as(token).get("/api/v1/checks/" + id).jsonPath().getString("status")));
    }

    private static String scrape(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token).get("/api/v1/metrics")
                .then().statusCode(200).header("Content-Type", startsWith("text/plain; version=0.0.4"))
                .extract().asString();
    }

    @Test
    void aWorkspaceTokenSeesItsOwnChecksOnly() {
        String a = scrape(tokenA);
        assertThat(a).contains("vigil_check_up{check=\"" + checkA + "\",name=\"alpha \\\"api\\\" \\\\ home\",} 1.0")
                .doesNotContain(checkB).doesNotContain("bravo-secret-name");
        String b = scrape(tokenB);
        assertThat(b).contains("vigil_check_up{check=\"" + checkB + "\",name=\"bravo-secret-name\",} 0.0")
                .doesNotContain(checkA).doesNotContain("alpha");
    }

    @Test
    void noTokenNoMetrics() {
        RestAssured.get("/api/v1/metrics").then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
        RestAssured.given().header("Authorization", "Bearer vgl_not-a-token").get("/api/v1/metrics")
                .then().statusCode(401);
    }

    @Test
    void anonymousMetricsNameNoCheckAndNoWorkspace() {
        String all = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(all).contains("vigil_probes_total", "vigil_results_written_total")
                .doesNotContain("vigil_check_up").doesNotContain(checkA).doesNotContain(checkB)
                .doesNotContain("bravo-secret-name");
    }

    /** What Prometheus 2.x sends when it scrapes. */
    static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
            + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    @Test
    void openMetricsWhenAsked() {
        RestAssured.given().header("Authorization", "Bearer " + tokenA).accept(PROMETHEUS_ACCEPT)
                .get("/api/v1/metrics").then().statusCode(200)
                .header("Content-Type", startsWith("application/openmetrics-text"))
                .body(containsString(checkA)).body(containsString("# EOF"));
        RestAssured.given().accept(PROMETHEUS_ACCEPT).get("/q/metrics").then().statusCode(200)
                .header("Content-Type", startsWith("application/openmetrics-text"));
    }

    @Test
    void promtoolReadsBothEndpointsWithoutARemarkOnVigilSeries() throws Exception {
        // curl sends Accept: */*; REST Assured the same
        String health = RestAssured.get("/q/metrics").then().statusCode(200)
                .header("Content-Type", startsWith("text/plain; version=0.0.4")).extract().asString();
        Promtool.Verdict q = Promtool.check(health);
        // exit 1: does not parse; 3: parses, with lint remarks (third-party families such as netty_* lack HELP)
        assertThat(q.exit()).as("promtool on /q/metrics: %s", q.lines()).isIn(0, 3);
        assertThat(q.about("vigil_")).as("remarks on Vigil's series").isEmpty();
        assertThat(q.lines()).as("label names").noneMatch(l -> l.contains("snake_case"));
        assertThat(health).as("families without a name").doesNotContain("\nm__");
        assertThat(health).contains("# HELP vigil_probes_total Probes run", "# HELP vigil_results_buffered ",
                "# HELP vigil_scheduler_lag_seconds ");

        Promtool.Verdict api = Promtool.check(scrape(tokenA));
        assertThat(api.lines()).as("promtool on /api/v1/metrics").isEmpty();
        assertThat(api.exit()).isZero();
    }
}

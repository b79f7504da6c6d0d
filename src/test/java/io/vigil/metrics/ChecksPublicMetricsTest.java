package io.vigil.metrics;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vigil.testing.Api;
import io.vigil.testing.Await;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.TargetServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A single-tenant install opts in: {@code vigil.metrics.checks-public=true} puts the per-check series on /q/metrics. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(ChecksPublicMetricsTest.ChecksPublic.class)
class ChecksPublicMetricsTest {

    public static class ChecksPublic implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.metrics.checks-public", "true");
        }
    }

    @Test
    void perCheckSeriesJoinTheAnonymousScrape() throws Exception {
        String token = Api.adminToken();
        String id = Api.as(token).body(Map.of("name", "public one", "url", TargetServer.shared().url("/ok"),
                "intervalSeconds", 1, "timeoutMs", 800)).post("/api/v1/checks").then().statusCode(201).extract().path("id");
        Await.until("up", Duration.ofSeconds(20),
                () -> "up".equals(Api.as(token).get("/api/v1/checks/" + id).jsonPath().getString("status")));
        String workspace = Api.as(token).get("/api/v1/metrics").then().statusCode(200).extract().asString();
        assertThat(workspace).contains("vigil_check_up{check=\"" + id + "\",name=\"public one\",} 1.0");

        String all = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(all).containsPattern("vigil_check_up\\{workspace=\"[0-9a-f-]{36}\",check=\"" + id
                + "\",name=\"public one\",} 1.0");
        Promtool.Verdict verdict = Promtool.check(all);
        assertThat(verdict.exit()).isIn(0, 3);
        assertThat(verdict.about("vigil_")).isEmpty();

        Api.as(token).delete("/api/v1/checks/" + id).then().statusCode(204);
        Await.until("series gone", Duration.ofSeconds(10),
                () -> !RestAssured.get("/q/metrics").asString().contains(id));
    }
}

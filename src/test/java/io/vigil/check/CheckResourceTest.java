package io.vigil.check;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.result.ResultPartitions;
import io.vigil.testing.Api;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Tenants;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class CheckResourceTest {

    @Inject
    Pool pool;
    @Inject
    ResultPartitions partitions;

    String token;

    @BeforeEach
    void token() {
        token = Api.adminToken();
    }

    static Map<String, Object> check(String name) {
        Map<String, Object> c = new HashMap<>();
        c.put("name", name);
        c.put("url", "https://status.example.invalid/health");
        c.put("intervalSeconds", 60);
        c.put("assertions", List.of("status == 200"));
        return c;
    }

    private String create(Map<String, Object> body) {
        return Api.as(token).body(body).post("/api/v1/checks").then().statusCode(201).extract().path("id");
    }

    private ValidatableResponse invalid(Object body) {
        return Api.as(token).body(body).post("/api/v1/checks")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
    }

    @Test
    void createReturns201LocationAndDefaults() {
        Map<String, Object> body = check("Homepage");
        body.put("headers", Map.of("Accept", "application/json"));
        body.put("tags", List.of("prod", "web"));
        String id = Api.as(token).body(body).post("/api/v1/checks")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/checks/"))
                .body("id", notNullValue())
                .body("type", equalTo("http"))
                .body("method", equalTo("GET"))
                .body("followRedirects", equalTo(true))
                .body("regions", equalTo(List.of("local")))
                .body("timeoutMs", equalTo(10000))
                .body("failureThreshold", equalTo(2))
                .body("successThreshold", equalTo(1))
                .body("status", equalTo("pending"))
                .body("flapping", equalTo(false))
                .body("headers.Accept", equalTo("application/json"))
                .body("createdAt", notNullValue())
                .extract().path("id");
        Api.as(token).get("/api/v1/checks/" + id).then().statusCode(200)
                .body("name", equalTo("Homepage")).body("tags", equalTo(List.of("prod", "web")));
    }

    @Test
    void putReplacesPatchMergesDeleteRemoves() {
        String id = create(check("Before"));
        Map<String, Object> replacement = check("After");
        replacement.put("intervalSeconds", 120);
        Api.as(token).body(replacement).put("/api/v1/checks/" + id).then().statusCode(200)
                .body("name", equalTo("After")).body("intervalSeconds", equalTo(120));
        Api.as(token).body(Map.of("name", "Patched", "tags", List.of("x"))).patch("/api/v1/checks/" + id)
                .then().statusCode(200)
                .body("name", equalTo("Patched")).body("intervalSeconds", equalTo(120)).body("tags", equalTo(List.of("x")));
        Api.as(token).body(Map.of("intervalSeconds", "often")).patch("/api/v1/checks/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("intervalSeconds"));
        Api.as(token).delete("/api/v1/checks/" + id).then().statusCode(204);
        Api.as(token).get("/api/v1/checks/" + id).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void pauseAndResume() {
        String id = create(check("Pausable"));
        Api.as(token).post("/api/v1/checks/" + id + "/pause").then().statusCode(200).body("status", equalTo("paused"));
        Api.as(token).get("/api/v1/checks/" + id).then().body("status", equalTo("paused"));
        Api.as(token).post("/api/v1/checks/" + id + "/resume").then().statusCode(200).body("status", equalTo("pending"));
    }

    @Test
    void listIsPagedNewestFirstWithAnOpaqueCursor() {
        String other = Tenants.workspaceWithToken(pool);
        for (int i = 0; i < 3; i++) {
            Api.as(other).body(check("paged-" + i)).post("/api/v1/checks").then().statusCode(201);
        }
        String next = Api.as(other).get("/api/v1/checks?limit=2").then().statusCode(200)
                .body("items", hasSize(2))
                .body("items[0].name", equalTo("paged-2"))
                .body("next", notNullValue())
                .extract().path("next");
        Api.as(other).queryParam("limit", 2).queryParam("cursor", next).get("/api/v1/checks").then().statusCode(200)
                .body("items.name", equalTo(List.of("paged-0")))
                .body("next", nullValue());
        Api.as(other).get("/api/v1/checks?limit=0").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        Api.as(other).get("/api/v1/checks?limit=501").then().statusCode(400);
        Api.as(other).get("/api/v1/checks?cursor=garbage!").then().statusCode(400).body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void anotherWorkspacesCheckIsNotFoundOnEveryRoute() {
        String id = create(check("Mine"));
        String other = Tenants.workspaceWithToken(pool);
        Api.as(other).get("/api/v1/checks/" + id).then().statusCode(404).contentType("application/problem+json");
        Api.as(other).body(check("Theirs")).put("/api/v1/checks/" + id).then().statusCode(404);
        Api.as(other).body(Map.of("name", "x")).patch("/api/v1/checks/" + id).then().statusCode(404);
        Api.as(other).post("/api/v1/checks/" + id + "/pause").then().statusCode(404);
        Api.as(other).post("/api/v1/checks/" + id + "/resume").then().statusCode(404);
        Api.as(other).post("/api/v1/checks/" + id + "/run").then().statusCode(404);
        Api.as(other).get("/api/v1/checks/" + id + "/results").then().statusCode(404);
        Api.as(other).get("/api/v1/checks/" + id + "/summary").then().statusCode(404);
        Api.as(other).get("/api/v1/checks/" + id + "/events").then().statusCode(404);
        Api.as(other).delete("/api/v1/checks/" + id).then().statusCode(404);
        Api.as(other).get("/api/v1/checks").then().statusCode(200).body("items.id", not(hasItem(id)));
        Api.as(token).get("/api/v1/checks/" + id).then().statusCode(200).body("name", equalTo("Mine"));
    }

    @Test
    void viewersCannotWrite() {
        String viewer = io.restassured.RestAssured.given().auth().preemptive().basic(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD)
                .contentType("application/json").body(Map.of("role", "viewer"))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
        Api.as(viewer).body(check("nope")).post("/api/v1/checks").then().statusCode(403)
                .contentType("application/problem+json");
        Api.as(viewer).get("/api/v1/checks").then().statusCode(200);
    }

    @Test
    void missingFieldsAreNamed() {
        invalid(Map.of("url", "https://status.example.invalid")).body("errors.field", hasItem("name"));
        invalid(Map.of("name", "x")).body("errors.field", hasItem("url"));
        Api.as(token).post("/api/v1/checks").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void unknownFieldWrongTypeAndMalformedJson() {
        Map<String, Object> unknown = check("x");
        unknown.put("colour", "red");
        invalid(unknown).body("errors[0].field", equalTo("colour")).body("errors[0].message", containsString("unknown"));

        Map<String, Object> wrongType = check("x");
        wrongType.put("intervalSeconds", "60");
        invalid(wrongType).body("errors[0].field", equalTo("intervalSeconds"));
        wrongType.put("intervalSeconds", 60.5);
        invalid(wrongType).body("errors[0].field", equalTo("intervalSeconds"));

        Map<String, Object> wrongList = check("x");
        wrongList.put("assertions", "status == 200");
        invalid(wrongList).body("errors[0].field", equalTo("assertions"));

        Map<String, Object> wrongHeader = check("x");
        wrongHeader.put("headers", Map.of("X-Count", 5));
        invalid(wrongHeader).body("errors[0].field", equalTo("headers.X-Count"));

        invalid("{\"name\": \"x\", ").body("detail", containsString("malformed JSON"));
        invalid("[1, 2]").body("detail", notNullValue());
        Api.as(token).contentType("text/plain").body("name=x").post("/api/v1/checks")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void urlRules() {
        for (String url : List.of("ftp://example.com/", "file:///etc/passwd", "javascript:alert(1)", "example.com",
                "http://", "https://user:pw@example.com/", "http://exa mple.com/")) {
            Map<String, Object> body = check("x");
            body.put("url", url);
            invalid(body).body("errors[0].field", equalTo("url"));
        }
    }

    @Test
    void intervalTimeoutAndThresholdRules() {
        Map<String, Object> body = check("x");
        body.put("intervalSeconds", 0);
        invalid(body).body("errors[0].field", equalTo("intervalSeconds"))
                .body("errors[0].message", containsString("min-interval"));
        body.put("intervalSeconds", 10);
        body.put("timeoutMs", 10_000);
        invalid(body).body("errors[0].field", equalTo("timeoutMs")).body("errors[0].message", containsString("less than the interval"));
        body.put("timeoutMs", 5_000);
        body.put("degradedAfterMs", 6_000);
        body.put("failureThreshold", 0);
        invalid(body).body("errors.field", equalTo(List.of("degradedAfterMs", "failureThreshold")));
    }

    @Test
    void headerAndBodyLimits() {
        Map<String, Object> hostHeader = check("x");
        hostHeader.put("headers", Map.of("Host", "evil.example"));
        invalid(hostHeader).body("errors[0].field", equalTo("headers.Host"));
        Map<String, Object> proxy = check("x");
        proxy.put("headers", Map.of("Proxy-Authorization", "x"));
        invalid(proxy).body("errors[0].field", equalTo("headers.Proxy-Authorization"));

        Map<String, Object> many = check("x");
        Map<String, String> headers = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            headers.put("X-H" + i, "v");
        }
        many.put("headers", headers);
        invalid(many).body("errors[0].field", equalTo("headers"));

        Map<String, Object> big = check("x");
        big.put("headers", Map.of("X-Big", "a".repeat(9000)));
        invalid(big).body("errors[0].field", equalTo("headers"));

        Map<String, Object> body = check("x");
        body.put("method", "POST");
        body.put("body", "a".repeat(64 * 1024 + 1));
        invalid(body).body("errors[0].field", equalTo("body"));

        Map<String, Object> name = check("n".repeat(201));
        invalid(name).body("errors[0].field", equalTo("name"));
    }

    @Test
    void requestBodiesOverOneMebibyteAre413() {
        Map<String, Object> body = check("x");
        body.put("body", "a".repeat(1024 * 1024 + 10));
        Api.as(token).body(body).post("/api/v1/checks").then().statusCode(413)
                .contentType("application/problem+json").body("status", equalTo(413));
    }

    @Test
    void badAssertionNamesTheConditionAndColumn() {
        Map<String, Object> body = check("x");
        body.put("assertions", List.of("status == 200", "stauts == 200"));
        invalid(body).body("errors[0].field", equalTo("assertions[1]"))
                .body("errors[0].message", containsString("column 1"));
    }

    @Test
    void unknownRegionAndTypeAreRefused() {
        Map<String, Object> body = check("x");
        body.put("regions", List.of("local", "mars"));
        invalid(body).body("errors[0].field", equalTo("regions[1]"));
        Map<String, Object> typed = check("x");
        typed.put("type", "smtp");
        invalid(typed).body("errors[0].field", equalTo("type"));
    }

    @Test
    void blockedTargetsAreRefusedOnSave() {
        // The test profile allows 127.0.0.0/8 and ::1; everything else private stays blocked.
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[fd00::1]/",
                "http://100.64.0.1/", "http://0.0.0.0/", "http://192.0.2.1/", "http://[2001:db8::1]/", "http://0177.0.0.1/",
                "http://2130706433/")) {
            Map<String, Object> body = check("x");
            body.put("url", url);
            invalid(body).body("errors[0].field", equalTo("url")).body("errors[0].message", containsString("egress"));
        }
        Map<String, Object> local = check("x");
        local.put("url", "http://127.0.0.1:9/");
        Api.as(token).body(local).post("/api/v1/checks").then().statusCode(201);
        Api.as(token).get("/api/v1/checks?limit=500").then().body("items", not(empty()));
    }

    @Test
    void deletingACheckDeletesItsRollupsAndNoOneElses() {
        String gone = create(check("Rolled up, then deleted"));
        String kept = create(check("Rolled up, kept"));
        Instant now = Instant.now();
        partitions.ensureFor(List.of(now)).await().atMost(Duration.ofSeconds(10));
        for (String id : List.of(gone, kept)) {
            for (String unit : List.of("minute", "hour", "day")) {
                pool.preparedQuery("INSERT INTO rollups_" + unit + " (check_id, region, bucket, workspace_id, up, degraded, "
                                + "down, missed, latency_sum, latency_count, hist) SELECT id, 'local', date_trunc('" + unit
                                + "', $2::timestamptz, 'UTC'), workspace_id, 1, 0, 0, 0, 10, 1, '{1}' FROM checks WHERE id = $1")
                        .execute(Tuple.of(UUID.fromString(id), now.atOffset(ZoneOffset.UTC)))
                        .await().atMost(Duration.ofSeconds(10));
            }
        }
        assertThat(rollups(gone)).isEqualTo(3);
        Api.as(token).delete("/api/v1/checks/" + gone).then().statusCode(204);
        assertThat(rollups(gone)).isZero();
        assertThat(rollups(kept)).isEqualTo(3);
    }

    private long rollups(String checkId) {
        return pool.preparedQuery("SELECT (SELECT count(*) FROM rollups_minute WHERE check_id = $1) "
                        + "+ (SELECT count(*) FROM rollups_hour WHERE check_id = $1) + (SELECT count(*) FROM rollups_day WHERE check_id = $1)")
                .execute(Tuple.of(UUID.fromString(checkId))).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }
}

package io.vigil.api;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vigil.testing.Api;
import io.vigil.testing.PostgresResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Contract test: requests go through Atlassian's swagger-request-validator, which checks each request and each answer
 * (status, media type, body schema) against the document served at {@code /q/openapi}; any mismatch fails the test.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class OpenApiContractTest {

    private OpenApiValidationFilter validation;
    /** For requests sent without credentials on purpose: the request's missing security is the point; the answer is validated. */
    private OpenApiValidationFilter anonymous;
    private String token;

    @BeforeEach
    void setUp() {
        String doc = RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        validation = new OpenApiValidationFilter(OpenApiInteractionValidator.createForInlineApiSpecification(doc).build());
        anonymous = new OpenApiValidationFilter(OpenApiInteractionValidator.createForInlineApiSpecification(doc)
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request.security.missing", ValidationReport.Level.IGNORE).build())
                .build());
        token = Api.adminToken();
    }

    private RequestSpecification as(String bearer) {
        return RestAssured.given().filter(validation).header("Authorization", "Bearer " + bearer).contentType(ContentType.JSON);
    }

    @Test
    void tokensAnswerAsDocumented() {
        RestAssured.given().filter(validation).auth().preemptive().basic(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD)
                .contentType(ContentType.JSON).body(Map.of("name", "contract")).post("/api/v1/tokens").then().statusCode(201);
        as(token).get("/api/v1/tokens").then().statusCode(200);
        as(token).body(Map.of("expiresAt", "2001-01-01T00:00:00Z")).post("/api/v1/tokens").then().statusCode(400);
        RestAssured.given().filter(anonymous).get("/api/v1/tokens").then().statusCode(401);
        as(token).delete("/api/v1/tokens/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void checksAnswerAsDocumented() {
        Map<String, Object> check = Map.of("name", "contract", "url", "https://status.example.invalid/health",
                "intervalSeconds", 60, "assertions", List.of("status == 200"));
        String id = as(token).body(check).post("/api/v1/checks").then().statusCode(201).extract().path("id");
        as(token).get("/api/v1/checks").then().statusCode(200);
        as(token).queryParam("limit", 2).get("/api/v1/checks").then().statusCode(200);
        as(token).get("/api/v1/checks/" + id).then().statusCode(200);
        as(token).body(check).put("/api/v1/checks/" + id).then().statusCode(200);
        as(token).contentType("application/merge-patch+json").body("{\"name\": \"contract patched\", \"tags\": null}")
                .patch("/api/v1/checks/" + id).then().statusCode(200);
        as(token).contentType("application/merge-patch+json").body("{\"intervalSeconds\": 0}")
                .patch("/api/v1/checks/" + id).then().statusCode(400);
        as(token).post("/api/v1/checks/" + id + "/pause").then().statusCode(200);
        as(token).post("/api/v1/checks/" + id + "/resume").then().statusCode(200);
        as(token).get("/api/v1/checks/" + UUID.randomUUID()).then().statusCode(404);
        as(token).body(Map.of("name", "")).post("/api/v1/checks").then().statusCode(400);
        RestAssured.given().filter(anonymous).get("/api/v1/checks").then().statusCode(401);
        as(token).delete("/api/v1/checks/" + id).then().statusCode(204);
    }

    @Test
    void channelsAnswerAsDocumented() {
        Map<String, Object> channel = Map.of("type", "webhook", "name", "contract hook", "url", "http://127.0.0.1:9/hook");
        String id = as(token).body(channel).post("/api/v1/channels").then().statusCode(201).extract().path("id");
        as(token).get("/api/v1/channels").then().statusCode(200);
        as(token).get("/api/v1/channels/" + id).then().statusCode(200);
        as(token).body(channel).put("/api/v1/channels/" + id).then().statusCode(200);
        as(token).post("/api/v1/channels/" + id + "/test").then().statusCode(202);
        as(token).get("/api/v1/channels/" + id + "/deliveries").then().statusCode(200);
        as(token).body(Map.of("type", "carrier-pigeon", "name", "x")).post("/api/v1/channels").then().statusCode(400);
        as(token).get("/api/v1/channels/" + UUID.randomUUID()).then().statusCode(404);
        as(token).delete("/api/v1/channels/" + id).then().statusCode(204);
    }

    @Test
    void incidentsAnswerAsDocumented() {
        String id = as(token).body(Map.of("title", "Contract outage", "impact", "minor", "phase", "investigating",
                "message", "Looking into it")).post("/api/v1/incidents").then().statusCode(201).extract().path("id");
        as(token).get("/api/v1/incidents").then().statusCode(200);
        as(token).queryParam("limit", 5).get("/api/v1/incidents").then().statusCode(200);
        as(token).get("/api/v1/incidents/" + id).then().statusCode(200);
        as(token).body(Map.of("phase", "resolved", "message", "Fixed")).post("/api/v1/incidents/" + id + "/updates")
                .then().statusCode(201);
        as(token).body(Map.of("title", "")).post("/api/v1/incidents").then().statusCode(400);
        as(token).get("/api/v1/incidents/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void maintenanceAnswersAsDocumented() {
        String id = as(token).body(Map.of("name", "contract upgrade", "tags", List.of("contract"),
                        "startsAt", Instant.now().plusSeconds(3600).toString(), "endsAt", Instant.now().plusSeconds(7200).toString()))
                .post("/api/v1/maintenance").then().statusCode(201).extract().path("id");
        as(token).get("/api/v1/maintenance").then().statusCode(200);
        as(token).get("/api/v1/maintenance/" + id).then().statusCode(200);
        as(token).body(Map.of("name", "backwards", "startsAt", Instant.now().plusSeconds(7200).toString(),
                "endsAt", Instant.now().plusSeconds(3600).toString())).post("/api/v1/maintenance").then().statusCode(400);
        as(token).get("/api/v1/maintenance/" + UUID.randomUUID()).then().statusCode(404);
        as(token).delete("/api/v1/maintenance/" + id).then().statusCode(204);
    }

    @Test
    void regionsAnswerAsDocumented() {
        String name = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        as(token).body(Map.of("name", name, "displayName", "Contract", "location", "Nowhere"))
                .post("/api/v1/regions").then().statusCode(201);
        as(token).get("/api/v1/regions").then().statusCode(200);
        as(token).get("/api/v1/regions/" + name).then().statusCode(200);
        as(token).post("/api/v1/regions/" + name + "/tokens").then().statusCode(201);
        as(token).body(Map.of("name", "Not A Name!")).post("/api/v1/regions").then().statusCode(400);
        as(token).get("/api/v1/regions/no-such-region").then().statusCode(404);
        as(token).delete("/api/v1/regions/" + name).then().statusCode(204);
    }

    @Test
    void statusPagesAnswerAsDocumented() {
        String slug = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        String check = as(token).body(Map.of("name", "contract page", "url", "https://status.example.invalid/health",
                "intervalSeconds", 60)).post("/api/v1/checks").then().statusCode(201).extract().path("id");
        Map<String, Object> page = Map.of("slug", slug, "title", "Contract status",
                "components", List.of(Map.of("name", "Web", "checkId", check)));
        String id = as(token).body(page).post("/api/v1/status-pages").then().statusCode(201).extract().path("id");
        as(token).get("/api/v1/status-pages").then().statusCode(200);
        as(token).get("/api/v1/status-pages/" + id).then().statusCode(200);
        as(token).body(page).put("/api/v1/status-pages/" + id).then().statusCode(200);
        as(token).get("/api/v1/status-pages/" + id + "/subscribers").then().statusCode(200);
        as(token).body(Map.of("slug", "Bad Slug", "title", "x")).post("/api/v1/status-pages").then().statusCode(400);
        as(token).get("/api/v1/status-pages/" + UUID.randomUUID()).then().statusCode(404);
        as(token).delete("/api/v1/status-pages/" + id).then().statusCode(204);
    }
}

package io.vigil.api;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.testing.PostgresResource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasKey;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class OpenApiTest {

    /** Pinned so a new rule release cannot break a build on its own; bump on purpose. */
    static final String REDOCLY = "@redocly/cli@2.77.0";

    @Test
    void openApiDescribesTheCheckAndTokenRoutesWithoutAToken() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/checks"))
                .body("paths", hasKey("/api/v1/checks/{id}"))
                .body("paths", hasKey("/api/v1/checks/{id}/results"))
                .body("paths", hasKey("/api/v1/checks/{id}/summary"))
                .body("paths", hasKey("/api/v1/checks/{id}/run"))
                .body("paths", hasKey("/api/v1/tokens"))
                .body("paths", hasKey("/api/v1/metrics"));
    }

    /** The served document passes Redocly's recommended ruleset with no error (it exits non-zero on any). */
    @Test
    void theServedDocumentPassesRedoclysRecommendedRules() throws Exception {
        Path doc = writeDocument();
        Path out = doc.resolveSibling("redocly-lint.txt");
        Process p = new ProcessBuilder("npx", "--yes", REDOCLY, "lint", "--extends=recommended", "--format=stylish",
                "--max-problems=500", doc.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(4, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("redocly lint did not finish in 4 minutes");
        }
        String report = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(report).isZero();
        assertThat(report).as(report).doesNotContain(" error ").contains("validated in");
    }

    /** The hand-built Problem schema of {@link OpenApiDocument} names exactly the members of {@link Problem}. */
    @Test
    void theProblemSchemaMatchesTheProblemRecord() {
        java.util.Map<String, Object> props = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().path("components.schemas.Problem.properties");
        assertThat(props.keySet()).containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(Problem.class.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).toList());
    }

    @Test
    void apiRoutesNeedABearerTokenTokensAlsoBasicAndPublicRoutesNone() {
        var doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        assertThat(doc.getMap("components.securitySchemes")).containsKeys("bearerAuth", "basicAuth", "agentToken");
        assertThat(doc.getList("paths.'/api/v1/checks'.get.security")).containsExactly(java.util.Map.of("bearerAuth", java.util.List.of()));
        assertThat(doc.getList("paths.'/api/v1/tokens'.post.security")).hasSize(2);
        assertThat(doc.getList("paths.'/status/{slug}'.get.security")).isEmpty();
        assertThat(doc.getString("paths.'/api/v1/checks/{id}'.delete.responses.'204'.description")).isNotNull();
        assertThat(doc.getString("paths.'/api/v1/checks'.get.parameters.find { it.name == 'limit' }.schema.type")).isEqualTo("integer");
        assertThat(doc.getString("paths.'/api/v1/checks/{id}'.get.responses.'404'.content.'application/problem+json'.schema.$ref"))
                .isEqualTo("#/components/schemas/Problem");
    }

    /**
     * Every operation has a summary of its own (two words or more, not its operation id, not a class-derived
     * "Resource" name, and used by no other operation), an operation id and a tag.
     */
    @Test
    void everyOperationHasASpecificSummaryAnOperationIdAndATag() {
        java.util.Map<String, java.util.Map<String, java.util.Map<String, Object>>> paths = given().queryParam("format", "json")
                .get("/q/openapi").then().statusCode(200).extract().path("paths");
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        int operations = 0;
        for (var path : paths.entrySet()) {
            for (var op : path.getValue().entrySet()) {
                if (!java.util.Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(op.getKey())) {
                    continue;
                }
                operations++;
                String where = op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
                Object summary = op.getValue().get("summary");
                Object id = op.getValue().get("operationId");
                assertThat(summary).as(where + " summary").isInstanceOf(String.class);
                String s = (String) summary;
                assertThat(s.trim().split("\\s+")).as(where + " summary words: " + s).hasSizeGreaterThanOrEqualTo(2);
                assertThat(Character.isUpperCase(s.charAt(0))).as(where + " summary starts a sentence: " + s).isTrue();
                assertThat(s).as(where).doesNotContain("Resource").isNotEqualTo(id);
                assertThat(seen.put(s, where)).as("summary '" + s + "' of " + where + " also names another operation").isNull();
                assertThat(id).as(where + " operationId").isInstanceOf(String.class);
                assertThat((java.util.List<?>) op.getValue().get("tags")).as(where + " tags").isNotEmpty()
                        .allSatisfy(t -> assertThat((String) t).doesNotEndWith("Resource"));
            }
        }
        assertThat(operations).isGreaterThan(50);
    }

    /** The success codes the resources really answer: 201 for creates, 202 for queued work, 200 for an on-demand run. */
    @Test
    void successCodesAreTheOnesTheResourcesAnswer() {
        var doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        for (String create : java.util.List.of("/api/v1/checks", "/api/v1/tokens", "/api/v1/incidents", "/api/v1/incidents/{id}/updates",
                "/api/v1/maintenance", "/api/v1/regions", "/api/v1/regions/{name}/tokens", "/api/v1/channels", "/api/v1/status-pages")) {
            java.util.Map<String, Object> responses = doc.getMap("paths.'" + create + "'.post.responses");
            assertThat(responses).as(create).containsKey("201").doesNotContainKey("200");
            assertThat(doc.getString("paths.'" + create + "'.post.responses.'201'.content.'application/json'.schema"))
                    .as(create + " body").isNotNull();
        }
        for (String queued : java.util.List.of("/api/v1/channels/{id}/test", "/api/v1/channels/{id}/deliveries/{delivery}/resend")) {
            assertThat(doc.getMap("paths.'" + queued + "'.post.responses")).as(queued).containsKey("202").doesNotContainKey("200");
        }
        assertThat(doc.getMap("paths.'/status/{slug}/subscribe'.post.responses")).containsKeys("201", "202");
        assertThat(doc.getMap("paths.'/api/v1/checks/{id}/run'.post.responses")).containsKey("200");
        assertThat(doc.getString("paths.'/api/v1/checks/{id}'.patch.requestBody.content.'application/merge-patch+json'.schema.$ref"))
                .isEqualTo("#/components/schemas/CheckRequest");
    }

    /** {@code target/openapi/openapi.json}: what {@code /q/openapi} serves. */
    static Path writeDocument() throws IOException {
        String json = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        Path dir = Path.of("target", "openapi");
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("openapi.json"), json, StandardCharsets.UTF_8);
    }
}

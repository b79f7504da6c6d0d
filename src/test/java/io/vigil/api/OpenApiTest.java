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

    /** {@code target/openapi/openapi.json}: what {@code /q/openapi} serves. */
    static Path writeDocument() throws IOException {
        String json = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        Path dir = Path.of("target", "openapi");
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("openapi.json"), json, StandardCharsets.UTF_8);
    }
}

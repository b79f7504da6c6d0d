package io.vigil.api;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.testing.PostgresResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class OpenApiTest {

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
}

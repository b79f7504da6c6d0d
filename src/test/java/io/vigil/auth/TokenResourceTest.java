package io.vigil.auth;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vigil.testing.Api;
import io.vigil.testing.PostgresResource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class TokenResourceTest {

    @Test
    void basicCredentialsMintATokenShownOnce() {
        given().auth().preemptive().basic(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD)
                .contentType(ContentType.JSON).body(Map.of("name", "ci", "role", "editor"))
                .post("/api/v1/tokens")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/tokens/"))
                .body("id", notNullValue())
                .body("name", equalTo("ci"))
                .body("role", equalTo("editor"))
                .body("token", startsWith("vgl_"));

        Api.as(Api.adminToken()).get("/api/v1/tokens")
                .then().statusCode(200)
                .body("items", everyItem(not(hasKey("token"))))
                .body("items.name", org.hamcrest.Matchers.hasItem("ci"));
    }

    @Test
    void wrongPasswordIs401ProblemJson() {
        given().auth().preemptive().basic(Api.ADMIN_EMAIL, "wrong")
                .post("/api/v1/tokens")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Basic"))
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"));
        given().auth().preemptive().basic("nobody@example.com", "x")
                .post("/api/v1/tokens")
                .then().statusCode(401);
    }

    @Test
    void apiRoutesNeedAValidBearerToken() {
        given().get("/api/v1/tokens").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer vgl_nope").get("/api/v1/tokens")
                .then().statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("unknown"));
        // Basic is accepted only to mint tokens.
        given().auth().preemptive().basic(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD).get("/api/v1/checks")
                .then().statusCode(401);
    }

    @Test
    void aTokenCannotExceedItsOwnersRoleAndRevokedTokensStopWorking() {
        String viewer = given().auth().preemptive().basic(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD)
                .contentType(ContentType.JSON).body(Map.of("role", "viewer"))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
        Api.as(viewer).body(Map.of("role", "owner")).post("/api/v1/tokens")
                .then().statusCode(403).contentType("application/problem+json").body("errors[0].field", equalTo("role"))
                .body("detail", containsString("role"));

        String token = Api.adminToken();
        String id = Api.as(token).body("{}").post("/api/v1/tokens").then().statusCode(201).extract().path("id");
        Api.as(token).delete("/api/v1/tokens/" + id).then().statusCode(204);
        Api.as(token).delete("/api/v1/tokens/" + id).then().statusCode(404);
    }

    @Test
    void malformedAndUnknownMembersAre400NamingTheField() {
        String token = Api.adminToken();
        Api.as(token).body("{\"name\": \"x\", \"colour\": \"red\"}").post("/api/v1/tokens")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("colour"));
        Api.as(token).body("{\"name\": ").post("/api/v1/tokens")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("malformed JSON"));
        Api.as(token).body("{\"role\": \"god\"}").post("/api/v1/tokens")
                .then().statusCode(400).body("errors[0].field", equalTo("role"));
    }
}

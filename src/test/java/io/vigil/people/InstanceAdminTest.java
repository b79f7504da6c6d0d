package io.vigil.people;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.testing.Api;
import io.vigil.testing.People;
import io.vigil.testing.People.Person;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class InstanceAdminTest {

    @Inject
    Pool pool;

    @Test
    void theInstanceAdminSeesEveryWorkspaceWithCountsAndLimits() {
        String admin = Api.adminToken();
        String slug = People.slug("counted");
        String id = People.workspace(admin, slug);
        String token = People.token(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD, slug);
        Api.as(token).body(Map.of("name", "counted", "url", "https://counted.example.invalid/")).post("/api/v1/checks")
                .then().statusCode(201);
        Person member = People.user(pool);
        People.join(pool, member, slug, "viewer");

        String row = "items.find { it.id == '" + id + "' }";
        Api.as(admin).get("/api/v1/admin/workspaces").then().statusCode(200)
                .body(row + ".slug", equalTo(slug))
                .body(row + ".members", equalTo(2))
                .body(row + ".checks", equalTo(1))
                .body(row + ".statusPages", equalTo(0))
                .body(row + ".limits.maxChecks", nullValue())
                .body("items.find { it.slug == 'default' }.limits.minIntervalSeconds", nullValue());

        Api.as(admin).body(Map.of("maxChecks", 5, "maxStatusPages", 0, "minIntervalSeconds", 30))
                .patch("/api/v1/admin/workspaces/" + id + "/limits").then().statusCode(200)
                .body("limits.maxChecks", equalTo(5)).body("limits.maxStatusPages", equalTo(0))
                .body("limits.minIntervalSeconds", equalTo(30)).body("checks", equalTo(1));
        Map<String, Object> cleared = new HashMap<>();
        cleared.put("maxChecks", null);
        cleared.put("maxStatusPages", 2);
        cleared.put("minIntervalSeconds", null);
        Api.as(admin).body(cleared).patch("/api/v1/admin/workspaces/" + id + "/limits").then().statusCode(200)
                .body("limits.maxChecks", nullValue()).body("limits.maxStatusPages", equalTo(2));

        Api.as(admin).body(Map.of("maxChecks", -1)).patch("/api/v1/admin/workspaces/" + id + "/limits")
                .then().statusCode(400).body("errors[0].field", equalTo("maxChecks"));
        Api.as(admin).body(Map.of("minIntervalSeconds", 0)).patch("/api/v1/admin/workspaces/" + id + "/limits")
                .then().statusCode(400).body("errors[0].field", equalTo("minIntervalSeconds"));
        Api.as(admin).body(Map.of("maxChecks", 1)).patch("/api/v1/admin/workspaces/" + UUID.randomUUID() + "/limits")
                .then().statusCode(404);
    }

    @Test
    void onlyTheInstanceAdminMayUseTheAdminRoutes() {
        String slug = People.slug("plain");
        Person owner = People.user(pool);
        String ownerToken = People.token(owner.email(), People.PASSWORD, joinNew(owner, slug));
        Api.as(ownerToken).get("/api/v1/admin/workspaces").then().statusCode(403);
        Api.as(ownerToken).post("/api/v1/admin/users/" + owner.id() + "/disable").then().statusCode(403);
        Api.as(ownerToken).get("/api/v1/me").then().statusCode(200).body("instanceAdmin", equalTo(false));
    }

    private String joinNew(Person person, String slug) {
        People.workspace(Api.adminToken(), slug);
        People.join(pool, person, slug, "owner");
        return slug;
    }

    @Test
    void aDisabledUserCannotLogInNorUseTheirTokensUntilEnabled() {
        String admin = Api.adminToken();
        Person user = People.user(pool);
        People.join(pool, user, "default", "viewer");
        String token = People.token(user.email(), People.PASSWORD, "default");
        Api.as(token).get("/api/v1/me").then().statusCode(200).body("email", equalTo(user.email()));

        Api.as(admin).post("/api/v1/admin/users/" + user.id() + "/disable").then().statusCode(204);
        given().auth().preemptive().basic(user.email(), People.PASSWORD).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/tokens").then().statusCode(401);
        Api.as(token).get("/api/v1/me").then().statusCode(401);

        Api.as(admin).post("/api/v1/admin/users/" + user.id() + "/enable").then().statusCode(204);
        Api.as(token).get("/api/v1/me").then().statusCode(200);
        People.token(user.email(), People.PASSWORD, "default");

        String adminId = Api.as(admin).get("/api/v1/me").then().extract().path("id");
        Api.as(admin).post("/api/v1/admin/users/" + adminId + "/disable").then().statusCode(409);
        Api.as(admin).post("/api/v1/admin/users/" + UUID.randomUUID() + "/disable").then().statusCode(404);
    }
}

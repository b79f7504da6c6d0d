package io.vigil.people;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.testing.Api;
import io.vigil.testing.People;
import io.vigil.testing.People.Person;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class MeResourceTest {

    @Inject
    Pool pool;

    @Test
    void meShowsTheAccountAndTheTokensWorkspace() {
        Person user = People.user(pool);
        People.join(pool, user, "default", "editor");
        String token = People.token(user.email(), People.PASSWORD, "default");
        Api.as(token).get("/api/v1/me").then().statusCode(200)
                .body("id", equalTo(user.id().toString())).body("email", equalTo(user.email()))
                .body("name", equalTo("Person")).body("instanceAdmin", equalTo(false))
                .body("twoFactor.totp", equalTo(false)).body("twoFactor.passkeys", equalTo(0))
                .body("workspaces", hasSize(1)).body("workspaces[0].slug", equalTo("default"))
                .body("workspaces[0].role", equalTo("editor"));
    }

    @Test
    void everyoneMayRenameThemselves() {
        Person user = People.user(pool);
        People.join(pool, user, "default", "viewer");
        String token = People.token(user.email(), People.PASSWORD, "default");
        Api.as(token).body(Map.of("name", "Ada Lovelace")).patch("/api/v1/me").then().statusCode(200)
                .body("name", equalTo("Ada Lovelace")).body("workspaces[0].role", equalTo("viewer"));
        Api.as(token).get("/api/v1/me").then().statusCode(200).body("name", equalTo("Ada Lovelace"));
        Api.as(token).body(Map.of("name", " ")).patch("/api/v1/me").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
    }
}

package io.vigil.people.login;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.testing.Api;
import io.vigil.testing.People;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Tenants;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/** {@code vigil.accounts.signup=closed}: no sign-up page, and only people who have an account can be invited. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(ClosedSignupTest.Closed.class)
class ClosedSignupTest {

    /** No new accounts. */
    public static class Closed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.accounts.signup", "closed");
        }
    }

    @Inject
    Pool pool;

    @Test
    void nobodyNewGetsAnAccount() {
        RestAssured.given().get("/signup").then().statusCode(404).contentType(containsString("text/html"));
        RestAssured.given().get("/login").then().statusCode(200).body(not(containsString("/signup")));
        String owner = Tenants.workspaceWithToken(pool);
        Api.as(owner).body(Map.of("email", "new-" + UUID.randomUUID() + "@example.com", "role", "viewer"))
                .post("/api/v1/invitations").then().statusCode(409).body("detail", containsString("closed"));
        People.Person existing = People.user(pool);
        Api.as(owner).body(Map.of("email", existing.email(), "role", "viewer")).post("/api/v1/invitations")
                .then().statusCode(201);
    }
}

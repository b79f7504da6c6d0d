package io.vigil.auth;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.testing.Api;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Tenants;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A token's power follows its user's membership: demotion, removal and disabling take effect at the next request. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class MembershipRoleTest {

    @Inject
    Pool pool;

    private static Map<String, Object> check() {
        return Map.of("name", "role probe", "url", "https://status.example.invalid/health", "intervalSeconds", 60,
                "assertions", List.of("status == 200"));
    }

    private UUID userOf(String token) {
        return pool.preparedQuery("SELECT user_id FROM api_tokens WHERE token_hash = $1")
                .execute(Tuple.of(Buffer.buffer(Secrets.sha256(token))))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getUUID(0);
    }

    private void sql(String statement, UUID user) {
        pool.preparedQuery(statement).execute(Tuple.of(user)).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void demotingAMemberShrinksTheirOwnerTokenAndDisablingEndsIt() {
        String owner = Tenants.workspaceWithToken(pool);
        UUID user = userOf(owner);
        Api.as(owner).body(check()).post("/api/v1/checks").then().statusCode(201);

        sql("UPDATE memberships SET role = 'viewer' WHERE user_id = $1", user);
        Api.as(owner).get("/api/v1/checks").then().statusCode(200);
        Api.as(owner).body(check()).post("/api/v1/checks").then().statusCode(403)
                .contentType("application/problem+json");

        sql("DELETE FROM memberships WHERE user_id = $1", user);
        Api.as(owner).get("/api/v1/checks").then().statusCode(401);

        sql("INSERT INTO memberships (workspace_id, user_id, role) "
                + "SELECT workspace_id, user_id, 'owner' FROM api_tokens WHERE user_id = $1", user);
        Api.as(owner).get("/api/v1/checks").then().statusCode(200);
        sql("UPDATE users SET disabled_at = now() WHERE id = $1", user);
        Api.as(owner).get("/api/v1/checks").then().statusCode(401);
    }

    @Test
    void channelsNeedAnAdminAndChecksAnEditor() {
        String editor = Api.as(Api.adminToken()).body(Map.of("role", "editor")).post("/api/v1/tokens")
                .then().statusCode(201).extract().path("token");
        Api.as(editor).body(check()).post("/api/v1/checks").then().statusCode(201);
        Api.as(editor).body(Map.of("type", "webhook", "name", "hook", "url", "https://hooks.example.invalid/x"))
                .post("/api/v1/channels").then().statusCode(403).body("detail", containsString("admin"));
        Api.as(editor).get("/api/v1/channels").then().statusCode(200);
    }

    @Test
    void aTokenIsMintedOnlyForAWorkspaceItsUserBelongsTo() {
        String other = Tenants.workspaceWithToken(pool);
        String otherSlug = pool.preparedQuery("SELECT w.slug FROM workspaces w JOIN api_tokens t ON t.workspace_id = w.id "
                        + "WHERE t.user_id = $1").execute(Tuple.of(userOf(other)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getString(0);

        io.restassured.RestAssured.given().auth().preemptive().basic(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD)
                .contentType("application/json").body(Map.of("workspace", otherSlug))
                .post("/api/v1/tokens").then().statusCode(400).body("errors[0].field", equalTo("workspace"));
        io.restassured.RestAssured.given().auth().preemptive().basic(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD)
                .contentType("application/json").body(Map.of("workspace", "default"))
                .post("/api/v1/tokens").then().statusCode(201).body("workspace", equalTo("default"));
        Api.as(other).body(Map.of("workspace", "default")).post("/api/v1/tokens")
                .then().statusCode(400).body("errors[0].field", equalTo("workspace"));
    }
}

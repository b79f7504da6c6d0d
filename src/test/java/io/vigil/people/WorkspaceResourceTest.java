package io.vigil.people;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.result.ResultPartitions;
import io.vigil.testing.Api;
import io.vigil.testing.People;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class WorkspaceResourceTest {

    static final Map<String, Object> CHECK = Map.of("name", "isolated", "url", "https://isolated.example.invalid/",
            "intervalSeconds", 60);

    @Inject
    Pool pool;
    @Inject
    ResultPartitions partitions;

    @Test
    void aCreatedWorkspaceIsOwnedByItsCreatorAndIsolatedFromTheDefault() {
        String admin = Api.adminToken();
        String slug = People.slug("team");
        String id = Api.as(admin).body(Map.of("name", "Team", "slug", slug)).post("/api/v1/workspaces")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/workspaces/"))
                .body("slug", equalTo(slug)).body("name", equalTo("Team")).body("role", equalTo("owner"))
                .extract().path("id");
        String team = People.token(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD, slug);

        String inTeam = Api.as(team).body(CHECK).post("/api/v1/checks").then().statusCode(201).extract().path("id");
        Api.as(team).get("/api/v1/checks").then().statusCode(200).body("items.id", hasItem(inTeam));
        Api.as(admin).get("/api/v1/checks").then().statusCode(200).body("items.id", not(hasItem(inTeam)));
        Api.as(admin).get("/api/v1/checks/" + inTeam).then().statusCode(404);

        // A token sees only its own workspace; the person (default token's user) sees both through /me of each.
        Api.as(team).get("/api/v1/workspaces").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].id", equalTo(id)).body("items[0].role", equalTo("owner"));
        Api.as(team).get("/api/v1/workspaces/" + id).then().statusCode(200).body("slug", equalTo(slug));
        String defaultId = Api.as(admin).get("/api/v1/me").then().statusCode(200)
                .body("email", equalTo(Api.ADMIN_EMAIL)).body("instanceAdmin", equalTo(true))
                .body("twoFactor.totp", equalTo(false)).body("twoFactor.passkeys", equalTo(0))
                .body("workspaces", hasSize(1)).body("workspaces[0].slug", equalTo("default"))
                .extract().path("workspaces[0].id");
        Api.as(team).get("/api/v1/workspaces/" + defaultId).then().statusCode(404);
        Api.as(team).body(Map.of("name", "Hijack")).patch("/api/v1/workspaces/" + defaultId).then().statusCode(404);
        Api.as(team).body(Map.of("confirm", "default")).delete("/api/v1/workspaces/" + defaultId).then().statusCode(404);
        Api.as(admin).get("/api/v1/workspaces/" + id).then().statusCode(404);
    }

    @Test
    void slugsAreValidatedAndUnique() {
        String admin = Api.adminToken();
        Api.as(admin).body(Map.of("name", "Bad", "slug", "Not_A_Slug")).post("/api/v1/workspaces")
                .then().statusCode(400).body("errors[0].field", equalTo("slug"));
        Api.as(admin).body(Map.of("name", "Bad", "slug", "x")).post("/api/v1/workspaces")
                .then().statusCode(400).body("errors[0].field", equalTo("slug"));
        Api.as(admin).body(Map.of("slug", People.slug("nameless"))).post("/api/v1/workspaces")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        Api.as(admin).body(Map.of("name", "Taken", "slug", "default")).post("/api/v1/workspaces").then().statusCode(409);

        String slug = People.slug("rename");
        String id = People.workspace(admin, slug);
        String other = People.slug("other");
        String token = People.token(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD, slug);
        Api.as(token).body(Map.of("name", "Renamed", "slug", other)).patch("/api/v1/workspaces/" + id)
                .then().statusCode(200).body("name", equalTo("Renamed")).body("slug", equalTo(other));
        Api.as(token).body(Map.of("slug", "default")).patch("/api/v1/workspaces/" + id).then().statusCode(409);
        Api.as(token).get("/api/v1/workspaces/" + id).then().statusCode(200).body("slug", equalTo(other));
    }

    @Test
    void renamingNeedsAdminThereAndDeletingNeedsTheOwner() {
        String admin = Api.adminToken();
        String slug = People.slug("roles");
        String id = People.workspace(admin, slug);
        People.Person editor = People.user(pool);
        People.join(pool, editor, slug, "editor");
        String editorToken = People.token(editor.email(), People.PASSWORD, slug);
        Api.as(editorToken).get("/api/v1/workspaces/" + id).then().statusCode(200).body("role", equalTo("editor"));
        Api.as(editorToken).body(Map.of("name", "Mine now")).patch("/api/v1/workspaces/" + id).then().statusCode(403);
        Api.as(editorToken).body(Map.of("confirm", slug)).delete("/api/v1/workspaces/" + id).then().statusCode(403);
        // A token with a lower role than its user's acts with the token's role.
        String ownersAdminToken = Api.as(People.token(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD, slug))
                .body(Map.of("role", "admin")).post("/api/v1/tokens").then().statusCode(201).extract().path("token");
        Api.as(ownersAdminToken).body(Map.of("name", "Renamed")).patch("/api/v1/workspaces/" + id).then().statusCode(200);
        Api.as(ownersAdminToken).body(Map.of("confirm", slug)).delete("/api/v1/workspaces/" + id).then().statusCode(403);
    }

    @Test
    void deletingNeedsTheSlugTypedBackAndTakesEverythingWithIt() {
        String admin = Api.adminToken();
        String slug = People.slug("doomed");
        UUID id = UUID.fromString(People.workspace(admin, slug));
        String token = People.token(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD, slug);
        String check = Api.as(token).body(CHECK).post("/api/v1/checks").then().statusCode(201).extract().path("id");
        Api.as(token).body(Map.of("type", "webhook", "name", "hook", "url", "https://hooks.example.invalid/x"))
                .post("/api/v1/channels").then().statusCode(201);
        Api.as(token).body(Map.of("slug", People.slug("doomed-page"), "title", "Doomed",
                        "components", List.of(Map.of("name", "Web", "checkId", check))))
                .post("/api/v1/status-pages").then().statusCode(201);
        insertResultAndRollup(UUID.fromString(check), id);

        Api.as(token).delete("/api/v1/workspaces/" + id).then().statusCode(400).body("errors[0].field", equalTo("confirm"));
        Api.as(token).body(Map.of("confirm", "not-" + slug)).delete("/api/v1/workspaces/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("confirm"));
        assertThat(count("checks", id)).isEqualTo(1);

        Api.as(token).body(Map.of("confirm", slug)).delete("/api/v1/workspaces/" + id).then().statusCode(204);
        for (String table : new String[]{"checks", "channels", "status_pages", "api_tokens", "memberships",
                "check_results", "rollups_hour"}) {
            assertThat(count(table, id)).as(table).isZero();
        }
        Api.as(token).get("/api/v1/checks").then().statusCode(401);
        Api.as(admin).get("/api/v1/me").then().statusCode(200).body("workspaces.slug", not(hasItem(slug)));
    }

    private void insertResultAndRollup(UUID check, UUID workspace) {
        partitions.ensureFor(List.of(Instant.now())).await().atMost(Duration.ofSeconds(10));
        pool.preparedQuery("INSERT INTO check_results (check_id, workspace_id, region, scheduled_at, outcome) "
                        + "VALUES ($1, $2, 'test', now(), 'up')")
                .execute(Tuple.of(check, workspace)).await().atMost(Duration.ofSeconds(10));
        pool.preparedQuery("INSERT INTO rollups_hour (check_id, region, bucket, workspace_id, up, degraded, down, missed, "
                        + "latency_sum, latency_count, hist) VALUES ($1, 'test', date_trunc('hour', now()), $2, 1, 0, 0, 0, 0, 0, '{}')")
                .execute(Tuple.of(check, workspace)).await().atMost(Duration.ofSeconds(10));
        assertThat(count("check_results", workspace)).isEqualTo(1);
    }

    private long count(String table, UUID workspace) {
        return pool.preparedQuery("SELECT count(*) FROM " + table + " WHERE workspace_id = $1").execute(Tuple.of(workspace))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }
}

package io.vigil.history;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.auth.SecretBox;
import io.vigil.testing.Api;
import io.vigil.testing.People;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Tenants;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class RevisionsTest {

    @Inject
    Pool pool;
    @Inject
    SecretBox box;

    @Test
    void restoringTheFirstRevisionPutsTheCheckBackAndIsTheFourth() {
        AuditFixture ws = AuditFixture.create(pool);
        String id = Api.as(ws.token).body(AuditFixture.check("first")).post("/api/v1/checks")
                .then().statusCode(201).extract().path("id");
        Map<String, Object> rev1 = Api.as(ws.token).get("/api/v1/checks/" + id).then().statusCode(200).extract().path("$");
        Map<String, Object> second = AuditFixture.check("second");
        second.put("tags", List.of("blue"));
        Api.as(ws.token).body(second).put("/api/v1/checks/" + id).then().statusCode(200);
        Map<String, Object> third = AuditFixture.check("third");
        third.put("intervalSeconds", 120);
        Api.as(ws.token).body(third).put("/api/v1/checks/" + id).then().statusCode(200);

        Api.as(ws.token).get("/api/v1/checks/" + id + "/revisions").then().statusCode(200)
                .body("items.revision", contains(3, 2, 1))
                .body("items[0].changes.name", contains("second", "third"))
                .body("items[0].changes.intervalSeconds", contains(60, 120))
                .body("items[0].changes.tags", contains(List.of("blue"), List.of()))
                .body("items[0].actor.type", equalTo("token"))
                .body("items[0].actor.id", equalTo(ws.tokenId))
                .body("items[2].changes.name", contains(null, "first"));

        Api.as(ws.token).post("/api/v1/checks/" + id + "/revisions/1/restore").then().statusCode(200)
                .body("id", equalTo(id)).body("name", equalTo("first")).body("intervalSeconds", equalTo(60));
        Map<String, Object> now = Api.as(ws.token).get("/api/v1/checks/" + id).then().statusCode(200).extract().path("$");
        for (String member : List.of("name", "type", "url", "method", "headers", "body", "intervalSeconds", "timeoutMs",
                "followRedirects", "regions", "assertions", "degradedAfterMs", "failureThreshold", "successThreshold",
                "quorum", "tags", "parentId", "channelIds", "periodSeconds", "graceSeconds", "createdAt")) {
            assertThat(now.get(member)).as(member).isEqualTo(rev1.get(member));
        }
        Api.as(ws.token).get("/api/v1/checks/" + id + "/revisions").then().statusCode(200)
                .body("items.revision", contains(4, 3, 2, 1))
                .body("items[0].changes.name", contains("third", "first"));
        assertThat(ws.entries(id)).extracting(e -> e.get("action"))
                .containsExactly("check.restored", "check.updated", "check.updated", "check.created");
        // Paging: newest first, two at a time.
        JsonPath page = Api.as(ws.token).queryParam("limit", 2).get("/api/v1/checks/" + id + "/revisions")
                .then().statusCode(200).body("items.revision", contains(4, 3)).extract().jsonPath();
        Api.as(ws.token).queryParam("limit", 2).queryParam("cursor", page.getString("next"))
                .get("/api/v1/checks/" + id + "/revisions").then().statusCode(200)
                .body("items.revision", contains(2, 1)).body("next", equalTo(null));
    }

    @Test
    void anotherWorkspaceSeesNoRevisionsAndAViewerCannotRestore() {
        AuditFixture ws = AuditFixture.create(pool);
        String id = Api.as(ws.token).body(AuditFixture.check("mine")).post("/api/v1/checks")
                .then().statusCode(201).extract().path("id");
        String other = Tenants.workspaceWithToken(pool);
        Api.as(other).get("/api/v1/checks/" + id + "/revisions").then().statusCode(404);
        Api.as(other).post("/api/v1/checks/" + id + "/revisions/1/restore").then().statusCode(404);
        Api.as(ws.token).post("/api/v1/checks/" + id + "/revisions/99/restore").then().statusCode(404);
        Api.as(ws.token).post("/api/v1/checks/" + id + "/revisions/zero/restore").then().statusCode(404);
        Api.as(ws.token).get("/api/v1/checks/" + UUID.randomUUID() + "/revisions").then().statusCode(404);

        People.Person viewer = People.user(pool);
        People.join(pool, viewer, ws.slug, "viewer");
        String viewerToken = People.token(viewer.email(), People.PASSWORD, ws.slug);
        Api.as(viewerToken).get("/api/v1/checks/" + id + "/revisions").then().statusCode(200)
                .body("items.revision", contains(1));
        Api.as(viewerToken).post("/api/v1/checks/" + id + "/revisions/1/restore").then().statusCode(403);
        Api.as(viewerToken).get("/api/v1/audit").then().statusCode(403);
    }

    @Test
    void aRestoredChannelKeepsTheSecretItHasNow() {
        AuditFixture ws = AuditFixture.create(pool);
        String first = secret();
        String second = secret();
        String id = Api.as(ws.token).body(Map.of("type", "webhook", "name", "hook one", "url", "http://127.0.0.1:9/hook",
                "secret", first)).post("/api/v1/channels").then().statusCode(201).extract().path("id");
        Api.as(ws.token).body(Map.of("type", "webhook", "name", "hook two", "url", "http://127.0.0.1:9/other",
                "secret", second)).put("/api/v1/channels/" + id).then().statusCode(200);
        String listed = Api.as(ws.token).get("/api/v1/channels/" + id + "/revisions").then().statusCode(200)
                .body("items.revision", contains(2, 1))
                .body("items[0].changes.secret", contains("(secret)", "(secret)"))
                .body("items[0].changes.name", contains("hook one", "hook two"))
                .extract().asString();
        assertThat(listed).doesNotContain(first.substring(6, 30)).doesNotContain(second.substring(6, 30));

        Api.as(ws.token).post("/api/v1/channels/" + id + "/revisions/1/restore").then().statusCode(200)
                .body("name", equalTo("hook one")).body("url", equalTo("http://127.0.0.1:9/hook"))
                .body("secret", equalTo("••••••"));
        String sealed = pool.preparedQuery("SELECT secrets FROM channels WHERE id = $1").execute(Tuple.of(UUID.fromString(id)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getString(0);
        assertThat(box.decrypt(sealed)).contains(second).doesNotContain(first);
        Api.as(ws.token).get("/api/v1/channels/" + id + "/revisions").then().statusCode(200)
                .body("items.revision", contains(3, 2, 1))
                .body("items[0].changes.name", contains("hook two", "hook one"))
                .body("items[0].changes.secret", equalTo(null));
        assertThat(ws.entries(id)).extracting(e -> e.get("action"))
                .containsExactly("channel.restored", "channel.updated", "channel.created");
        Api.as(Tenants.workspaceWithToken(pool)).get("/api/v1/channels/" + id + "/revisions").then().statusCode(404);
    }

    @Test
    void aStatusPageComesBackAsItWas() {
        AuditFixture ws = AuditFixture.create(pool);
        String slug = People.slug("rev");
        String id = Api.as(ws.token).body(Map.of("slug", slug, "title", "First title")).post("/api/v1/status-pages")
                .then().statusCode(201).extract().path("id");
        Api.as(ws.token).body(Map.of("slug", slug, "title", "Second title", "description", "new"))
                .put("/api/v1/status-pages/" + id).then().statusCode(200);
        Api.as(ws.token).get("/api/v1/status-pages/" + id + "/revisions").then().statusCode(200)
                .body("items.revision", contains(2, 1))
                .body("items[0].changes.title", contains("First title", "Second title"));
        Api.as(ws.token).post("/api/v1/status-pages/" + id + "/revisions/1/restore").then().statusCode(200)
                .body("title", equalTo("First title")).body("description", equalTo(null)).body("slug", equalTo(slug));
        Api.as(ws.token).get("/api/v1/status-pages/" + id + "/revisions").then().statusCode(200)
                .body("items.revision", contains(3, 2, 1));
        Api.as(Tenants.workspaceWithToken(pool)).post("/api/v1/status-pages/" + id + "/revisions/1/restore")
                .then().statusCode(404);
    }

    static String secret() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    @Test
    void concurrentSavesOfOneCheckGetOneNumberEach() throws Exception {
        AuditFixture ws = AuditFixture.create(pool);
        String id = Api.as(ws.token).body(AuditFixture.check("racing")).post("/api/v1/checks")
                .then().statusCode(201).extract().path("id");
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> saves = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Map<String, Object> body = AuditFixture.check("racing " + i);
                saves.add(threads.submit(() -> Api.as(ws.token).body(body).put("/api/v1/checks/" + id).statusCode()));
            }
            for (Future<Integer> save : saves) {
                assertThat(save.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            threads.shutdownNow();
        }
        Api.as(ws.token).get("/api/v1/checks/" + id + "/revisions").then().statusCode(200)
                .body("items.revision", contains(7, 6, 5, 4, 3, 2, 1));
        assertThat(ws.entries(id)).hasSize(7);
    }
}

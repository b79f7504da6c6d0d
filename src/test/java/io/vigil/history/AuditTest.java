package io.vigil.history;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.audit.AuditConfig;
import io.vigil.audit.AuditRetention;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vigil.testing.Api;
import io.vigil.testing.People;
import io.vigil.testing.Tenants;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class AuditTest {

    @Inject
    Pool pool;
    @Inject
    AuditRetention retention;
    @Inject
    AuditConfig config;

    @Test
    @SuppressWarnings("unchecked")
    void everyChangeOfACheckLeavesOneEntryNamingTheTokenAndTheDiff() {
        AuditFixture ws = AuditFixture.create(pool);
        String id = Api.as(ws.token).body(AuditFixture.check("audited")).post("/api/v1/checks")
                .then().statusCode(201).extract().path("id");
        Map<String, Object> put = AuditFixture.check("audited again");
        Api.as(ws.token).body(put).put("/api/v1/checks/" + id).then().statusCode(200);
        Api.as(ws.token).post("/api/v1/checks/" + id + "/pause").then().statusCode(200);
        Api.as(ws.token).post("/api/v1/checks/" + id + "/pause").then().statusCode(200);
        Api.as(ws.token).post("/api/v1/checks/" + id + "/resume").then().statusCode(200);
        Api.as(ws.token).delete("/api/v1/checks/" + id).then().statusCode(204);

        List<Map<String, Object>> entries = ws.entries(id);
        assertThat(entries).extracting(e -> e.get("action"))
                .containsExactly("check.deleted", "check.resumed", "check.paused", "check.updated", "check.created");
        for (Map<String, Object> e : entries) {
            assertThat((Map<String, Object>) e.get("actor"))
                    .containsEntry("type", "token").containsEntry("id", ws.tokenId).containsEntry("name", ws.tokenName);
            assertThat(e).containsEntry("objectType", "check").containsEntry("objectId", id);
            assertThat((String) e.get("ip")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "::1");
        }
        Map<String, Object> updated = (Map<String, Object>) entries.get(3).get("changes");
        assertThat(updated).containsOnlyKeys("name");
        assertThat(updated.get("name")).isEqualTo(List.of("audited", "audited again"));
        Map<String, Object> created = (Map<String, Object>) entries.get(4).get("changes");
        assertThat(created.get("name")).isEqualTo(Arrays.asList(null, "audited"));
        assertThat(created.get("intervalSeconds")).isEqualTo(Arrays.asList(null, 60));
        assertThat(created).doesNotContainKeys("id", "status", "createdAt", "updatedAt");
        assertThat((Map<String, Object>) entries.get(2).get("changes")).containsEntry("paused", List.of(false, true));
        assertThat((Map<String, Object>) entries.get(0).get("changes")).containsEntry("name",
                Arrays.asList("audited again", null));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aChannelSecretShowsOnlyAsChangedAndNeverAppearsInTheLog() {
        AuditFixture ws = AuditFixture.create(pool);
        String first = RevisionsTest.secret();
        String second = RevisionsTest.secret();
        String id = Api.as(ws.token).body(Map.of("type", "webhook", "name", "hook", "url", "http://127.0.0.1:9/hook",
                "secret", first)).post("/api/v1/channels").then().statusCode(201).extract().path("id");
        Api.as(ws.token).body(Map.of("type", "webhook", "name", "hook", "url", "http://127.0.0.1:9/hook", "secret", second))
                .put("/api/v1/channels/" + id).then().statusCode(200);
        Api.as(ws.token).body(Map.of("type", "webhook", "name", "renamed", "url", "http://127.0.0.1:9/hook"))
                .put("/api/v1/channels/" + id).then().statusCode(200);
        Api.as(ws.token).delete("/api/v1/channels/" + id).then().statusCode(204);

        List<Map<String, Object>> entries = ws.entries(id);
        assertThat(entries).extracting(e -> e.get("action"))
                .containsExactly("channel.deleted", "channel.updated", "channel.updated", "channel.created");
        assertThat((Map<String, Object>) entries.get(3).get("changes")).containsEntry("secret", Arrays.asList(null, "(secret)"))
                .containsEntry("url", Arrays.asList(null, "http://127.0.0.1:9/hook"));
        assertThat((Map<String, Object>) entries.get(2).get("changes")).containsOnlyKeys("secret")
                .containsEntry("secret", List.of("(secret)", "(secret)"));
        assertThat((Map<String, Object>) entries.get(1).get("changes")).containsOnlyKeys("name");
        assertThat((Map<String, Object>) entries.get(0).get("changes")).containsEntry("secret", Arrays.asList("(secret)", null));
        String log = Api.as(ws.token).queryParam("limit", 500).get("/api/v1/audit").then().statusCode(200).extract().asString();
        for (String secret : List.of(first, second)) {
            assertThat(log).doesNotContain(secret.substring(6, 26)).doesNotContain(secret.substring(20, 40));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStatusPagePasswordShowsOnlyAsChanged() {
        AuditFixture ws = AuditFixture.create(pool);
        String slug = People.slug("pw");
        String password = "page-password-" + UUID.randomUUID();
        String id = Api.as(ws.token).body(Map.of("slug", slug, "title", "Private", "public", false, "password", password))
                .post("/api/v1/status-pages").then().statusCode(201).extract().path("id");
        String newer = "page-password-" + UUID.randomUUID();
        Api.as(ws.token).body(Map.of("slug", slug, "title", "Private", "public", false, "password", newer))
                .put("/api/v1/status-pages/" + id).then().statusCode(200);
        Api.as(ws.token).body(Map.of("slug", slug, "title", "Still private", "public", false))
                .put("/api/v1/status-pages/" + id).then().statusCode(200);
        Api.as(ws.token).delete("/api/v1/status-pages/" + id).then().statusCode(204);

        List<Map<String, Object>> entries = ws.entries(id);
        assertThat(entries).extracting(e -> e.get("action")).containsExactly("status_page.deleted", "status_page.updated",
                "status_page.updated", "status_page.created");
        assertThat((Map<String, Object>) entries.get(3).get("changes"))
                .containsEntry("password", Arrays.asList(null, "(secret)")).containsEntry("title", Arrays.asList(null, "Private"))
                .doesNotContainKey("url");
        assertThat((Map<String, Object>) entries.get(2).get("changes")).containsOnlyKeys("password")
                .containsEntry("password", List.of("(secret)", "(secret)"));
        assertThat((Map<String, Object>) entries.get(1).get("changes")).containsOnlyKeys("title");
        String log = Api.as(ws.token).queryParam("limit", 500).get("/api/v1/audit").then().statusCode(200).extract().asString();
        assertThat(log).doesNotContain(password).doesNotContain(newer).doesNotContain("argon2");
    }

    @Test
    void filtersAndPagesNarrowTheLogAndBadFiltersNameTheirField() {
        AuditFixture ws = AuditFixture.create(pool);
        for (int i = 0; i < 3; i++) {
            Api.as(ws.token).body(AuditFixture.check("paged " + i)).post("/api/v1/checks").then().statusCode(201);
        }
        Api.as(ws.token).queryParam("action", "check.created").get("/api/v1/audit").then().statusCode(200)
                .body("items", hasSize(3)).body("items[0].changes.name[1]", equalTo("paged 2"));
        Api.as(ws.token).queryParam("action", "check.").get("/api/v1/audit").then().statusCode(200).body("items", hasSize(3));
        Api.as(ws.token).queryParam("action", "channel.").get("/api/v1/audit").then().statusCode(200).body("items", hasSize(0));
        Api.as(ws.token).queryParam("actor", ws.tokenId).get("/api/v1/audit").then().statusCode(200).body("items", hasSize(3));
        // A person's id finds what their tokens did too (and the token they minted in person).
        Api.as(ws.token).queryParam("actor", ws.owner.id().toString()).get("/api/v1/audit").then().statusCode(200)
                .body("items", hasSize(4)).body("items[3].action", equalTo("token.created"))
                .body("items[3].actor.type", equalTo("user")).body("items[3].actor.id", equalTo(ws.owner.id().toString()));
        Api.as(ws.token).queryParam("actor", UUID.randomUUID().toString()).get("/api/v1/audit").then().statusCode(200)
                .body("items", hasSize(0));
        Instant now = Instant.now();
        Api.as(ws.token).queryParam("from", now.plusSeconds(60).toString()).get("/api/v1/audit").then().statusCode(200)
                .body("items", hasSize(0));
        Api.as(ws.token).queryParam("from", now.minusSeconds(600).toString()).queryParam("to", now.plusSeconds(60).toString())
                .queryParam("action", "check.created").get("/api/v1/audit").then().statusCode(200).body("items", hasSize(3));

        JsonPath first = Api.as(ws.token).queryParam("limit", 2).get("/api/v1/audit").then().statusCode(200)
                .body("items", hasSize(2)).body("next", notNullValue()).extract().jsonPath();
        JsonPath rest = Api.as(ws.token).queryParam("limit", 2).queryParam("cursor", first.getString("next"))
                .get("/api/v1/audit").then().statusCode(200).body("items", hasSize(2)).body("next", nullValue())
                .extract().jsonPath();
        List<String> ids = new ArrayList<>(first.getList("items.id"));
        ids.addAll(rest.getList("items.id"));
        assertThat(ids).doesNotHaveDuplicates().hasSize(4);
        List<String> times = new ArrayList<>(first.getList("items.at"));
        times.addAll(rest.getList("items.at"));
        assertThat(times).isSortedAccordingTo(Comparator.reverseOrder());

        Map<String, String> bad = Map.of("actor", "nobody", "action", "Check Updated!", "from", "yesterday",
                "to", "2026-13-01", "limit", "0", "cursor", "not-a-cursor");
        bad.forEach((field, value) -> Api.as(ws.token).queryParam(field, value).get("/api/v1/audit").then().statusCode(400)
                .body("errors[0].field", equalTo(field)));
    }

    @Test
    void anotherWorkspaceSeesNothingAndOnlyAdminsReadTheLog() {
        AuditFixture ws = AuditFixture.create(pool);
        String id = Api.as(ws.token).body(AuditFixture.check("private")).post("/api/v1/checks")
                .then().statusCode(201).extract().path("id");
        String other = Tenants.workspaceWithToken(pool);
        Api.as(other).queryParam("objectId", id).get("/api/v1/audit").then().statusCode(200).body("items", hasSize(0));
        assertThat(Api.as(other).queryParam("limit", 500).get("/api/v1/audit").asString()).doesNotContain(id);
        for (String role : List.of("viewer", "editor")) {
            People.Person p = People.user(pool);
            People.join(pool, p, ws.slug, role);
            Api.as(People.token(p.email(), People.PASSWORD, ws.slug)).get("/api/v1/audit").then().statusCode(403);
        }
        People.Person admin = People.user(pool);
        People.join(pool, admin, ws.slug, "admin");
        Api.as(People.token(admin.email(), People.PASSWORD, ws.slug)).queryParam("objectId", id).get("/api/v1/audit")
                .then().statusCode(200).body("items", hasSize(1));
        Api.as(ws.token).get("/api/v1/admin/audit").then().statusCode(403);
    }

    @Test
    void aFailedBasicLoginIsRecordedWithTheEmailAndNeverThePassword() {
        AuditFixture ws = AuditFixture.create(pool);
        String wrong = "wrong-" + UUID.randomUUID();
        RestAssured.given().auth().preemptive().basic(ws.owner.email(), wrong).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/tokens").then().statusCode(401);
        String nobody = "nobody-" + UUID.randomUUID() + "@example.com";
        RestAssured.given().auth().preemptive().basic(nobody, wrong).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/tokens").then().statusCode(401);
        String admin = Api.adminToken();
        Api.as(admin).queryParam("action", "login.failed").queryParam("objectId", ws.owner.email())
                .get("/api/v1/admin/audit").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].objectType", equalTo("login"))
                .body("items[0].actor.type", equalTo("user"))
                .body("items[0].actor.id", equalTo(ws.owner.id().toString()))
                .body("items[0].actor.name", equalTo(ws.owner.email()))
                .body("items[0].changes.reason[1]", equalTo("password"))
                .body("items[0].ip", notNullValue());
        Api.as(admin).queryParam("objectId", nobody).get("/api/v1/admin/audit").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].actor.id", nullValue())
                .body("items[0].changes.reason[1]", equalTo("unknown account"));
        assertThat(Api.as(admin).queryParam("limit", 500).get("/api/v1/admin/audit").asString()).doesNotContain(wrong);
        // Failed logins are no workspace's business.
        Api.as(ws.token).queryParam("objectId", ws.owner.email()).get("/api/v1/audit").then().statusCode(200)
                .body("items", hasSize(0));
    }

    @Test
    void entriesOlderThanTheRetentionArePruned() {
        assertThat(config.retention()).isEqualTo(Duration.ofDays(400));
        AuditFixture ws = AuditFixture.create(pool);
        String id = Api.as(ws.token).body(AuditFixture.check("kept")).post("/api/v1/checks")
                .then().statusCode(201).extract().path("id");
        pool.preparedQuery("INSERT INTO audit_events (id, workspace_id, at, actor_type, action, object_type, object_id) "
                        + "VALUES ($1, $2, now() - interval '401 days', 'system', 'check.updated', 'check', $3)")
                .execute(Tuple.of(UUID.randomUUID(), ws.workspaceId, id)).await().atMost(Duration.ofSeconds(10));
        assertThat(ws.entries(id)).hasSize(2);
        assertThat(retention.prune(Instant.now().minus(config.retention())).await().atMost(Duration.ofSeconds(10)))
                .isGreaterThanOrEqualTo(1);
        assertThat(ws.entries(id)).extracting(e -> e.get("action")).containsExactly("check.created");
    }

    @Test
    void incidentsMaintenanceAndRegionsAreRecordedToo() {
        AuditFixture ws = AuditFixture.create(pool);
        String incident = Api.as(ws.token).body(Map.of("title", "Checkout slow", "message", "Looking"))
                .post("/api/v1/incidents").then().statusCode(201).extract().path("id");
        Api.as(ws.token).body(Map.of("phase", "resolved", "message", "Fixed")).post("/api/v1/incidents/" + incident + "/updates")
                .then().statusCode(201);
        Api.as(ws.token).queryParam("objectId", incident).get("/api/v1/audit").then().statusCode(200)
                .body("items.action", contains("incident.updated", "incident.created"))
                .body("items[0].changes.state", contains("open", "resolved"))
                .body("items[0].changes.message", contains(null, "Fixed"))
                .body("items[1].changes.title", contains(null, "Checkout slow"));

        String window = Api.as(ws.token).body(Map.of("name", "db upgrade", "tags", List.of("db"),
                        "startsAt", Instant.now().plusSeconds(3600).toString(), "endsAt", Instant.now().plusSeconds(7200).toString()))
                .post("/api/v1/maintenance").then().statusCode(201).extract().path("id");
        Api.as(ws.token).delete("/api/v1/maintenance/" + window).then().statusCode(204);
        Api.as(ws.token).queryParam("objectId", window).get("/api/v1/audit").then().statusCode(200)
                .body("items.action", contains("maintenance.deleted", "maintenance.created"))
                .body("items[1].changes.name", contains(null, "db upgrade"))
                .body("items[1].changes.active", nullValue());

        String region = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        Api.as(ws.token).body(Map.of("name", region)).post("/api/v1/regions").then().statusCode(201);
        String agentToken = Api.as(ws.token).post("/api/v1/regions/" + region + "/tokens").then().statusCode(201)
                .extract().path("token");
        Api.as(ws.token).delete("/api/v1/regions/" + region).then().statusCode(204);
        String log = Api.as(ws.token).queryParam("action", "region.").get("/api/v1/audit").then().statusCode(200)
                .body("items.action", contains("region.deleted", "region.token_created", "region.created"))
                .extract().asString();
        assertThat(log).doesNotContain(agentToken);
    }
}

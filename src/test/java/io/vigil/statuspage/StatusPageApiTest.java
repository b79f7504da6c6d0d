package io.vigil.statuspage;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.testing.Api;
import io.vigil.testing.Await;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Receiver;
import io.vigil.testing.Tenants;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class StatusPageApiTest {

    @Inject
    Pool pool;
    @Inject
    StatusSnapshots snapshots;
    String token;
    Receiver receiver;

    @BeforeEach
    void setUp() {
        token = Tenants.workspaceWithToken(pool);
        receiver = new Receiver();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    private String check(String name) {
        return Api.as(token).body(Map.of("name", name, "url", receiver.url("/target"), "intervalSeconds", 1, "timeoutMs", 800,
                "failureThreshold", 1)).post("/api/v1/checks").then().statusCode(201).extract().path("id");
    }

    private static String slug() {
        return "shop-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Map<String, Object> page(String slug, List<Map<String, Object>> components) {
        Map<String, Object> body = new HashMap<>(Map.of("slug", slug, "title", "Shop status", "components", components));
        body.put("description", "Live status of the shop");
        return body;
    }

    @Test
    void createReadReplaceDelete() {
        String api = check("API");
        String web = check("Web");
        String slug = slug();
        var created = Api.as(token).body(page(slug, List.of(Map.of("name", "API", "checkId", api, "group", "Backend"),
                        Map.of("name", "Website", "checkId", web))))
                .post("/api/v1/status-pages").then().statusCode(201)
                .body("slug", equalTo(slug)).body("public", equalTo(true)).body("components", hasSize(2))
                .body("components[0].group", equalTo("Backend")).body("$", not(hasKey("password")))
                .extract();
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/api/v1/status-pages/" + id);
        Api.as(token).get("/api/v1/status-pages/" + id).then().statusCode(200).body("components[1].name", equalTo("Website"));
        Map<String, Object> replaced = page(slug, List.of(Map.of("name", "API", "checkId", api)));
        replaced.put("public", false);
        replaced.put("password", "let-me-in-please");
        Api.as(token).body(replaced).put("/api/v1/status-pages/" + id).then().statusCode(200)
                .body("public", equalTo(false)).body("passwordProtected", equalTo(true)).body("components", hasSize(1))
                .body("$", not(hasKey("password")));
        String hash = pool.query("SELECT password_hash FROM status_pages WHERE id = '" + id + "'").execute().await().indefinitely()
                .iterator().next().getString(0);
        assertThat(hash).startsWith("$argon2id$").doesNotContain("let-me-in-please");
        Api.as(token).delete("/api/v1/status-pages/" + id).then().statusCode(204);
        Api.as(token).get("/api/v1/status-pages/" + id).then().statusCode(404);
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        String api = check("API");
        Api.as(token).body(page("Shop_Status", List.of())).post("/api/v1/status-pages").then().statusCode(400)
                .body("errors[0].field", equalTo("slug"));
        Api.as(token).body(page("admin", List.of())).post("/api/v1/status-pages").then().statusCode(400)
                .body("errors[0].field", equalTo("slug")).body("errors[0].message", equalTo("'admin' is reserved"));
        Api.as(token).body(page(slug(), List.of(Map.of("name", "API")))).post("/api/v1/status-pages").then().statusCode(400)
                .body("errors[0].field", equalTo("components[0].checkId"));
        String foreign = Api.as(Tenants.workspaceWithToken(pool)).body(Map.of("name", "x", "url", "https://example.invalid/"))
                .post("/api/v1/checks").then().statusCode(201).extract().path("id");
        Api.as(token).body(page(slug(), List.of(Map.of("name", "API", "checkId", api), Map.of("name", "X", "checkId", foreign))))
                .post("/api/v1/status-pages").then().statusCode(400).body("errors[0].field", equalTo("components[1].checkId"));
        Map<String, Object> locked = page(slug(), List.of());
        locked.put("public", false);
        Api.as(token).body(locked).post("/api/v1/status-pages").then().statusCode(400).body("errors[0].field", equalTo("password"));
        String slug = slug();
        Api.as(token).body(page(slug, List.of())).post("/api/v1/status-pages").then().statusCode(201);
        Api.as(Tenants.workspaceWithToken(pool)).body(page(slug, List.of())).post("/api/v1/status-pages").then().statusCode(409);
    }

    @Test
    void theSnapshotFollowsTheChecks() {
        String api = check("API");
        String web = check("Web");
        String slug = slug();
        Api.as(token).body(page(slug, List.of(Map.of("name", "API", "checkId", api), Map.of("name", "Website", "checkId", web))))
                .post("/api/v1/status-pages").then().statusCode(201);
        Await.until("both up", Duration.ofSeconds(30), () -> List.of(api, web).stream().allMatch(id ->
                "up".equals(Api.as(token).get("/api/v1/checks/" + id).jsonPath().getString("status"))));
        Await.until("operational", Duration.ofSeconds(30), () -> {
            StatusSnapshot s = snapshots.bySlug(slug).await().indefinitely().orElseThrow();
            return "none".equals(s.indicator()) && s.components().get(0).days().get(89).uptime() != null;
        });
        StatusSnapshot up = snapshots.bySlug(slug).await().indefinitely().orElseThrow();
        assertThat(up.headline()).isEqualTo("All Systems Operational");
        assertThat(up.components()).extracting(StatusSnapshot.Component::status).containsOnly("operational");
        assertThat(up.components().get(0).days()).hasSize(90);
        assertThat(up.components().get(0).days().get(89).uptime()).isEqualTo(100.0);
        receiver.targetStatus.set(500);
        // one of two components down is already "critical" (half or more); wait for both
        Await.until("both down", Duration.ofSeconds(30), () -> snapshots.bySlug(slug).await().indefinitely().orElseThrow()
                .activeIncidents().size() == 2);
        StatusSnapshot down = snapshots.bySlug(slug).await().indefinitely().orElseThrow();
        assertThat(down.status()).isEqualTo("major_outage");
        assertThat(down.headline()).isEqualTo("Major System Outage");
        assertThat(down.indicator()).isEqualTo("critical");
        assertThat(down.version()).isNotEqualTo(up.version());
        assertThat(snapshots.bySlug("no-such-page").await().indefinitely()).isEmpty();
    }
}

package io.vigil.history;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.testing.Api;
import io.vigil.testing.People;
import io.vigil.testing.People.Person;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A fresh workspace with its owner, whose token the audit log must name; helpers to read the log. */
final class AuditFixture {

    final Person owner;
    final String slug;
    final UUID workspaceId;
    final String token;
    final String tokenId;
    final String tokenName;

    private AuditFixture(Person owner, String slug, UUID workspaceId, String token, String tokenId, String tokenName) {
        this.owner = owner;
        this.slug = slug;
        this.workspaceId = workspaceId;
        this.token = token;
        this.tokenId = tokenId;
        this.tokenName = tokenName;
    }

    /** A new workspace owned by a new person, and a token of theirs there. */
    static AuditFixture create(Pool pool) {
        Person owner = People.user(pool);
        String slug = People.slug("audit");
        UUID ws = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO workspaces (id, slug, name) VALUES ($1, $2, 'Audited')")
                .execute(Tuple.of(ws, slug)).await().atMost(Duration.ofSeconds(10));
        People.join(pool, owner, slug, "owner");
        String name = "ci-" + UUID.randomUUID().toString().substring(0, 6);
        JsonPath minted = mint(owner.email(), slug, name, null);
        return new AuditFixture(owner, slug, ws, minted.getString("token"), minted.getString("id"), name);
    }

    static JsonPath mint(String email, String slug, String name, String role) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "workspace", slug));
        if (role != null) {
            body.put("role", role);
        }
        return RestAssured.given().auth().preemptive().basic(email, People.PASSWORD).contentType(ContentType.JSON)
                .body(body).post("/api/v1/tokens").then().statusCode(201).extract().jsonPath();
    }

    /** The workspace's audit entries for one object, newest first. */
    List<Map<String, Object>> entries(String objectId) {
        return Api.as(token).queryParam("objectId", objectId).get("/api/v1/audit")
                .then().statusCode(200).extract().jsonPath().getList("items");
    }

    static Map<String, Object> check(String name) {
        Map<String, Object> c = new HashMap<>();
        c.put("name", name);
        c.put("url", "https://status.example.invalid/health");
        c.put("intervalSeconds", 60);
        c.put("assertions", List.of("status == 200"));
        return c;
    }
}

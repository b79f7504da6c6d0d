package io.vigil.testing;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.auth.Secrets;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** People for membership tests: users with a password, added to workspaces, minting tokens by HTTP Basic. */
public final class People {

    public static final String PASSWORD = "a person's own password";
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Hashing is slow by design: one hash serves every test user. */
    private static final String HASH = Secrets.hashPassword(PASSWORD);

    private People() {
    }

    /** A user who signs in with {@link #PASSWORD}. */
    public record Person(UUID id, String email) {
    }

    /** A new user in no workspace. */
    public static Person user(Pool pool) {
        UUID id = UUID.randomUUID();
        String email = "person-" + id + "@example.com";
        pool.preparedQuery("INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, 'Person', $3)")
                .execute(Tuple.of(id, email, HASH)).await().atMost(WAIT);
        return new Person(id, email);
    }

    /** Makes the user a member of the workspace (by slug) with the role; there is no invitation API yet. */
    public static void join(Pool pool, Person person, String slug, String role) {
        pool.preparedQuery("INSERT INTO memberships (workspace_id, user_id, role) "
                        + "SELECT id, $2, $3 FROM workspaces WHERE slug = $1")
                .execute(Tuple.of(slug, person.id(), role)).await().atMost(WAIT);
    }

    /** HTTP Basic on {@code POST /api/v1/tokens} for the workspace with this slug. */
    public static String token(String email, String password, String slug) {
        return RestAssured.given().auth().preemptive().basic(email, password).contentType(ContentType.JSON)
                .body(Map.of("name", "people test", "workspace", slug))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
    }

    /** A new workspace created by the token's user through the API; returns its id. */
    public static String workspace(String token, String slug) {
        return Api.as(token).body(Map.of("name", "Workspace " + slug, "slug", slug))
                .post("/api/v1/workspaces").then().statusCode(201).extract().path("id");
    }

    /** A slug nobody has taken. */
    public static String slug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

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

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class MemberResourceTest {

    @Inject
    Pool pool;

    /** A new workspace owned by the admin; returns the admin's token there. */
    private static String ownedWorkspace(String slug) {
        People.workspace(Api.adminToken(), slug);
        return People.token(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD, slug);
    }

    private static String adminId(String token) {
        return Api.as(token).get("/api/v1/me").then().statusCode(200).extract().path("id");
    }

    @Test
    void viewersSeeTheMembersButCannotChangeThem() {
        String slug = People.slug("members");
        String owner = ownedWorkspace(slug);
        Person viewer = People.user(pool);
        People.join(pool, viewer, slug, "viewer");
        String viewerToken = People.token(viewer.email(), People.PASSWORD, slug);

        Api.as(viewerToken).get("/api/v1/members").then().statusCode(200)
                .body("items", hasSize(2))
                .body("items.email", hasItems(Api.ADMIN_EMAIL, viewer.email()))
                .body("items.find { it.userId == '" + viewer.id() + "' }.role", equalTo("viewer"))
                .body("items.find { it.userId == '" + viewer.id() + "' }.name", equalTo("Person"))
                .body("items[0].joinedAt", notNullValue());
        Api.as(viewerToken).body(Map.of("role", "editor")).patch("/api/v1/members/" + viewer.id()).then().statusCode(403);
        Api.as(viewerToken).delete("/api/v1/members/" + adminId(owner)).then().statusCode(403);
        // The default workspace's members are not this workspace's.
        Api.as(Api.adminToken()).get("/api/v1/members").then().statusCode(200)
                .body("items.email", not(hasItem(viewer.email())));
    }

    @Test
    void onlyAnOwnerGrantsOwnerAndTheLastOwnerStays() {
        String slug = People.slug("owners");
        String owner = ownedWorkspace(slug);
        String ownerId = adminId(owner);
        Person other = People.user(pool);
        People.join(pool, other, slug, "viewer");

        Api.as(owner).body(Map.of("role", "admin")).patch("/api/v1/members/" + other.id())
                .then().statusCode(200).body("role", equalTo("admin")).body("email", equalTo(other.email()));
        String otherAdmin = People.token(other.email(), People.PASSWORD, slug);
        Api.as(otherAdmin).body(Map.of("role", "owner")).patch("/api/v1/members/" + other.id()).then().statusCode(403);
        Api.as(otherAdmin).body(Map.of("role", "viewer")).patch("/api/v1/members/" + ownerId).then().statusCode(403);
        Api.as(otherAdmin).delete("/api/v1/members/" + ownerId).then().statusCode(403);
        Api.as(owner).body(Map.of("role", "boss")).patch("/api/v1/members/" + other.id()).then().statusCode(400);

        Api.as(owner).body(Map.of("role", "admin")).patch("/api/v1/members/" + ownerId)
                .then().statusCode(409).body("detail", containsString("last owner"));
        Api.as(owner).delete("/api/v1/members/" + ownerId).then().statusCode(409);

        Api.as(owner).body(Map.of("role", "owner")).patch("/api/v1/members/" + other.id()).then().statusCode(200);
        Api.as(owner).body(Map.of("role", "editor")).patch("/api/v1/members/" + ownerId)
                .then().statusCode(200).body("role", equalTo("editor"));
        // The demotion applies to the token at once.
        Api.as(owner).body(Map.of("role", "viewer")).patch("/api/v1/members/" + other.id()).then().statusCode(403);
        String newOwner = People.token(other.email(), People.PASSWORD, slug);
        Api.as(newOwner).body(Map.of("role", "viewer")).patch("/api/v1/members/" + other.id()).then().statusCode(409);
        Api.as(newOwner).get("/api/v1/members").then().statusCode(200)
                .body("items.find { it.userId == '" + ownerId + "' }.role", equalTo("editor"));
    }

    @Test
    void aMemberMayLeaveAndAnAdminMayRemoveOthers() {
        String slug = People.slug("leave");
        String owner = ownedWorkspace(slug);
        Person leaver = People.user(pool);
        Person removed = People.user(pool);
        People.join(pool, leaver, slug, "viewer");
        People.join(pool, removed, slug, "editor");
        String leaverToken = People.token(leaver.email(), People.PASSWORD, slug);
        String removedToken = People.token(removed.email(), People.PASSWORD, slug);

        Api.as(leaverToken).delete("/api/v1/members/" + removed.id()).then().statusCode(403);
        Api.as(leaverToken).delete("/api/v1/members/" + leaver.id()).then().statusCode(204);
        Api.as(leaverToken).get("/api/v1/members").then().statusCode(401);

        Api.as(owner).delete("/api/v1/members/" + removed.id()).then().statusCode(204);
        Api.as(removedToken).get("/api/v1/checks").then().statusCode(401);
        Api.as(owner).delete("/api/v1/members/" + removed.id()).then().statusCode(404);
        Api.as(owner).get("/api/v1/members").then().statusCode(200).body("items", hasSize(1));
    }
}

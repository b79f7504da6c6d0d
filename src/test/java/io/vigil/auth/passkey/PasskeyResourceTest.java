package io.vigil.auth.passkey;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.testing.Api;
import io.vigil.testing.FixedPublicUrl;
import io.vigil.testing.FormBrowser;
import io.vigil.testing.People;
import io.vigil.testing.People.Person;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * {@code /api/v1/me/passkeys} over real HTTP and PostgreSQL (passkeys stored directly: registering one needs a browser,
 * see {@code PasskeyBrowserTest}), and the passkey sign-in endpoints refusing what they must.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(FixedPublicUrl.class)
class PasskeyResourceTest {

    @Inject
    Pool pool;

    private Person member() {
        Person p = People.user(pool);
        People.join(pool, p, "default", "editor");
        return p;
    }

    private UUID passkey(Person p, String name, int minutesAgo) {
        UUID id = UUID.randomUUID();
        byte[] credentialId = new byte[16];
        ThreadLocalRandom.current().nextBytes(credentialId);
        pool.preparedQuery("""
                        INSERT INTO passkeys (id, user_id, credential_id, credential, sign_count, uv_initialized, backup_eligible,
                                              backup_state, name, created_at) VALUES ($1, $2, $3, $4, 0, true, false, false, $5, $6)""")
                .execute(Tuple.from(List.of(id, p.id(), Buffer.buffer(credentialId), Buffer.buffer(new byte[]{1, 2, 3}), name,
                        OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(minutesAgo))))
                .await().indefinitely();
        return id;
    }

    @Test
    void listRenameAndRemoveOwnPasskeysOnly() {
        Person me = member();
        Person other = member();
        String token = People.token(me.email(), People.PASSWORD, "default");
        String theirToken = People.token(other.email(), People.PASSWORD, "default");
        UUID first = passkey(me, "Phone", 10);
        UUID second = passkey(me, "Laptop", 5);
        UUID theirs = passkey(other, "Theirs", 1);

        Api.as(token).get("/api/v1/me/passkeys").then().statusCode(200)
                .body("items.name", contains("Phone", "Laptop")).body("items[0].id", equalTo(first.toString()))
                .body("items[0].lastUsedAt", equalTo(null)).body("next", equalTo(null));
        Api.as(token).get("/api/v1/me").then().statusCode(200).body("twoFactor.passkeys", equalTo(2));

        Api.as(token).contentType(ContentType.JSON).body(Map.of("name", "  Old phone ")).patch("/api/v1/me/passkeys/" + first)
                .then().statusCode(200).body("name", equalTo("Old phone")).body("id", equalTo(first.toString()));
        Api.as(token).contentType(ContentType.JSON).body(Map.of("name", " ")).patch("/api/v1/me/passkeys/" + first)
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        Api.as(token).contentType(ContentType.JSON).body(Map.of("name", "x".repeat(65))).patch("/api/v1/me/passkeys/" + first)
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        Api.as(token).contentType(ContentType.JSON).body(Map.of("name", "Mine now")).patch("/api/v1/me/passkeys/" + theirs)
                .then().statusCode(404);
        Api.as(token).delete("/api/v1/me/passkeys/" + theirs).then().statusCode(404);
        Api.as(token).delete("/api/v1/me/passkeys/not-a-uuid").then().statusCode(404);
        Api.as(theirToken).get("/api/v1/me/passkeys").then().statusCode(200)
                .body("items.name", contains("Theirs"));

        // removing one ends the user's sessions
        FormBrowser browser = new FormBrowser("203.0.113.9");
        browser.login(me.email(), People.PASSWORD);
        browser.get("/login/2fa").then().statusCode(200);
        Api.as(token).delete("/api/v1/me/passkeys/" + second).then().statusCode(204);
        browser.get("/login/2fa").then().statusCode(303).header("Location", equalTo("/login"));
        Api.as(token).delete("/api/v1/me/passkeys/" + second).then().statusCode(404);
        Api.as(token).get("/api/v1/me/passkeys").then().statusCode(200).body("items", hasSize(1));
        Api.as(token).get("/api/v1/me").then().statusCode(200).body("twoFactor.passkeys", equalTo(1));
        Api.as(Api.adminToken()).queryParam("action", "passkey.removed").queryParam("objectId", second)
                .get("/api/v1/admin/audit").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].actor.id", equalTo(me.id().toString()));
    }

    @Test
    void anAccountWithAPasskeyNeedsTheSecondStepAfterItsPassword() {
        Person me = member();
        passkey(me, "Phone", 1);
        FormBrowser browser = new FormBrowser("203.0.113.10");
        browser.login(me.email(), People.PASSWORD).then().statusCode(303).header("Location", equalTo("/login/2fa"));
        browser.get("/account").then().statusCode(303);
        String page = browser.get("/login/2fa").then().statusCode(200).extract().asString();
        assertThat(page).contains("id=\"passkey-verify\"").doesNotContain("id=\"code\"");
    }

    @Test
    void httpBasicCannotStandInForAPasskeyAndSaysWhereToGetAToken() {
        Person me = member();
        String token = People.token(me.email(), People.PASSWORD, "default");
        passkey(me, "Phone", 1);
        RestAssured.given().auth().preemptive().basic(me.email(), People.PASSWORD).contentType(ContentType.JSON)
                .body(Map.of("name", "ci")).post("/api/v1/tokens").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", equalTo("Basic realm=\"vigil\""))
                .body("detail", org.hamcrest.Matchers.containsString("passkey"))
                .body("detail", org.hamcrest.Matchers.containsString("/account"));
        // a wrong password still says only that
        RestAssured.given().auth().preemptive().basic(me.email(), "not the password").contentType(ContentType.JSON)
                .body(Map.of("name", "ci")).post("/api/v1/tokens").then().statusCode(401)
                .body("detail", equalTo("wrong e-mail or password"));
        Api.as(Api.adminToken()).queryParam("action", "login.failed").queryParam("objectId", me.email())
                .get("/api/v1/admin/audit").then().statusCode(200)
                .body("items.collect { it.changes.reason[1] }", org.hamcrest.Matchers.hasItems("passkey account", "password"));
        // tokens minted before keep working
        Api.as(token).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void passkeyEndpointsRefuseMissingCsrfForeignOriginsAndUnknownAnswers() {
        String origin = "http://localhost:" + RestAssured.port;
        RestAssured.given().header("Origin", origin).contentType(ContentType.JSON).body(Map.of("csrf", "nope"))
                .post("/login/passkey/options").then().statusCode(403);
        String csrf = new FormBrowser("203.0.113.11").csrf("/login", "/login");
        RestAssured.given().header("Origin", "https://evil.example").contentType(ContentType.JSON).body(Map.of("csrf", csrf))
                .post("/login/passkey/options").then().statusCode(403);
        RestAssured.given().header("Origin", origin).contentType(ContentType.JSON).body(Map.of("csrf", csrf))
                .post("/login/passkey/options").then().statusCode(200)
                .body("rpId", equalTo("localhost")).body("userVerification", equalTo("required"))
                .body("allowCredentials", hasSize(0)).body("challenge.length()", equalTo(43));
        RestAssured.given().header("Origin", origin).contentType(ContentType.JSON)
                .body(Map.of("csrf", csrf, "credential", Map.of("id", "AAAA", "type", "public-key")))
                .post("/login/passkey").then().statusCode(400).body("errors[0].field", equalTo("credential"));
        RestAssured.given().header("Origin", origin).contentType(ContentType.JSON).body(Map.of("csrf", csrf))
                .post("/account/passkeys/options").then().statusCode(401);
    }
}

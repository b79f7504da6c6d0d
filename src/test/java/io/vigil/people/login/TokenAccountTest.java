package io.vigil.people.login;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.testing.Api;
import io.vigil.testing.FormBrowser;
import io.vigil.testing.People;
import io.vigil.testing.People.Person;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.TrustForwarded;
import jakarta.inject.Inject;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * API tokens from the account page (how a passkey-only account gets one): minted through the real form, shown once,
 * usable at once with the API, never above the person's role, revoked with its button.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(TrustForwarded.class)
class TokenAccountTest {

    @Inject
    Pool pool;

    private static FormBrowser browser() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new FormBrowser(String.format("2001:db8:7e:%x::%x", r.nextInt(0xffff), r.nextInt(0xffff) + 1));
    }

    private FormBrowser signedIn(Person p) {
        FormBrowser b = browser();
        b.login(p.email(), People.PASSWORD).then().statusCode(303);
        return b;
    }

    private static Response mint(FormBrowser b, Map<String, String> fields) {
        Map<String, String> all = new HashMap<>(fields);
        all.put("csrf", b.csrf("/account", "/account/tokens"));
        return b.post("/account/tokens", all);
    }

    @Test
    void aTokenMintedOnThePageIsShownOnceWorksAndIsRevokedByItsButton() {
        Person p = People.user(pool);
        People.join(pool, p, "default", "editor");
        FormBrowser b = signedIn(p);
        Response created = mint(b, Map.of("name", "ci deploy", "workspace", "default", "role", "viewer", "expires", "30"));
        created.then().statusCode(201).header("Cache-Control", equalTo("no-store"));
        Document page = Jsoup.parse(created.asString());
        String secret = page.getElementById("minted-secret").text();
        assertThat(secret).startsWith("vgl_");
        assertThat(page.getElementById("minted-token").text()).contains("ci deploy").contains("default").contains("viewer");

        Api.as(secret).get("/api/v1/me").then().statusCode(200).body("email", equalTo(p.email()));
        Api.as(secret).get("/api/v1/tokens").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].name", equalTo("ci deploy")).body("items[0].role", equalTo("viewer"));
        Instant expires = Instant.parse(Api.as(secret).get("/api/v1/tokens").path("items[0].expiresAt"));
        assertThat(expires).isBetween(Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));
        // a viewer token cannot write
        Api.as(secret).contentType("application/json").body(Map.of("name", "x", "type", "http", "url", "http://127.0.0.1:9/"))
                .post("/api/v1/checks").then().statusCode(403);

        String again = b.get("/account").then().statusCode(200).extract().asString();
        assertThat(again).doesNotContain(secret).contains("ci deploy");
        assertThat(pool.query("SELECT count(*) FROM audit_events WHERE action = 'token.created' AND actor_user_id = '"
                + p.id() + "'").execute().await().indefinitely().iterator().next().getLong(0)).isEqualTo(1);

        Element revoke = Jsoup.parse(again).selectFirst("form[action$=/revoke]");
        String action = revoke.attr("action");
        b.post(action, Map.of("csrf", revoke.selectFirst("input[name=csrf]").attr("value"))).then().statusCode(303)
                .header("Location", equalTo("/account?notice=token-revoked"));
        Api.as(secret).get("/api/v1/me").then().statusCode(401);
        b.post(action, Map.of("csrf", revoke.selectFirst("input[name=csrf]").attr("value"))).then().statusCode(404);
    }

    @Test
    void badChoicesShowTheFormAgainWithTheFieldMarked() {
        Person p = People.user(pool);
        People.join(pool, p, "default", "editor");
        FormBrowser b = signedIn(p);
        Document above = Jsoup.parse(mint(b, Map.of("name", "x", "workspace", "default", "role", "owner", "expires", "90"))
                .then().statusCode(403).extract().asString());
        assertThat(above.getElementById("token-role").attr("aria-invalid")).isEqualTo("true");
        assertThat(above.getElementById("token-error").text()).contains("editor");
        Document nowhere = Jsoup.parse(mint(b, Map.of("name", "x", "workspace", "not-mine", "expires", "90"))
                .then().statusCode(400).extract().asString());
        assertThat(nowhere.getElementById("token-workspace").attr("aria-invalid")).isEqualTo("true");
        Document when = Jsoup.parse(mint(b, Map.of("name", "x", "workspace", "default", "expires", "7"))
                .then().statusCode(400).extract().asString());
        assertThat(when.getElementById("token-expires").attr("aria-invalid")).isEqualTo("true");
        Document role = Jsoup.parse(mint(b, Map.of("name", "x", "workspace", "default", "role", "god"))
                .then().statusCode(400).extract().asString());
        assertThat(role.getElementById("token-role").attr("aria-invalid")).isEqualTo("true");
        Document longName = Jsoup.parse(mint(b, Map.of("name", "n".repeat(201), "workspace", "default"))
                .then().statusCode(400).extract().asString());
        assertThat(longName.getElementById("token-name").attr("aria-invalid")).isEqualTo("true");
        assertThat(longName.getElementById("form-error")).as("the password form is not marked").isNull();
        assertThat(pool.query("SELECT count(*) FROM api_tokens WHERE user_id = '" + p.id() + "'").execute().await()
                .indefinitely().iterator().next().getLong(0)).isZero();
    }

    @Test
    void withoutItsTokenFromAnotherSiteOrSignedOutTheFormIsRefused() {
        Person p = People.user(pool);
        People.join(pool, p, "default", "editor");
        FormBrowser b = signedIn(p);
        b.post("/account/tokens", Map.of("name", "x", "workspace", "default")).then().statusCode(403);
        b.request().header("Origin", "https://evil.example").contentType("application/x-www-form-urlencoded")
                .formParams(Map.of("name", "x", "workspace", "default", "csrf", b.csrf("/account", "/account/tokens")))
                .post("/account/tokens").then().statusCode(403);
        browser().post("/account/tokens", Map.of("name", "x")).then().statusCode(303)
                .header("Location", equalTo("/login?next=/account"));
        assertThat(pool.query("SELECT count(*) FROM api_tokens WHERE user_id = '" + p.id() + "'").execute().await()
                .indefinitely().iterator().next().getLong(0)).isZero();
    }
}

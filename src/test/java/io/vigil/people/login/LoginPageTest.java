package io.vigil.people.login;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.auth.totp.TotpCode;
import io.vigil.testing.Api;
import io.vigil.testing.FormBrowser;
import io.vigil.testing.People;
import io.vigil.testing.People.Person;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.TrustForwarded;
import jakarta.inject.Inject;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Console sign-in end to end over real HTTP and PostgreSQL: cookie, sessions, 2FA, sign-out, revocation, throttling. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(TrustForwarded.class)
class LoginPageTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    private static FormBrowser browser() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new FormBrowser(String.format("2001:db8:%x:%x::7", r.nextInt(0xffff), r.nextInt(0xffff)));
    }

    private Person member() {
        Person p = People.user(pool);
        People.join(pool, p, "default", "editor");
        return p;
    }

    @Test
    void withoutAnOidcIssuerThereIsNoSingleSignOn() {
        String page = RestAssured.get("/login").then().statusCode(200).extract().asString();
        assertNull(Jsoup.parse(page).selectFirst("a[href^=/login/sso]"), "no SSO button without vigil.oidc.issuer");
        RestAssured.given().redirects().follow(false).get("/login/sso").then().statusCode(404)
                .body(containsString("Single sign-on is off"));
    }

    @Test
    void signingInSetsAHardenedCookieAndOpensTheAccountPage() {
        Person p = member();
        FormBrowser b = browser();
        Response login = b.login(p.email().toUpperCase(), People.PASSWORD);
        login.then().statusCode(303).header("Location", equalTo("/account"));
        String cookie = login.getHeader("Set-Cookie");
        assertTrue(cookie.startsWith("vigil_session="), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Lax"), cookie);
        assertFalse(cookie.contains("Secure"), "plain http: no Secure flag: " + cookie);
        b.get("/account").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src"))
                .body(containsString(p.email()));
        String token = People.token(p.email(), People.PASSWORD, "default");
        RestAssured.given().header("Authorization", "Bearer " + token).get("/api/v1/me/sessions").then().statusCode(200)
                .body("items.device", hasItem("Chrome on Linux")).body("items.address", hasItem(notNullValue()))
                .body("items[0].lastSeenAt", notNullValue()).body("next", equalTo(null));
        // only its hash is stored
        long stored = pool.preparedQuery("SELECT count(*) FROM sessions WHERE token_hash = sha256(convert_to($1, 'UTF8'))")
                .execute(Tuple.of(b.session())).await().atMost(WAIT).iterator().next().getLong(0);
        assertEquals(1, stored);
        long plain = pool.preparedQuery("SELECT count(*) FROM sessions WHERE encode(token_hash, 'escape') = $1")
                .execute(Tuple.of(b.session())).await().atMost(WAIT).iterator().next().getLong(0);
        assertEquals(0, plain);
    }

    @Test
    void behindTlsTheCookieIsSecure() {
        Person p = member();
        FormBrowser b = browser();
        String csrf = b.csrf("/login", "/login");
        Response r = b.request().header("X-Forwarded-Proto", "https").header("Origin", "http://localhost:" + RestAssured.port)
                .contentType(ContentType.URLENC).formParams(Map.of("email", p.email(), "password", People.PASSWORD, "csrf", csrf))
                .post("/login");
        r.then().statusCode(303);
        assertTrue(r.getHeader("Set-Cookie").contains("Secure"), r.getHeader("Set-Cookie"));
    }

    @Test
    void wrongPasswordShowsTheFormAgainWithTheFieldMarked() {
        Person p = member();
        FormBrowser b = browser();
        Response r = b.login(p.email(), "not the password");
        r.then().statusCode(400).contentType(containsString("text/html"));
        assertNull(r.getCookie(FormBrowser.COOKIE));
        var doc = Jsoup.parse(r.asString());
        assertEquals("true", doc.selectFirst("#password").attr("aria-invalid"));
        assertEquals(p.email(), doc.selectFirst("#email").attr("value"), "the e-mail is kept");
        browser().login("nobody-" + UUID.randomUUID() + "@example.com", "whatever").then().statusCode(400)
                .body(containsString("Wrong e-mail or password."));
        String admin = Api.adminToken();
        Api.as(admin).queryParam("action", "login.failed").queryParam("objectId", p.email()).get("/api/v1/admin/audit")
                .then().statusCode(200).body("items.size()", equalTo(1)).body("items[0].changes.via[1]", equalTo("form"))
                .body("items[0].changes.reason[1]", equalTo("password")).body("items[0].actor.id", equalTo(p.id().toString()))
                .body("items[0].ip", startsWith("2001:db8:"));
        assertFalse(Api.as(admin).queryParam("limit", 500).get("/api/v1/admin/audit").asString().contains("not the password"),
                "a password never reaches the audit log");
        browser().login(p.email(), People.PASSWORD).then().statusCode(303);
        Api.as(admin).queryParam("action", "login.succeeded").queryParam("objectId", p.id().toString())
                .get("/api/v1/admin/audit").then().statusCode(200).body("items.size()", equalTo(1));
        String csrf = b.csrf("/login", "/login");
        b.post("/login", Map.of("email", "", "password", "x", "csrf", csrf)).then().statusCode(400);
        Response nul = b.post("/login", Map.of("email", "a\u0000@example.com", "password", "x", "csrf", csrf));
        nul.then().statusCode(400).contentType(containsString("text/html"));
        assertEquals("true", Jsoup.parse(nul.asString()).selectFirst("#email").attr("aria-invalid"));
        b.post("/forgot", Map.of("email", "a\u0000@example.com", "csrf", csrf)).then().statusCode(400)
                .contentType(containsString("text/html"));
    }

    @Test
    void formsWithoutTheirTokenOrFromAnotherSiteAreRefused() {
        Person p = member();
        FormBrowser b = browser();
        b.post("/login", Map.of("email", p.email(), "password", People.PASSWORD)).then().statusCode(403);
        b.post("/login", Map.of("email", p.email(), "password", People.PASSWORD, "csrf", "1.forged")).then().statusCode(403);
        String csrf = b.csrf("/login", "/login");
        b.request().header("Origin", "https://evil.example").contentType(ContentType.URLENC)
                .formParams(Map.of("email", p.email(), "password", People.PASSWORD, "csrf", csrf)).post("/login")
                .then().statusCode(403);
        assertNull(b.session());
        b.login(p.email(), People.PASSWORD).then().statusCode(303);
        b.post("/logout", Map.of("csrf", csrf)).then().statusCode(403); // a login token is no logout token
        b.get("/account").then().statusCode(200);
    }

    @Test
    void onlyLocalPathsAreFollowedAfterSigningIn() {
        Person p = member();
        for (String next : new String[]{"//evil.example/x", "https://evil.example", "/\\evil.example"}) {
            FormBrowser b = browser();
            String csrf = b.csrf("/login?next=" + next, "/login");
            b.post("/login", Map.of("email", p.email(), "password", People.PASSWORD, "next", next, "csrf", csrf))
                    .then().statusCode(303).header("Location", equalTo("/account"));
        }
        FormBrowser b = browser();
        String csrf = b.csrf("/login", "/login");
        b.post("/login", Map.of("email", p.email(), "password", People.PASSWORD, "next", "/account?x=1", "csrf", csrf))
                .then().statusCode(303).header("Location", equalTo("/account?x=1"));
    }

    @Test
    void withoutASessionTheAccountPageSendsToLogin() {
        browser().get("/account").then().statusCode(303).header("Location", equalTo("/login?next=/account"));
        browser().session("vs_forged").get("/account").then().statusCode(303);
    }

    @Test
    void signingOutEndsTheSessionEverywhere() {
        Person p = member();
        FormBrowser b = browser();
        b.login(p.email(), People.PASSWORD).then().statusCode(303);
        String old = b.session();
        String csrf = b.csrf("/account", "/logout");
        Response out = b.post("/logout", Map.of("csrf", csrf));
        out.then().statusCode(303).header("Location", containsString("/login"));
        assertTrue(out.getHeader("Set-Cookie").contains("Max-Age=0"), out.getHeader("Set-Cookie"));
        browser().session(old).get("/account").then().statusCode(303).header("Location", containsString("/login"));
        assertEquals(1, ended(p, "user"), "signing out is in the audit log");
    }

    /** How many of the person's sessions the audit log says they ended, acting as {@code actorType}. */
    private long ended(Person p, String actorType) {
        return pool.preparedQuery("""
                        SELECT count(*) FROM audit_events WHERE action = 'session.ended' AND actor_user_id = $1
                        AND actor_type = $2 AND workspace_id IS NULL AND changes ? 'device'""")
                .execute(Tuple.of(p.id(), actorType)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    @Test
    void passkeySignInsAreThrottledPerAddress() {
        FormBrowser b = browser();
        String csrf = b.csrf("/login", "/login");
        Map<String, Object> body = Map.of("csrf", csrf, "credential", Map.of("id", "AAAA", "type", "public-key"));
        Response last = null;
        int refused = 0;
        for (int i = 0; i < 40 && (last == null || last.statusCode() != 429); i++) {
            last = b.request().header("Origin", "http://localhost:" + RestAssured.port).contentType(ContentType.JSON)
                    .body(body).post("/login/passkey");
            if (last.statusCode() == 400) {
                refused++;
            }
        }
        last.then().statusCode(429).header("Retry-After", notNullValue()).contentType(containsString("problem+json"));
        assertTrue(refused >= 10, "wrong answers were refused before the limit: " + refused);
        // another address is not held up
        FormBrowser other = browser();
        other.request().header("Origin", "http://localhost:" + RestAssured.port).contentType(ContentType.JSON)
                .body(Map.of("csrf", other.csrf("/login", "/login"), "credential", Map.of("id", "AAAA", "type", "public-key")))
                .post("/login/passkey").then().statusCode(400);
    }

    @Test
    void aPasswordChangeEndsEveryOtherSession() {
        Person p = member();
        FormBrowser here = browser();
        FormBrowser there = browser();
        here.login(p.email(), People.PASSWORD).then().statusCode(303);
        there.login(p.email(), People.PASSWORD).then().statusCode(303);
        String csrf = here.csrf("/account", "/account/password");
        here.post("/account/password", Map.of("current", "wrong password!", "new", "a brand new password", "confirm",
                "a brand new password", "csrf", csrf)).then().statusCode(400).body(containsString("aria-invalid"));
        here.post("/account/password", Map.of("current", People.PASSWORD, "new", "short", "confirm", "short", "csrf", csrf))
                .then().statusCode(400);
        here.post("/account/password", Map.of("current", People.PASSWORD, "new", "a brand new password", "confirm",
                "a brand new password", "csrf", csrf)).then().statusCode(303).header("Location", equalTo("/account?notice=password"));
        here.get("/account").then().statusCode(200);
        there.get("/account").then().statusCode(303).header("Location", containsString("/login"));
        browser().login(p.email(), People.PASSWORD).then().statusCode(400);
        browser().login(p.email(), "a brand new password").then().statusCode(303);
    }

    @Test
    void thePasswordApiEndsEverySessionAndKeepsTokens() {
        Person p = member();
        FormBrowser b = browser();
        b.login(p.email(), People.PASSWORD).then().statusCode(303);
        String token = People.token(p.email(), People.PASSWORD, "default");
        var api = RestAssured.given().header("Authorization", "Bearer " + token).header("X-Forwarded-For", "2001:db8:ff::1")
                .contentType(ContentType.JSON);
        api.body(Map.of("current", People.PASSWORD, "new", "short")).post("/api/v1/me/password")
                .then().statusCode(400).body("errors[0].field", equalTo("new"));
        RestAssured.given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("current", "not it at all", "new", "long enough new one")).post("/api/v1/me/password")
                .then().statusCode(400).body("errors[0].field", equalTo("current"));
        RestAssured.given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("current", People.PASSWORD, "new", "long enough new one")).post("/api/v1/me/password")
                .then().statusCode(204);
        b.get("/account").then().statusCode(303);
        RestAssured.given().header("Authorization", "Bearer " + token).get("/api/v1/me").then().statusCode(200);
        People.token(p.email(), "long enough new one", "default");
    }

    @Test
    void aUserEndsOneOfTheirSessionsButNotSomeoneElses() {
        Person p = member();
        Person other = member();
        FormBrowser mine = browser();
        FormBrowser theirs = browser();
        mine.login(p.email(), People.PASSWORD).then().statusCode(303);
        theirs.login(other.email(), People.PASSWORD).then().statusCode(303);
        String myToken = People.token(p.email(), People.PASSWORD, "default");
        String theirToken = People.token(other.email(), People.PASSWORD, "default");
        String theirSession = RestAssured.given().header("Authorization", "Bearer " + theirToken).get("/api/v1/me/sessions")
                .then().statusCode(200).extract().path("items[0].id");
        RestAssured.given().header("Authorization", "Bearer " + myToken).delete("/api/v1/me/sessions/" + theirSession)
                .then().statusCode(404);
        RestAssured.given().header("Authorization", "Bearer " + myToken).delete("/api/v1/me/sessions/not-a-uuid")
                .then().statusCode(404);
        theirs.get("/account").then().statusCode(200);
        RestAssured.given().header("Authorization", "Bearer " + theirToken).delete("/api/v1/me/sessions/" + theirSession)
                .then().statusCode(204);
        theirs.get("/account").then().statusCode(303);
        mine.get("/account").then().statusCode(200);
        assertEquals(1, ended(other, "token"), "ending a session through the API is in the audit log");
        assertEquals(0, ended(p, "token"));
        // and from the page
        FormBrowser second = browser();
        second.login(p.email(), People.PASSWORD).then().statusCode(303);
        String secondId = RestAssured.given().header("Authorization", "Bearer " + myToken).get("/api/v1/me/sessions")
                .then().extract().path("items[0].id");
        String csrf = mine.csrf("/account", "/account/sessions/" + secondId + "/end");
        mine.post("/account/sessions/" + secondId + "/end", Map.of("csrf", csrf)).then().statusCode(303);
        second.get("/account").then().statusCode(303);
        assertEquals(1, ended(p, "user"), "ending a session from the page is in the audit log");
    }

    @Test
    void idleAndOldSessionsEndAndSoDoADisabledUsers() {
        Person p = member();
        FormBrowser idle = browser();
        idle.login(p.email(), People.PASSWORD).then().statusCode(303);
        FormBrowser old = browser();
        old.login(p.email(), People.PASSWORD).then().statusCode(303);
        FormBrowser fresh = browser();
        fresh.login(p.email(), People.PASSWORD).then().statusCode(303);
        sql("UPDATE sessions SET last_seen_at = now() - interval '13 hours' WHERE token_hash = sha256(convert_to($1, 'UTF8'))", idle.session());
        sql("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = sha256(convert_to($1, 'UTF8'))", old.session());
        idle.get("/account").then().statusCode(303);
        old.get("/account").then().statusCode(303);
        fresh.get("/account").then().statusCode(200);
        sql("UPDATE users SET disabled_at = now() WHERE email = $1", p.email());
        fresh.get("/account").then().statusCode(303);
        browser().login(p.email(), People.PASSWORD).then().statusCode(400);
    }

    @Test
    void withTotpThePasswordOpensOnlyTheSecondFactorStep() throws Exception {
        Person p = member();
        String token = People.token(p.email(), People.PASSWORD, "default");
        var api = RestAssured.given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
        String secret = api.post("/api/v1/me/totp").then().statusCode(200).extract().path("secret");
        long step = steadyStep();
        RestAssured.given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("code", TotpCode.codeAt(secret, step - 1))).post("/api/v1/me/totp/confirm").then().statusCode(200);

        FormBrowser b = browser();
        b.login(p.email(), People.PASSWORD).then().statusCode(303).header("Location", equalTo("/login/2fa"));
        String half = b.session();
        assertNotNull(half);
        b.get("/account").then().statusCode(303).header("Location", containsString("/login"));
        String csrf = b.csrf("/login/2fa", "/login/2fa");
        b.post("/login/2fa", Map.of("code", wrongCode(secret, step), "csrf", csrf)).then().statusCode(400)
                .body(containsString("aria-invalid"));
        b.post("/login/2fa", Map.of("code", TotpCode.codeAt(secret, step), "csrf", csrf)).then().statusCode(303)
                .header("Location", equalTo("/account"));
        assertNotEquals(half, b.session(), "a new token after the second factor");
        b.get("/account").then().statusCode(200);
        browser().session(half).get("/account").then().statusCode(303);

        FormBrowser replay = browser();
        replay.login(p.email(), People.PASSWORD).then().statusCode(303);
        String csrf2 = replay.csrf("/login/2fa", "/login/2fa");
        replay.post("/login/2fa", Map.of("code", TotpCode.codeAt(secret, step), "csrf", csrf2)).then().statusCode(400);
        replay.get("/account").then().statusCode(303);
    }

    @Test
    void manyWrongPasswordsAreThrottled() {
        Person p = member();
        FormBrowser b = browser();
        Response last = null;
        for (int i = 0; i < 12 && (last == null || last.statusCode() != 429); i++) {
            last = b.login(p.email(), "wrong password " + i);
        }
        last.then().statusCode(429).header("Retry-After", notNullValue()).contentType(containsString("text/html"));
        b.login(p.email(), People.PASSWORD).then().statusCode(429);
        assertNull(b.session());
    }

    @Test
    void theSignInPageWorksWithoutScriptAndNeedsNoSession() {
        Response r = browser().get("/login");
        r.then().statusCode(200).header("Cache-Control", containsString("no-store"));
        var doc = Jsoup.parse(r.asString());
        // one external script (passkeys), nothing inline; its button stays hidden without it
        assertEquals(1, doc.select("script").size());
        assertEquals("/static/passkeys.js", doc.selectFirst("script").attr("src"));
        assertTrue(doc.selectFirst("script").data().isEmpty());
        assertTrue(doc.selectFirst("#passkey-login").hasAttr("hidden"));
        assertNotNull(doc.selectFirst("form[method=post][action=/login] input[name=csrf]"));
        assertNotNull(doc.selectFirst("label[for=email]"));
        assertNotNull(doc.selectFirst("a[href=/forgot]"));
        assertNull(doc.selectFirst("a[href=/signup]"), "the default policy is by invitation");
        browser().get("/signup").then().statusCode(404);
    }

    private void sql(String statement, String value) {
        pool.preparedQuery(statement).execute(Tuple.of(value)).await().atMost(WAIT);
    }

    /** The current step, a few seconds away from its end so the server sees the same one. */
    static long steadyStep() throws InterruptedException {
        long second = Instant.now().getEpochSecond() % 30;
        if (second >= 25) {
            Thread.sleep((31 - second) * 1000);
        }
        return TotpCode.stepOf(Instant.now());
    }

    static String wrongCode(String secret, long step) {
        for (int i = 0; ; i++) {
            String c = String.format("%06d", (123457 + i * 7919) % 1_000_000);
            boolean valid = false;
            for (long s = step - 2; s <= step + 2; s++) {
                valid |= TotpCode.codeAt(secret, s).equals(c);
            }
            if (!valid) {
                return c;
            }
        }
    }
}

package io.vigil.people.login;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.testing.OidcProviderResource;
import io.vigil.testing.People;
import io.vigil.testing.People.Person;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Console single sign-on end to end: Quarkus OIDC against a real OpenID Connect provider on loopback
 * ({@link OidcProviderResource}), every redirect of the authorization code flow followed by hand like a browser would,
 * cookies kept per host; accounts, memberships and sessions read back from PostgreSQL.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(OidcProviderResource.class)
@TestProfile(SsoTest.Sso.class)
class SsoTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** SSO on: two allowed domains; first-time users join {@code default} as editors. */
    public static class Sso implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.oidc.allowed-domains", "sso.example,example.com", "vigil.oidc.workspace", "default",
                    "vigil.oidc.role", "editor", "vigil.oidc.button-label", "Sign in with Example ID");
        }
    }

    @Inject
    Pool pool;

    /** The browser: Vigil's cookies (the provider keeps none between requests in this flow). */
    private static final class Browser {
        final Map<String, String> cookies = new LinkedHashMap<>();

        Response get(String url) {
            Response r = RestAssured.given().urlEncodingEnabled(false).redirects().follow(false).cookies(cookies)
                    .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0").get(url);
            for (Cookie c : r.getDetailedCookies()) {
                if (c.getValue() == null || c.getValue().isEmpty() || c.getMaxAge() == 0) {
                    cookies.remove(c.getName());
                } else {
                    cookies.put(c.getName(), c.getValue());
                }
            }
            return r;
        }

        /** {@code GET /login/sso?next=...}, through the provider and back; the last answer (Vigil's). */
        Response signIn(String next) {
            Response start = get("/login/sso" + (next == null ? "" : "?next=" + next));
            assertEquals(302, start.statusCode(), start.asString());
            URI authorize = URI.create(start.getHeader("Location"));
            assertTrue(authorize.getQuery().contains("code_challenge_method=S256"), "PKCE: " + authorize);
            assertTrue(authorize.getQuery().contains("nonce="), "nonce: " + authorize);
            assertTrue(authorize.getQuery().contains("client_id=" + OidcProviderResource.CLIENT_ID), authorize.toString());
            // the provider, no interactive login: straight back to the redirect URI with a code
            Response provider = RestAssured.given().urlEncodingEnabled(false).redirects().follow(false).get(authorize.toString());
            assertEquals(302, provider.statusCode(), provider.asString());
            String callback = provider.getHeader("Location");
            assertTrue(URI.create(callback).getPath().equals("/login/sso/callback"), callback);
            Response r = get(callback);
            for (int hops = 0; hops < 3 && r.statusCode() / 100 == 3 && isSso(r.getHeader("Location")); hops++) {
                r = get(r.getHeader("Location"));
            }
            return r;
        }

        private static boolean isSso(String location) {
            return URI.create(location).getPath().startsWith("/login/sso");
        }
    }

    private static String email(String domain) {
        return "sso-" + UUID.randomUUID() + "@" + domain;
    }

    private Row user(String email) {
        RowSet<Row> rows = pool.preparedQuery("SELECT id, name, password_hash, disabled_at FROM users WHERE email = $1")
                .execute(Tuple.of(email)).await().atMost(WAIT);
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    private long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    @Test
    void theSignInPageOffersTheConfiguredButton() {
        Element link = Jsoup.parse(RestAssured.get("/login?next=/account").asString()).selectFirst("a[href^=/login/sso]");
        assertNotNull(link, "an SSO link on /login");
        assertEquals("Sign in with Example ID", link.text());
        assertEquals("/login/sso?next=%2Faccount", link.attr("href"));
    }

    @Test
    void aNewUserOfAnAllowedDomainIsCreatedJoinsAndLandsSignedIn() {
        String email = email("sso.example");
        OidcProviderResource.nextUser(email, true, "Ada Lovelace");
        Browser b = new Browser();
        Response done = b.signIn("%2Faccount%3Ffrom%3Dsso");
        assertEquals(303, done.statusCode(), done.asString());
        assertEquals("/account?from=sso", done.getHeader("Location"));
        assertNotNull(b.cookies.get(Web.COOKIE), "a Vigil session cookie");
        assertTrue(b.cookies.keySet().stream().noneMatch(n -> n.startsWith("q_")),
                "Quarkus OIDC's own cookies are dropped: " + b.cookies.keySet());
        b.get("/account").then().statusCode(200).body(containsString(email));

        Row u = user(email);
        assertNotNull(u, "the user was created");
        assertEquals("Ada Lovelace", u.getString("name"));
        assertNull(u.getValue("password_hash"), "an SSO-only account has no password");
        assertEquals(1, count("SELECT count(*) FROM memberships m JOIN workspaces w ON w.id = m.workspace_id "
                + "WHERE m.user_id = $1 AND w.slug = 'default' AND m.role = 'editor'", u.getUUID("id")));
        assertEquals(1, count("SELECT count(*) FROM memberships WHERE user_id = $1", u.getUUID("id")));
        assertEquals(1, count("SELECT count(*) FROM sessions WHERE user_id = $1 AND method = 'sso' AND stage = 'active'",
                u.getUUID("id")));
    }

    @Test
    void aSecondSignInReusesTheAccount() {
        String email = email("sso.example");
        OidcProviderResource.nextUser(email, true, "Grace Hopper");
        new Browser().signIn(null).then().statusCode(303).header("Location", "/account");
        UUID first = user(email).getUUID("id");
        OidcProviderResource.nextUser(email.toUpperCase(), true, "Grace B. Hopper");
        Browser again = new Browser();
        again.signIn(null).then().statusCode(303);
        again.get("/account").then().statusCode(200).body(containsString(email));
        assertEquals(1, count("SELECT count(*) FROM users WHERE lower(email) = $1", email));
        assertEquals(first, user(email).getUUID("id"));
        assertEquals(2, count("SELECT count(*) FROM sessions WHERE user_id = $1 AND method = 'sso'", first));
        assertEquals(1, count("SELECT count(*) FROM memberships WHERE user_id = $1", first));
    }

    @Test
    void anExistingPasswordAccountSignsInByItsVerifiedAddress() {
        Person p = People.user(pool);
        People.join(pool, p, "default", "viewer");
        OidcProviderResource.nextUser(p.email(), "true", "Someone Else");
        Browser b = new Browser();
        b.signIn(null).then().statusCode(303);
        b.get("/account").then().statusCode(200).body(containsString(p.email()));
        Row u = user(p.email());
        assertNotNull(u.getValue("password_hash"), "the password stays");
        assertEquals("Person", u.getString("name"));
        assertEquals(1, count("SELECT count(*) FROM memberships WHERE user_id = $1 AND role = 'viewer'", p.id()));
    }

    @Test
    void aDomainThatIsNotAllowedIsRefusedAndNoUserIsCreated() {
        String email = email("elsewhere.example");
        OidcProviderResource.nextUser(email, true, "Mallory");
        Browser b = new Browser();
        Response r = b.signIn(null);
        r.then().statusCode(403).body(containsString("elsewhere.example"));
        assertNull(b.cookies.get(Web.COOKIE));
        assertTrue(b.cookies.keySet().stream().noneMatch(n -> n.startsWith("q_session")), b.cookies.keySet().toString());
        assertNull(user(email));
        b.get("/account").then().statusCode(303);
        assertEquals(1, count("""
                SELECT count(*) FROM audit_events WHERE action = 'login.failed' AND object_id = $1
                AND changes -> 'via' ->> 1 = 'sso' AND changes -> 'reason' ->> 1 = 'domain not allowed'""", email),
                "the refusal is in the audit log");
    }

    @Test
    void anAddressOnlyInTheUserInfoAnswerIsUsed() {
        String email = email("sso.example");
        OidcProviderResource.nextUserKnownAtUserInfo(email, "Uma Info");
        Browser b = new Browser();
        b.signIn(null).then().statusCode(303).header("Location", LoginPage.HOME);
        Row u = user(email);
        assertNotNull(u, "the account was made from the UserInfo claims");
        assertEquals("Uma Info", u.getString(1));
        b.get("/account").then().statusCode(200).body(containsString(email));
    }

    @Test
    void anUnverifiedAddressIsRefused() {
        String email = email("sso.example");
        OidcProviderResource.nextUser(email, false, "Eve");
        Browser b = new Browser();
        b.signIn(null).then().statusCode(403).body(containsString("not verified"));
        assertNull(b.cookies.get(Web.COOKIE));
        assertNull(user(email));
    }

    @Test
    void aDisabledAccountIsRefused() {
        Person p = People.user(pool);
        pool.preparedQuery("UPDATE users SET disabled_at = now() WHERE id = $1").execute(Tuple.of(p.id())).await().atMost(WAIT);
        OidcProviderResource.nextUser(p.email(), true, null);
        Browser b = new Browser();
        b.signIn(null).then().statusCode(403).body(containsString("disabled"));
        assertNull(b.cookies.get(Web.COOKIE));
        assertEquals(0, count("SELECT count(*) FROM sessions WHERE user_id = $1", p.id()));
        assertEquals(1, count("SELECT count(*) FROM audit_events WHERE action = 'login.failed' AND actor_id = $1 "
                + "AND changes -> 'reason' ->> 1 = 'disabled'", p.id()));
    }

    @Test
    void anErrorFromTheProviderEndsOnARefusalPage() {
        Browser b = new Browser();
        Response start = b.get("/login/sso");
        assertEquals(302, start.statusCode());
        String state = URI.create(start.getHeader("Location")).getQuery().replaceAll(".*(?:^|&)state=([^&]*).*", "$1");
        // what the provider sends back when the person cancels
        Response back = b.get("/login/sso/callback?error=access_denied&state=" + state);
        assertEquals(302, back.statusCode(), back.asString());
        assertEquals("/login/sso/failed", URI.create(back.getHeader("Location")).getPath());
        b.get(back.getHeader("Location")).then().statusCode(403).body(containsString("did not sign you in"));
        assertNull(b.cookies.get(Web.COOKIE));
    }

    @Test
    void apiTokensAndOtherPagesAreUntouchedByOidc() {
        Person p = People.user(pool);
        People.join(pool, p, "default", "editor");
        String token = People.token(p.email(), People.PASSWORD, "default");
        RestAssured.given().header("Authorization", "Bearer " + token).get("/api/v1/me/sessions").then().statusCode(200);
        RestAssured.given().header("Authorization", "Bearer not-a-jwt").get("/api/v1/me/sessions").then().statusCode(401);
        RestAssured.given().redirects().follow(false).get("/account").then().statusCode(303)
                .header("Location", not(containsString("authorize")));
        assertFalse(RestAssured.given().redirects().follow(false).get("/login").getHeaders().hasHeaderWithName("Location"));
    }
}

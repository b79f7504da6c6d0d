package io.vigil.people.login;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.testing.FormBrowser;
import io.vigil.testing.GreenMailResource;
import io.vigil.testing.People;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code vigil.accounts.signup=open}: sign up, verify the address by the mailed link, get a workspace of one's own. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(GreenMailResource.class)
@TestProfile(OpenSignupTest.Open.class)
class OpenSignupTest {

    /** Open sign-up behind a trusted proxy (each test is its own client address). */
    public static class Open implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.accounts.signup", "open", "vigil.status-pages.trust-forwarded", "true");
        }
    }

    private static final Pattern LINK = Pattern.compile("https?://\\S+(/signup/[A-Za-z0-9_-]+)");
    private static final String PASSWORD = "sign-up password 1";

    @Inject
    Pool pool;

    @BeforeEach
    void mail() {
        GreenMailResource.startServer();
    }

    private static FormBrowser browser() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new FormBrowser(String.format("2001:db8:%x:%x::5", r.nextInt(0xffff), r.nextInt(0xffff)));
    }

    @Test
    void aNewPersonSignsUpVerifiesTheAddressAndOwnsTheirWorkspace() throws Exception {
        String email = "ada." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        FormBrowser b = browser();
        b.get("/login").then().statusCode(200).body(containsString("href=\"/signup\""));
        String csrf = b.csrf("/signup", "/signup");
        b.post("/signup", Map.of("name", "Ada", "email", email.toUpperCase(), "password", "short", "confirm", "short",
                "csrf", csrf)).then().statusCode(400).body(containsString("aria-invalid"));
        b.post("/signup", Map.of("name", "Ada", "email", "not-an-address", "password", PASSWORD, "confirm", PASSWORD,
                "csrf", csrf)).then().statusCode(400);
        b.post("/signup", Map.of("name", "Ada", "email", email.toUpperCase(), "password", PASSWORD, "confirm", PASSWORD,
                "csrf", csrf)).then().statusCode(200).body(containsString("Check your e-mail"));
        assertEquals(0, users(email), "nothing is created before the address is proven");

        String path = linkMailedTo(email);
        b.get(path).then().statusCode(200);
        assertEquals(0, users(email), "opening the link (as a mail scanner would) creates nothing");
        String confirm = b.csrf(path, null);
        b.post(path, Map.of("csrf", confirm)).then().statusCode(303).header("Location", equalTo("/account"));
        b.get("/account").then().statusCode(200).body(containsString(email));
        assertEquals(1, users(email));
        Row ws = pool.preparedQuery("SELECT w.slug, m.role FROM memberships m JOIN workspaces w ON w.id = m.workspace_id "
                + "JOIN users u ON u.id = m.user_id WHERE u.email = $1").execute(Tuple.of(email)).await()
                .atMost(Duration.ofSeconds(10)).iterator().next();
        assertEquals("owner", ws.getString("role"));
        assertTrue(ws.getString("slug").startsWith("ada-"), ws.getString("slug"));
        String token = People.token(email, PASSWORD, ws.getString("slug"));
        RestAssured.given().header("Authorization", "Bearer " + token).get("/api/v1/me").then().statusCode(200)
                .body("workspaces.size()", equalTo(1)).body("workspaces[0].role", equalTo("owner"));

        browser().post(path, Map.of("csrf", confirm)).then().statusCode(410);
    }

    @Test
    void anAddressWithAnAccountGetsTheSameAnswerAndNoMail() throws Exception {
        FormBrowser b = browser();
        String csrf = b.csrf("/signup", "/signup");
        b.post("/signup", Map.of("name", "Admin again", "email", "admin@example.com", "password", PASSWORD, "confirm", PASSWORD,
                "csrf", csrf)).then().statusCode(200).body(containsString("Check your e-mail"));
        Thread.sleep(500);
        assertTrue(GreenMailResource.messagesTo("admin@example.com").isEmpty());
    }

    @Test
    void formsFromAnotherSiteAreRefused() {
        FormBrowser b = browser();
        String csrf = b.csrf("/signup", "/signup");
        b.request().header("Origin", "https://evil.example").contentType("application/x-www-form-urlencoded")
                .formParams(Map.of("name", "E", "email", "e@example.com", "password", PASSWORD, "confirm", PASSWORD, "csrf", csrf))
                .post("/signup").then().statusCode(403);
        assertNull(b.session());
    }

    private long users(String email) {
        return pool.preparedQuery("SELECT count(*) FROM users WHERE email = $1").execute(Tuple.of(email)).await()
                .atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private static String linkMailedTo(String email) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<MimeMessage> mine = GreenMailResource.messagesTo(email);
            if (!mine.isEmpty()) {
                Matcher link = LINK.matcher(mine.get(0).getContent().toString());
                assertTrue(link.find(), "the e-mail carries the link");
                return link.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no e-mail reached " + email);
    }
}

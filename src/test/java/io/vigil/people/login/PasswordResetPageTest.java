package io.vigil.people.login;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.testing.FormBrowser;
import io.vigil.testing.GreenMailResource;
import io.vigil.testing.People;
import io.vigil.testing.People.Person;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.TrustForwarded;
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
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Forgotten password end to end: the form, the real e-mail (GreenMail), the link, the new password, the sessions. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(GreenMailResource.class)
@TestProfile(TrustForwarded.class)
class PasswordResetPageTest {

    private static final Pattern LINK = Pattern.compile("https?://\\S+(/reset/[A-Za-z0-9_-]+)");
    private static final String NEW = "my new long password";

    @Inject
    Pool pool;

    @BeforeEach
    void mail() {
        GreenMailResource.startServer();
    }

    private static FormBrowser browser() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new FormBrowser(String.format("2001:db8:%x:%x::9", r.nextInt(0xffff), r.nextInt(0xffff)));
    }

    private Person member() {
        Person p = People.user(pool);
        People.join(pool, p, "default", "viewer");
        return p;
    }

    @Test
    void aResetLinkWorksOnceSetsThePasswordAndEndsEverySession() throws Exception {
        Person p = member();
        FormBrowser signedIn = browser();
        signedIn.login(p.email(), People.PASSWORD).then().statusCode(303);
        FormBrowser b = browser();
        String csrf = b.csrf("/forgot", "/forgot");
        b.post("/forgot", Map.of("email", "  " + p.email().toUpperCase() + " ", "csrf", csrf)).then().statusCode(200)
                .body(containsString("If an account exists"));
        String path = linkMailedTo(p.email());
        assertEquals(0, count("SELECT count(*) FROM password_resets WHERE token_hash = sha256(convert_to($1, 'UTF8'))",
                path), "the path is not the token");
        assertEquals(1, count("SELECT count(*) FROM password_resets WHERE token_hash = sha256(convert_to($1, 'UTF8'))",
                path.substring("/reset/".length())), "only the hash is stored");

        String formCsrf = b.csrf(path, null);
        b.post(path, Map.of("password", "short", "confirm", "short", "csrf", formCsrf)).then().statusCode(400)
                .body(containsString("aria-invalid"));
        b.post(path, Map.of("password", NEW, "confirm", NEW + "x", "csrf", formCsrf)).then().statusCode(400);
        b.post(path, Map.of("password", NEW, "confirm", NEW, "csrf", "1.forged")).then().statusCode(403);
        b.post(path, Map.of("password", NEW, "confirm", NEW, "csrf", formCsrf)).then().statusCode(303)
                .header("Location", equalTo("/login?notice=reset"));

        signedIn.get("/account").then().statusCode(303);
        browser().login(p.email(), People.PASSWORD).then().statusCode(400);
        browser().login(p.email(), NEW).then().statusCode(303);
        b.get(path).then().statusCode(410).body(containsString("works once"));
        b.post(path, Map.of("password", "another long password", "confirm", "another long password", "csrf", formCsrf))
                .then().statusCode(410);
        browser().login(p.email(), "another long password").then().statusCode(400);
    }

    @Test
    void unknownAddressesGetTheSameAnswerAndNoMail() throws Exception {
        String nobody = "nobody-" + UUID.randomUUID() + "@example.com";
        FormBrowser b = browser();
        String csrf = b.csrf("/forgot", "/forgot");
        String page = b.post("/forgot", Map.of("email", nobody, "csrf", csrf)).then().statusCode(200).extract().asString();
        assertTrue(page.contains("If an account exists"));
        Thread.sleep(500);
        assertTrue(GreenMailResource.messagesTo(nobody).isEmpty());
        b.post("/forgot", Map.of("email", "not an address", "csrf", csrf)).then().statusCode(400);
        b.get("/reset/vgr_unknown").then().statusCode(404);
    }

    @Test
    void anExpiredLinkIsGoneAndANewLinkReplacesTheOld() throws Exception {
        Person p = member();
        FormBrowser b = browser();
        b.post("/forgot", Map.of("email", p.email(), "csrf", b.csrf("/forgot", "/forgot"))).then().statusCode(200);
        String first = linkMailedTo(p.email());
        b.post("/forgot", Map.of("email", p.email(), "csrf", b.csrf("/forgot", "/forgot"))).then().statusCode(200);
        String second = waitForSecond(p.email(), first);
        b.get(first).then().statusCode(404);
        b.get(second).then().statusCode(200);
        pool.preparedQuery("UPDATE password_resets SET expires_at = now() - interval '1 second' "
                + "WHERE token_hash = sha256(convert_to($1, 'UTF8'))").execute(Tuple.of(second.substring(7))).await().atMost(Duration.ofSeconds(10));
        b.get(second).then().statusCode(410).body(containsString("expired"));
    }

    @Test
    void requestsForOneAddressAreThrottled() throws Exception {
        Person p = member();
        int last = 0;
        for (int i = 0; i < 5 && last != 429; i++) {
            FormBrowser b = browser(); // a new client each time: the per-address limit is what stops it
            last = b.post("/forgot", Map.of("email", p.email(), "csrf", b.csrf("/forgot", "/forgot"))).statusCode();
        }
        assertEquals(429, last);
        FormBrowser b = browser();
        b.post("/forgot", Map.of("email", p.email(), "csrf", b.csrf("/forgot", "/forgot"))).then().statusCode(429)
                .header("Retry-After", notNullValue());
        Thread.sleep(500);
        assertEquals(3, GreenMailResource.messagesTo(p.email()).size(), "three links an hour at most");
    }

    private String waitForSecond(String email, String first) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<MimeMessage> mine = GreenMailResource.messagesTo(email);
            if (mine.size() >= 2) {
                return link(mine.get(mine.size() - 1));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no second e-mail after " + first);
    }

    private long count(String sql, String value) {
        return pool.preparedQuery(sql).execute(Tuple.of(value)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private static String link(MimeMessage m) throws Exception {
        assertEquals("Reset your Vigil password", m.getSubject());
        Matcher link = LINK.matcher(m.getContent().toString());
        assertTrue(link.find(), "the e-mail carries the link");
        return link.group(1);
    }

    static String linkMailedTo(String email) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<MimeMessage> mine = GreenMailResource.messagesTo(email);
            if (!mine.isEmpty()) {
                return link(mine.get(mine.size() - 1));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no e-mail reached " + email);
    }
}

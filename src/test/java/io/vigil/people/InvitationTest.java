package io.vigil.people;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.auth.Secrets;
import io.vigil.testing.Api;
import io.vigil.testing.GreenMailResource;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Tenants;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invitations end to end: the API, the real e-mail (GreenMail), the page and its form, then HTTP Basic with the account. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(GreenMailResource.class)
class InvitationTest {

    private static final Pattern LINK = Pattern.compile("https?://\\S+(/invite/[A-Za-z0-9_-]+)");
    private static final String PASSWORD = "a long enough password";

    @Inject
    Pool pool;
    String owner;
    String slug;

    @BeforeEach
    void setUp() {
        GreenMailResource.startServer();
        owner = Tenants.workspaceWithToken(pool);
        slug = pool.preparedQuery("SELECT w.slug FROM workspaces w JOIN api_tokens t ON t.workspace_id = w.id WHERE t.token_hash = $1")
                .execute(Tuple.of(Buffer.buffer(Secrets.sha256(owner)))).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString("slug");
    }

    @Test
    void invitedPersonCreatesAnAccountAndMintsATokenForTheWorkspace() throws Exception {
        String email = "new-" + UUID.randomUUID() + "@example.com";
        String id = Api.as(owner).body(Map.of("email", email.toUpperCase(), "role", "editor")).post("/api/v1/invitations")
                .then().statusCode(201).header("Location", containsString("/api/v1/invitations/"))
                .body("email", equalTo(email)).body("role", equalTo("editor")).body("expiresAt", notNullValue())
                .body("mailed", equalTo(true)).body("$", not(hasKey("token")))
                .extract().path("id");
        String path = linkMailedTo(email);

        Response page = given().get(path);
        page.then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Cache-Control", "no-store");
        Document doc = Jsoup.parse(page.asString());
        assertTrue(doc.text().contains("Other"), "names the workspace");
        assertTrue(doc.text().contains("editor"), "names the role");
        assertNotNull(doc.selectFirst("input[name=name]"), "asks a new user for a name");
        assertNotNull(doc.selectFirst("input[name=confirm]"), "asks for the password twice");
        String csrf = doc.selectFirst("input[name=csrf]").attr("value");

        form(path, Map.of("name", "New Person", "password", PASSWORD, "confirm", PASSWORD)).then().statusCode(403);
        form(path, Map.of("name", "New Person", "password", PASSWORD, "confirm", PASSWORD, "csrf", "1.forged"))
                .then().statusCode(403);
        given().header("Origin", "https://evil.example").contentType(ContentType.URLENC)
                .formParams(Map.of("name", "New Person", "password", PASSWORD, "confirm", PASSWORD, "csrf", csrf))
                .post(path).then().statusCode(403);
        basic(email, PASSWORD, Map.of("workspace", slug)).then().statusCode(401);

        Document shortPassword = Jsoup.parse(form(path, Map.of("name", "New Person", "password", "short", "confirm", "short",
                "csrf", csrf)).then().statusCode(400).extract().asString());
        assertEquals("true", shortPassword.selectFirst("input[name=password]").attr("aria-invalid"));
        Document mismatch = Jsoup.parse(form(path, Map.of("name", "New Person", "password", PASSWORD, "confirm",
                PASSWORD + "x", "csrf", csrf)).then().statusCode(400).extract().asString());
        assertEquals("true", mismatch.selectFirst("input[name=confirm]").attr("aria-invalid"));
        assertEquals("New Person", mismatch.selectFirst("input[name=name]").attr("value"), "keeps what was typed");

        Document nul = Jsoup.parse(form(path, Map.of("name", "New\u0000Person", "password", PASSWORD, "confirm", PASSWORD,
                "csrf", csrf)).then().statusCode(400).contentType(containsString("text/html")).extract().asString());
        assertEquals("true", nul.selectFirst("input[name=name]").attr("aria-invalid"));

        String done = form(path, Map.of("name", "New Person", "password", PASSWORD, "confirm", PASSWORD, "csrf", csrf))
                .then().statusCode(200).header("Content-Security-Policy", containsString("default-src 'self'"))
                .extract().asString();
        assertTrue(done.contains("HTTP Basic"), "tells how to mint a token");
        assertTrue(Jsoup.parse(done).text().contains("{\"workspace\": \"" + slug + "\"}"), "names the workspace to mint for");

        String token = basic(email, PASSWORD, Map.of("workspace", slug)).then().statusCode(201)
                .body("role", equalTo("editor")).body("workspace", equalTo(slug)).extract().path("token");
        Api.as(token).get("/api/v1/checks").then().statusCode(200);
        Api.as(token).body(Map.of("email", "x@example.com", "role", "viewer")).post("/api/v1/invitations").then().statusCode(403);
        Row user = pool.preparedQuery("SELECT name, password_hash FROM users WHERE email = $1").execute(Tuple.of(email))
                .await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertEquals("New Person", user.getString("name"));
        assertTrue(user.getString("password_hash").startsWith("$argon2id$"), "argon2id hash");

        given().get(path).then().statusCode(410);
        form(path, Map.of("name", "Again", "password", PASSWORD, "confirm", PASSWORD, "csrf", csrf)).then().statusCode(410);
        Api.as(owner).get("/api/v1/invitations").then().statusCode(200).body("items.id", not(hasItem(id)));
        // Invited by the owner's token, accepted by the new person in person: one entry each, used links none.
        Api.as(owner).queryParam("objectId", id).get("/api/v1/audit").then().statusCode(200)
                .body("items.action", contains("invitation.accepted", "member.invited"))
                .body("items[0].actor.type", equalTo("user")).body("items[0].actor.name", equalTo("New Person"))
                .body("items[0].changes.role[1]", equalTo("editor"))
                .body("items[1].actor.type", equalTo("token"));
        Api.as(owner).body(Map.of("email", email, "role", "viewer")).post("/api/v1/invitations").then().statusCode(409);
        assertStoredOnlyAsHash(path);
    }

    @Test
    void existingUserAcceptsWithTheirPasswordAndGetsTheMembership() throws Exception {
        basic(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD, Map.of("workspace", slug)).then().statusCode(400);
        Api.as(owner).body(Map.of("email", Api.ADMIN_EMAIL, "role", "admin")).post("/api/v1/invitations").then().statusCode(201);
        String path = linkMailedTo(Api.ADMIN_EMAIL);

        Document doc = Jsoup.parse(given().get(path).then().statusCode(200).extract().asString());
        assertTrue(doc.select("input[name=name]").isEmpty(), "no new account for an existing address");
        String csrf = doc.selectFirst("input[name=csrf]").attr("value");

        Document wrong = Jsoup.parse(form(path, Map.of("password", "not the password", "csrf", csrf))
                .then().statusCode(400).extract().asString());
        assertEquals("true", wrong.selectFirst("input[name=password]").attr("aria-invalid"));
        form(path, Map.of("password", Api.ADMIN_PASSWORD, "csrf", csrf)).then().statusCode(200);

        basic(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD, Map.of("workspace", slug)).then().statusCode(201)
                .body("role", equalTo("admin")).body("workspace", equalTo(slug));
        Row m = pool.preparedQuery("SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id JOIN workspaces w "
                        + "ON w.id = m.workspace_id WHERE u.email = $1 AND w.slug = $2").execute(Tuple.of(Api.ADMIN_EMAIL, slug))
                .await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertEquals("admin", m.getString("role"));
        given().get(path).then().statusCode(410);
    }

    @Test
    void revokedInvitationStopsWorking() throws Exception {
        String email = "revoked-" + UUID.randomUUID() + "@example.com";
        String id = Api.as(owner).body(Map.of("email", email, "role", "viewer")).post("/api/v1/invitations")
                .then().statusCode(201).extract().path("id");
        String path = linkMailedTo(email);
        String csrf = Jsoup.parse(given().get(path).then().statusCode(200).extract().asString())
                .selectFirst("input[name=csrf]").attr("value");
        Api.as(owner).get("/api/v1/invitations").then().statusCode(200).body("items.id", hasItem(id))
                .body("items[0]", not(hasKey("token"))).body("next", equalTo(null));
        Api.as(Tenants.workspaceWithToken(pool)).delete("/api/v1/invitations/" + id).then().statusCode(404);

        Api.as(owner).delete("/api/v1/invitations/" + id).then().statusCode(204);
        Api.as(owner).delete("/api/v1/invitations/" + id).then().statusCode(404);
        Api.as(owner).get("/api/v1/invitations").then().statusCode(200).body("items.id", not(hasItem(id)));
        given().get(path).then().statusCode(410).contentType(containsString("text/html"));
        form(path, Map.of("name", "Revoked", "password", PASSWORD, "confirm", PASSWORD, "csrf", csrf)).then().statusCode(410);
        basic(email, PASSWORD, Map.of()).then().statusCode(401);
    }

    @Test
    void onlyAdminsInviteAndNeverAboveTheirRole() {
        String viewer = Api.as(owner).body(Map.of("role", "viewer")).post("/api/v1/tokens").then().statusCode(201)
                .extract().path("token");
        Api.as(viewer).body(Map.of("email", "v@example.com", "role", "viewer")).post("/api/v1/invitations").then().statusCode(403);
        Api.as(viewer).get("/api/v1/invitations").then().statusCode(403);
        String admin = Api.as(owner).body(Map.of("role", "admin")).post("/api/v1/tokens").then().statusCode(201)
                .extract().path("token");
        Api.as(admin).body(Map.of("email", "o@example.com", "role", "owner")).post("/api/v1/invitations").then().statusCode(403)
                .contentType("application/problem+json").body("errors[0].field", equalTo("role"));
        Api.as(admin).body(Map.of("email", "a-" + UUID.randomUUID() + "@example.com", "role", "admin"))
                .post("/api/v1/invitations").then().statusCode(201);
        Api.as(owner).body(Map.of("email", "not an address", "role", "viewer")).post("/api/v1/invitations")
                .then().statusCode(400).body("errors[0].field", equalTo("email"));
        Api.as(owner).body(Map.of("email", "r@example.com")).post("/api/v1/invitations")
                .then().statusCode(400).body("errors[0].field", equalTo("role"));
    }

    @Test
    void tooManySubmissionsFromOneAddressAreThrottled() throws Exception {
        String email = "throttled-" + UUID.randomUUID() + "@example.com";
        Api.as(owner).body(Map.of("email", email, "role", "viewer")).post("/api/v1/invitations").then().statusCode(201);
        String path = linkMailedTo(email);
        String csrf = Jsoup.parse(given().get(path).then().statusCode(200).extract().asString())
                .selectFirst("input[name=csrf]").attr("value");
        Map<String, String> bad = Map.of("name", "T", "password", "short", "confirm", "short", "csrf", csrf);
        forgetThrottle(); // the other tests' submissions came from this address too
        try {
            for (int i = 0; i < FormThrottle.ACCEPT.max(); i++) {
                form(path, bad).then().statusCode(400);
            }
            form(path, Map.of("name", "T", "password", PASSWORD, "confirm", PASSWORD, "csrf", csrf))
                    .then().statusCode(429).header("Retry-After", notNullValue()).contentType(containsString("text/html"));
            basic(email, PASSWORD, Map.of()).then().statusCode(401);
        } finally {
            forgetThrottle();
        }
        form(path, Map.of("name", "T", "password", PASSWORD, "confirm", PASSWORD, "csrf", csrf)).then().statusCode(200);
    }

    @Test
    void unknownLinkIsNotFound() {
        given().get("/invite/vgi_nothing").then().statusCode(404).contentType(containsString("text/html"));
        given().contentType(ContentType.URLENC).formParam("csrf", "x").post("/invite/vgi_nothing").then().statusCode(404);
    }

    private void forgetThrottle() {
        pool.preparedQuery("DELETE FROM attempt_throttle WHERE client_key LIKE $1")
                .execute(Tuple.of(FormThrottle.ACCEPT.name() + "|%")).await().atMost(Duration.ofSeconds(10));
    }

    private static Response form(String path, Map<String, String> fields) {
        return given().header("Origin", "http://localhost:" + RestAssured.port).contentType(ContentType.URLENC)
                .formParams(fields).post(path);
    }

    private static Response basic(String email, String password, Map<String, String> body) {
        return given().auth().preemptive().basic(email, password).contentType(ContentType.JSON).body(body)
                .post("/api/v1/tokens");
    }

    /** The path of the link in the e-mail the address received (read from the real message). */
    private static String linkMailedTo(String email) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<MimeMessage> mine = Arrays.stream(GreenMailResource.server().getReceivedMessages()).filter(m -> {
                try {
                    return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equalsIgnoreCase(email));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            if (!mine.isEmpty()) {
                MimeMessage last = mine.get(mine.size() - 1);
                assertTrue(last.getSubject().contains("Other"), "subject names the workspace");
                Matcher link = LINK.matcher(last.getContent().toString());
                assertTrue(link.find(), "the e-mail carries the link");
                return link.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no invitation e-mail reached " + email);
    }

    private void assertStoredOnlyAsHash(String path) {
        String token = path.substring("/invite/".length());
        Row row = pool.preparedQuery("SELECT count(*) AS n FROM invitations WHERE token_hash = $1")
                .execute(Tuple.of(Buffer.buffer(Secrets.sha256(token)))).await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertEquals(1L, row.getLong("n"));
        Row plain = pool.preparedQuery("SELECT count(*) AS n FROM invitations WHERE encode(token_hash, 'escape') LIKE $1")
                .execute(Tuple.of("%" + token + "%")).await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertFalse(plain.getLong("n") > 0);
    }
}

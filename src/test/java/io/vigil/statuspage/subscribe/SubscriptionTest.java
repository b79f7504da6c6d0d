package io.vigil.statuspage.subscribe;

import com.standardwebhooks.Webhook;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.statuspage.PublicPageFixture;
import io.vigil.testing.Api;
import io.vigil.testing.Await;
import io.vigil.testing.GreenMailResource;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Receiver;
import io.vigil.testing.Tenants;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Visitors subscribing to a status page, end to end: the public form and JSON, the double opt-in e-mail through a real
 * SMTP server (GreenMail), incident updates delivered by the outbox to e-mail and to a real webhook receiver (signature
 * verified with the Standard Webhooks library), and one-click unsubscribe.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(GreenMailResource.class)
class SubscriptionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern LINK = Pattern.compile("https?://[^/\\s]+(/status/\\S+)");

    @Inject
    Pool pool;
    String token;
    PublicPageFixture fixture;
    Receiver receiver;
    /** The pages this test made. */
    final List<String> slugs = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        GreenMailResource.startServer();
        GreenMailResource.server().purgeEmailFromAllMailboxes();
        token = Tenants.workspaceWithToken(pool);
        fixture = new PublicPageFixture(token);
        receiver = new Receiver();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Test
    void anEmailSubscriberConfirmsGetsTheOutageAndLeavesWithOneClick() throws Exception {
        String check = fixture.check("internal-checkout-probe", receiver);
        String slug = slug();
        fixture.page(slug, "Acme Status", null, List.of(PublicPageFixture.component("Checkout", check, null)));

        Document form = Jsoup.parse(RestAssured.get("/status/" + slug + "/subscribe").then().statusCode(200).extract().asString());
        String csrf = form.selectFirst("input[name=csrf]").attr("value");
        assertThat(Jsoup.parse(RestAssured.get("/status/" + slug).asString()).select("footer a[href$=/subscribe]")).hasSize(1);
        subscribe(slug, csrf, "visitor@example.com").then().statusCode(200).body(containsString("Check your inbox"));
        subscribe(slug, csrf, "never-confirms@example.com").then().statusCode(200);
        subscribe(slug, csrf, "control@example.com").then().statusCode(200);
        // asking again at once (in other letter case) answers the same and sends no second request
        subscribe(slug, csrf, "Visitor@Example.com").then().statusCode(200).body(containsString("Check your inbox"));
        Map<String, UUID> ids = new HashMap<>();
        for (Row r : subscriber("page-email", 3)) {
            ids.put(address(r), r.getUUID("id"));
        }
        assertThat(ids).containsOnlyKeys("visitor@example.com", "never-confirms@example.com", "control@example.com");
        assertThat(deliveryTypes(ids.get("visitor@example.com"))).containsExactly("subscription.confirm");

        MimeMessage confirmation = awaitMail("visitor@example.com", "Confirm your subscription to Acme Status");
        String confirmPath = link(text(confirmation), "/confirm?token=");
        assertThat(confirmation.getHeader("List-Unsubscribe")).isNull();
        awaitMail("never-confirms@example.com", "Confirm your subscription to Acme Status");

        // opening the link (as a mail scanner would) changes nothing; the button does
        Document confirmPage = Jsoup.parse(RestAssured.get(confirmPath).then().statusCode(200).extract().asString());
        assertThat(enabled(ids.get("visitor@example.com"))).isFalse();
        String action = confirmPage.selectFirst("form[method=post]").attr("action");
        RestAssured.post(action).then().statusCode(200).body(containsString("You are subscribed"));
        assertThat(enabled(ids.get("visitor@example.com"))).isTrue();
        RestAssured.post(link(text(awaitMail("control@example.com", "Confirm your subscription to Acme Status")),
                "/confirm?token=")).then().statusCode(200);
        // another subscription's valid link confirms only that one
        assertThat(enabled(ids.get("never-confirms@example.com"))).isFalse();

        receiver.targetStatus.set(500);
        MimeMessage outage = awaitMail("visitor@example.com", "[Acme Status] Investigating: Checkout is down");
        awaitMail("control@example.com", "[Acme Status] Investigating: Checkout is down");
        String body = text(outage);
        assertThat(body).contains("We are investigating a problem with Checkout.").contains("Affected: Checkout")
                .contains("/status/" + slug)
                // the page's words only: not the check's name, address or error
                .doesNotContain("internal-checkout-probe").doesNotContain("127.0.0.1").doesNotContain("/target");
        // the page itself names the outage the same way
        PublicPageFixture.awaitBody("/status/" + slug, "the outage on the page", html -> html.contains("Checkout is down"));
        assertThat(RestAssured.get("/status/" + slug).asString()).doesNotContain("internal-checkout-probe");
        // the outage was routed in the incident's own transaction: an unconfirmed address got nothing but its request
        assertThat(deliveryTypes(ids.get("never-confirms@example.com"))).containsExactly("subscription.confirm");
        assertThat(deliveryTypes(ids.get("control@example.com"))).contains("incident.opened");

        String unsubscribe = outage.getHeader("List-Unsubscribe")[0];
        assertThat(outage.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(unsubscribe).startsWith("<http").endsWith(">");
        // RFC 8058: the mail client POSTs List-Unsubscribe=One-Click to the link
        Matcher m = LINK.matcher(unsubscribe.substring(1, unsubscribe.length() - 1));
        assertThat(m.find()).isTrue();
        RestAssured.given().contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click").post(m.group(1))
                .then().statusCode(200).body(containsString("You are unsubscribed"));
        assertThat(subscriber("page-email", 2)).extracting(r -> r.getUUID("id")).doesNotContain(ids.get("visitor@example.com"));

        receiver.targetStatus.set(200);
        MimeMessage resolved = awaitMail("control@example.com", "[Acme Status] Resolved: Checkout is down");
        assertThat(text(resolved)).startsWith("Resolved: Checkout is down\n\nThis incident has been resolved.");
        assertThat(mailsTo("visitor@example.com")).as("confirmation and outage only: unsubscribed before the recovery")
                .hasSize(2);
    }

    @Test
    void aWebhookSubscriberGetsSignedStatuspageShapedUpdatesUntilItUnsubscribes() throws Exception {
        String check = fixture.check("api-probe", receiver);
        String slug = slug();
        String pageId = fixture.page(slug, "Hooks Status", null, List.of(PublicPageFixture.component("API", check, null)));
        var created = json("/status/" + slug + "/subscribe", Map.of("webhookUrl", receiver.url("/hook"))).then().statusCode(201)
                .body("secret", startsWith("whsec_")).body("webhookUrl", equalTo(receiver.url("/hook")))
                .extract();
        JsonPath sub = created.jsonPath();
        assertThat(created.header("Location")).as("a 201 names what it created").isEqualTo(sub.getString("unsubscribeUrl"));
        JsonPath control = json("/status/" + slug + "/subscribe", Map.of("webhookUrl", receiver.url("/control"))).then()
                .statusCode(201).extract().jsonPath();

        String incident = fixture.incident("Payments are slow", "We are looking into slow payments.");
        Receiver.Request first = awaitHook("/hook", 1);
        new Webhook(sub.getString("secret")).verify(first.body(), headers(first));
        Receiver.Request controlFirst = awaitHook("/control", 1);
        new Webhook(control.getString("secret")).verify(controlFirst.body(), headers(controlFirst));
        // one event, one id, whoever receives it (a receiver deduplicates on it)
        assertThat(first.header("webhook-id")).isEqualTo(controlFirst.header("webhook-id"));
        JsonPath hook = JsonPath.from(first.body());
        assertThat(hook.getString("meta.unsubscribe")).isEqualTo(sub.getString("unsubscribeUrl"));
        assertThat(hook.getString("page.id")).isEqualTo(pageId);
        assertThat(hook.getString("page.status_indicator")).isIn("none", "minor", "major", "critical");
        assertThat(hook.getString("incident.id")).isEqualTo(incident);
        assertThat(hook.getString("incident.name")).isEqualTo("Payments are slow");
        assertThat(hook.getString("incident.status")).isEqualTo("investigating");
        assertThat(hook.getString("incident.impact")).isEqualTo("minor");
        assertThat(hook.getString("incident.incident_updates[0].body")).isEqualTo("We are looking into slow payments.");
        assertThat(hook.getMap("incident").keySet()).contains("id", "name", "status", "impact", "created_at", "updated_at",
                "monitoring_at", "resolved_at", "shortlink", "started_at", "page_id", "incident_updates", "components");

        fixture.update(incident, "identified", "A card processor is failing.");
        JsonPath second = JsonPath.from(awaitHook("/hook", 2).body());
        assertThat(second.getString("incident.status")).isEqualTo("identified");
        assertThat(second.getString("incident.incident_updates[0].body")).isEqualTo("A card processor is failing.");

        // the same receiver spelt differently is the same subscription
        json("/status/" + slug + "/subscribe", Map.of("webhookUrl", receiver.url("/hook").replace("http://", "HTTP://")))
                .then().statusCode(409).contentType("application/problem+json");

        Matcher m = LINK.matcher(sub.getString("unsubscribeUrl"));
        assertThat(m.find()).isTrue();
        RestAssured.post(m.group(1)).then().statusCode(200);
        fixture.update(incident, "monitoring", "Fixed; watching.");
        awaitHook("/control", 3);
        assertThat(receiver.to("/hook")).as("nothing after unsubscribing").hasSize(2);

        // a new slug does not break the links already sent
        Api.as(token).body(Map.of("slug", slug + "-new", "title", "Hooks Status",
                        "components", List.of(PublicPageFixture.component("API", check, null))))
                .put("/api/v1/status-pages/" + pageId).then().statusCode(200);
        slugs.add(slug + "-new");
        Matcher old = LINK.matcher(control.getString("unsubscribeUrl"));
        assertThat(old.find()).isTrue();
        assertThat(old.group(1)).startsWith("/status/" + slug + "/");
        RestAssured.post(old.group(1)).then().statusCode(200).body(containsString("You are unsubscribed"));
        Api.as(token).get("/api/v1/status-pages/" + pageId + "/subscribers").then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void whoSubscribesDuringAnOutageHearsItEndUnderThePagesName() throws Exception {
        String check = fixture.check("internal-db-probe", receiver);
        String slug = slug();
        fixture.page(slug, "Data Status", null, List.of(PublicPageFixture.component("Database", check, null)));
        fixture.awaitStatus(check, "up");
        receiver.targetStatus.set(500);
        fixture.awaitStatus(check, "down");
        JsonPath late = json("/status/" + slug + "/subscribe", Map.of("webhookUrl", receiver.url("/late"))).then()
                .statusCode(201).extract().jsonPath();
        // renamed while down: the stored title keeps the old name, the page never shows either
        Api.as(token).body(Map.of("name", "renamed-db-probe")).contentType("application/merge-patch+json")
                .patch("/api/v1/checks/" + check).then().statusCode(200);
        receiver.targetStatus.set(200);

        Receiver.Request resolved = awaitHook("/late", 1);
        new Webhook(late.getString("secret")).verify(resolved.body(), headers(resolved));
        JsonPath body = JsonPath.from(resolved.body());
        assertThat(body.getString("incident.status")).isEqualTo("resolved");
        assertThat(body.getString("incident.name")).isEqualTo("Database is down");
        assertThat(body.getString("incident.resolved_at")).isNotNull();
        assertThat(body.getString("incident.components[0].name")).isEqualTo("Database");
        assertThat(resolved.body()).doesNotContain("db-probe");
        String history = PublicPageFixture.awaitBody("/status/" + slug + "/history", "the resolved outage",
                html -> html.contains("Database is down"));
        assertThat(history).doesNotContain("db-probe");
    }

    @Test
    void anOutageWhoseCheckIsDeletedShowsOnNoPage() {
        String doomed = fixture.check("doomed-internal-probe", receiver);
        Receiver healthy = new Receiver();
        try {
            String other = fixture.check("healthy-probe", healthy);
            String slug = slug();
            fixture.page(slug, "Other Status", null, List.of(PublicPageFixture.component("Web", other, null)));
            fixture.awaitStatus(doomed, "up");
            receiver.targetStatus.set(500);
            fixture.awaitStatus(doomed, "down");
            Api.as(token).delete("/api/v1/checks/" + doomed).then().statusCode(204);
            // its open incident lost its check, but it is no manual incident of the workspace: no page shows it
            PublicPageFixture.awaitBody("/status/" + slug + "/api/v2/summary.json", "the page computed after the delete",
                    body -> body.contains("\"incidents\""));
            assertThat(RestAssured.get("/status/" + slug).asString()).doesNotContain("doomed-internal-probe")
                    .doesNotContain("is down");
            assertThat(RestAssured.get("/status/" + slug + "/api/v2/incidents.json").asString()).doesNotContain("doomed");
        } finally {
            healthy.close();
        }
    }

    @Test
    void aSubscriberThatStoppedWorkingComesBackBySubscribingAgain() throws Exception {
        String check = fixture.check("revive-probe", receiver);
        String slug = slug();
        String pageId = fixture.page(slug, "Revive Status", null, List.of(PublicPageFixture.component("Web", check, null)));
        String subscribers = "/api/v1/status-pages/" + pageId + "/subscribers";
        receiver.answer(410);
        String firstSecret = json("/status/" + slug + "/subscribe", Map.of("webhookUrl", receiver.url("/gone"))).then()
                .statusCode(201).extract().path("secret");
        fixture.incident("Gone receiver", "Testing a 410.");
        Await.until("the 410 disables the subscriber", WAIT, () -> !Api.as(token).get(subscribers).jsonPath().getBoolean("items[0].enabled"));
        assertThat(Api.as(token).get(subscribers).jsonPath().getString("items[0].disabledReason")).contains("410");
        String secondSecret = json("/status/" + slug + "/subscribe", Map.of("webhookUrl", receiver.url("/gone"))).then()
                .statusCode(201).extract().path("secret");
        assertThat(secondSecret).isNotEqualTo(firstSecret);
        JsonPath list = Api.as(token).get(subscribers).jsonPath();
        assertThat(list.getList("items")).hasSize(1);
        assertThat(list.getBoolean("items[0].enabled")).isTrue();

        // an e-mail subscriber disabled by the relay (its deliveries failed for good) is asked to confirm again
        json("/status/" + slug + "/subscribe", Map.of("email", "bounced@example.com")).then().statusCode(202);
        RestAssured.post(link(text(awaitMail("bounced@example.com", "Confirm your subscription to Revive Status")),
                "/confirm?token=")).then().statusCode(200);
        UUID id = subscriber("page-email", 1).get(0).getUUID("id");
        pool.preparedQuery("UPDATE channels SET enabled = false, disabled_reason = 'deliveries failed', updated_at = now() - "
                + "interval '1 hour' WHERE id = $1").execute(Tuple.of(id)).await().atMost(WAIT);
        json("/status/" + slug + "/subscribe", Map.of("email", "bounced@example.com")).then().statusCode(202);
        Await.until("a second confirmation request", WAIT, () -> mailsTo("bounced@example.com").size() == 2);
        assertThat(deliveryTypes(id)).containsExactly("subscription.confirm", "subscription.confirm");
    }

    @Test
    void badInputIsRefusedWithTheFieldNamed() {
        String check = fixture.check("bad-input-probe", receiver);
        String slug = slug();
        fixture.page(slug, "Input Status", null, List.of(PublicPageFixture.component("Web", check, null)));
        String path = "/status/" + slug + "/subscribe";
        json(path, Map.of("email", "not-an-address")).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("email"));
        json(path, Map.of("webhookUrl", "ftp://example.com/x")).then().statusCode(400).body("errors[0].field", equalTo("webhookUrl"));
        json(path, Map.of()).then().statusCode(400).body("errors[0].field", equalTo("email"));
        json(path, Map.of("email", "a@example.com", "webhookUrl", "https://example.com")).then().statusCode(400);
        json(path, Map.of("email", 42)).then().statusCode(400).body("errors[0].field", equalTo("email"));
        json("/status/no-such-page-" + UUID.randomUUID().toString().substring(0, 6) + "/subscribe", Map.of("email", "a@example.com"))
                .then().statusCode(404);

        String csrf = Jsoup.parse(RestAssured.get(path).asString()).selectFirst("input[name=csrf]").attr("value");
        String page = subscribe(slug, csrf, "<script>@x").then().statusCode(400).extract().asString();
        assertThat(Jsoup.parse(page).selectFirst("[role=alert]").text()).startsWith("The e-mail address ");
        assertThat(page).doesNotContain("<script>@x");
        subscribe(slug, "forged", "a@example.com").then().statusCode(403);
        RestAssured.given().header("Origin", "https://evil.example").contentType(ContentType.URLENC)
                .formParam("email", "a@example.com").formParam("csrf", csrf).post(path).then().statusCode(403);

        // a forged or foreign token confirms nothing and unsubscribes nobody
        subscribe(slug, csrf, "held@example.com").then().statusCode(200);
        Row held = subscriber("page-email", 1).get(0);
        String id = held.getUUID("id").toString();
        RestAssured.post("/status/" + slug + "/subscriptions/" + id + "/confirm?token=9999999999.forged").then().statusCode(400);
        RestAssured.post("/status/" + slug + "/subscriptions/" + id + "/unsubscribe?token=forged").then().statusCode(400);
        RestAssured.post("/status/" + slug + "/subscriptions/not-a-uuid/unsubscribe?token=x").then().statusCode(400);
        assertThat(subscriber("page-email", 1)).hasSize(1);
        assertThat(enabled(subscriber("page-email", 1).get(0))).isFalse();
    }

    @Test
    void oneClientMaySubscribeTenTimesAnHourPerPage() {
        String check = fixture.check("throttle-probe", receiver);
        String slug = slug();
        fixture.page(slug, "Busy Status", null, List.of(PublicPageFixture.component("Web", check, null)));
        String path = "/status/" + slug + "/subscribe";
        for (int i = 0; i < 10; i++) {
            json(path, Map.of("email", "reader" + i + "@example.com")).then().statusCode(202);
        }
        json(path, Map.of("email", "reader10@example.com")).then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"));
        String csrf = Jsoup.parse(RestAssured.get(path).asString()).selectFirst("input[name=csrf]").attr("value");
        String page = subscribe(slug, csrf, "reader11@example.com").then().statusCode(429).header("Retry-After",
                org.hamcrest.Matchers.notNullValue()).extract().asString();
        assertThat(Jsoup.parse(page).selectFirst("[role=alert]").text()).startsWith("Too many subscription requests");
        assertThat(subscriber("page-email", 10)).hasSize(10);
    }

    @Test
    void subscribersStayOutOfTheChannelApiAndTheirAddressesAreEncrypted() {
        String check = fixture.check("private-probe", receiver);
        String slug = slug();
        String privateId = fixture.page(slug, "Private Status", "s3cret-pass", List.of(PublicPageFixture.component("Web", check, null)));
        // a protected page takes subscriptions only from visitors who unlocked it
        json("/status/" + slug + "/subscribe", Map.of("email", "a@example.com")).then().statusCode(404);
        RestAssured.given().redirects().follow(false).get("/status/" + slug + "/subscribe").then().statusCode(303)
                .header("Location", endsWithPath("/status/" + slug));

        // unlocked, a visitor may subscribe; a new password revokes that (as it logs everyone out)
        String csrfLogin = Jsoup.parse(RestAssured.get("/status/" + slug).asString()).selectFirst("input[name=csrf]").attr("value");
        String cookie = RestAssured.given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("password", "s3cret-pass").formParam("csrf", csrfLogin).post("/status/" + slug + "/login")
                .then().statusCode(303).extract().header("Set-Cookie").split(";", 2)[0];
        RestAssured.given().header("Cookie", cookie).contentType(ContentType.JSON)
                .body(Map.of("webhookUrl", receiver.url("/insider"))).post("/status/" + slug + "/subscribe").then().statusCode(201);
        assertThat(subscriber("page-webhook", 1)).hasSize(1);
        Api.as(token).body(Map.of("slug", slug, "title", "Private Status", "public", false, "password", "n3w-pass-word",
                        "components", List.of(PublicPageFixture.component("Web", check, null))))
                .put("/api/v1/status-pages/" + privateId).then().statusCode(200);
        assertThat(subscriber("page-webhook", 0)).isEmpty();

        String open = slug();
        String pageId = fixture.page(open, "Open Status", null, List.of(PublicPageFixture.component("Web", check, null)));
        json("/status/" + open + "/subscribe", Map.of("email", "secret-reader@example.com")).then().statusCode(202);
        json("/status/" + open + "/subscribe", Map.of("webhookUrl", receiver.url("/x"))).then().statusCode(201);
        List<Row> rows = subscriber(null, 2);
        for (Row r : rows) {
            assertThat(r.getString("secrets")).doesNotContain("secret-reader").doesNotContain("127.0.0.1");
            String id = r.getUUID("id").toString();
            Api.as(token).get("/api/v1/channels/" + id).then().statusCode(404);
            Api.as(token).delete("/api/v1/channels/" + id).then().statusCode(404);
        }
        Api.as(token).get("/api/v1/channels").then().statusCode(200).body("items.size()", equalTo(0));

        // the page's owners see them (the address whole, a webhook by host) and may remove one; nobody else may
        String subscribers = "/api/v1/status-pages/" + pageId + "/subscribers";
        JsonPath list = Api.as(token).get(subscribers).then().statusCode(200).extract().jsonPath();
        assertThat(list.getList("items.type")).containsExactly("webhook", "email");
        assertThat(list.getString("items[0].address")).isEqualTo("http://127.0.0.1/…");
        assertThat(list.getBoolean("items[0].confirmed")).isTrue();
        assertThat(list.getString("items[1].address")).isEqualTo("secret-reader@example.com");
        assertThat(list.getBoolean("items[1].confirmed")).isFalse();
        assertThat(list.getBoolean("items[1].enabled")).isFalse();
        String other = Tenants.workspaceWithToken(pool);
        Api.as(other).get(subscribers).then().statusCode(404);
        Api.as(other).delete(subscribers + "/" + list.getString("items[1].id")).then().statusCode(404);
        Api.as(token).get(subscribers + "?limit=1").then().statusCode(200).body("items.size()", equalTo(1))
                .body("next", org.hamcrest.Matchers.notNullValue());
        Api.as(token).delete(subscribers + "/" + list.getString("items[1].id")).then().statusCode(204);
        Api.as(token).get(subscribers).then().statusCode(200).body("items.size()", equalTo(1));
        Api.as(token).body(Map.of("type", "page-email", "name", "x", "email", "a@example.com", "page", "p", "subscription", "s"))
                .post("/api/v1/channels").then().statusCode(400).body("errors[0].field", equalTo("type"))
                .body("errors[0].message", org.hamcrest.Matchers.not(containsString("page-")));
    }

    private String slug() {
        String slug = PublicPageFixture.slug();
        slugs.add(slug);
        return slug;
    }

    private static org.hamcrest.Matcher<String> endsWithPath(String path) {
        return org.hamcrest.Matchers.endsWith(path);
    }

    private static Response subscribe(String slug, String csrf, String email) {
        return RestAssured.given().contentType(ContentType.URLENC).formParam("email", email).formParam("csrf", csrf)
                .post("/status/" + slug + "/subscribe");
    }

    private static Response json(String path, Map<String, Object> body) {
        return RestAssured.given().contentType(ContentType.JSON).body(new HashMap<>(body)).post(path);
    }

    /** The subscriber channels (of one type, or all) of this test's pages, once there are {@code count}. */
    private List<Row> subscriber(String type, int count) {
        List<Row>[] rows = new List[1];
        Await.until(count + " subscribers", WAIT, () -> {
            List<Row> found = new java.util.ArrayList<>();
            pool.preparedQuery("""
                            SELECT c.* FROM channels c JOIN status_pages p ON p.id = c.page_id
                            WHERE p.slug = ANY ($1) AND ($2::text IS NULL OR c.type = $2) ORDER BY c.created_at""")
                    .execute(Tuple.of(slugs.toArray(String[]::new), type)).await().indefinitely().forEach(found::add);
            rows[0] = found;
            return found.size() == count;
        });
        return rows[0];
    }

    private static boolean enabled(Row r) {
        return r.getBoolean("enabled");
    }

    private boolean enabled(UUID id) {
        return pool.preparedQuery("SELECT enabled FROM channels WHERE id = $1").execute(Tuple.of(id)).await().atMost(WAIT)
                .iterator().next().getBoolean(0);
    }

    /** The event types of a subscriber's deliveries, oldest first. */
    private List<String> deliveryTypes(UUID id) {
        List<String> types = new java.util.ArrayList<>();
        pool.preparedQuery("SELECT type FROM deliveries WHERE channel_id = $1 ORDER BY seq").execute(Tuple.of(id))
                .await().atMost(WAIT).forEach(r -> types.add(r.getString(0)));
        return types;
    }

    /** A subscriber's address, decrypted through the owners' list. */
    private String address(Row r) {
        return Api.as(token).get("/api/v1/status-pages/" + r.getUUID("page_id") + "/subscribers?limit=500").jsonPath()
                .getString("items.find { it.id == '" + r.getUUID("id") + "' }.address");
    }

    private static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(GreenMailResource.server().getReceivedMessages()).filter(m -> to(m, address)).toList();
    }

    private Receiver.Request awaitHook(String path, int n) {
        Await.until(n + " webhook deliveries to " + path, WAIT, () -> receiver.to(path).size() >= n);
        return receiver.to(path).get(n - 1);
    }

    private static java.net.http.HttpHeaders headers(Receiver.Request r) {
        Map<String, List<String>> map = new HashMap<>();
        for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            map.put(name, List.of(r.header(name)));
        }
        return HttpHeaders.of(map, (a, b) -> true);
    }

    /** A message to an address with this subject, once it has arrived. */
    private static MimeMessage awaitMail(String to, String subject) {
        MimeMessage[] found = new MimeMessage[1];
        Await.until("mail to " + to, WAIT, () -> {
            for (MimeMessage m : GreenMailResource.server().getReceivedMessages()) {
                try {
                    if (to(m, to) && subject.equals(m.getSubject())) {
                        found[0] = m;
                        return true;
                    }
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }
            return false;
        });
        return found[0];
    }

    private static boolean to(MimeMessage m, String address) {
        try {
            return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equalsIgnoreCase(address));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(MimeMessage m) throws Exception {
        MimeMultipart multipart = (MimeMultipart) m.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            var part = multipart.getBodyPart(i);
            if (part.isMimeType("text/plain")) {
                return ((String) part.getContent()).replace("\r\n", "\n");
            }
            if (part.getContent() instanceof MimeMultipart inner) {
                for (int j = 0; j < inner.getCount(); j++) {
                    if (inner.getBodyPart(j).isMimeType("text/plain")) {
                        return ((String) inner.getBodyPart(j).getContent()).replace("\r\n", "\n");
                    }
                }
            }
        }
        throw new AssertionError("no text part");
    }

    private static String link(String text, String marker) {
        Matcher m = LINK.matcher(text);
        while (m.find()) {
            if (m.group(1).contains(marker)) {
                return m.group(1);
            }
        }
        throw new AssertionError("no link with " + marker + " in " + text);
    }
}

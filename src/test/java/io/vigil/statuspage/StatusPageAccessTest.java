package io.vigil.statuspage;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.testing.Api;
import io.vigil.testing.Await;
import io.vigil.testing.Database;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Tenants;
import jakarta.inject.Inject;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class StatusPageAccessTest {

    static final String PASSWORD = "open sesame, please";

    @Inject
    Pool pool;
    @Inject
    StatusSnapshots snapshots;
    @Inject
    PageAccess access;
    String token;
    String checkId;

    @BeforeEach
    void setUp() {
        token = Tenants.workspaceWithToken(pool);
        checkId = Api.as(token).body(Map.of("name", "Secret API", "url", "https://example.invalid/", "intervalSeconds", 60))
                .post("/api/v1/checks").then().statusCode(201).extract().path("id");
    }

    private Map<String, Object> body(String slug, boolean isPublic, String password) {
        Map<String, Object> b = new HashMap<>(Map.of("slug", slug, "title", "Internal status",
                "components", List.of(Map.of("name", "Payroll backend", "checkId", checkId))));
        b.put("public", isPublic);
        if (password != null) {
            b.put("password", password);
        }
        return b;
    }

    /** A new protected page; returns [id, slug]. */
    private String[] protectedPage() {
        String slug = "inner-" + UUID.randomUUID().toString().substring(0, 8);
        String id = Api.as(token).body(body(slug, false, PASSWORD)).post("/api/v1/status-pages").then().statusCode(201)
                .extract().path("id");
        return new String[]{id, slug};
    }

    private StatusSnapshot snapshot(String slug) {
        return snapshots.bySlug(slug).await().atMost(Duration.ofSeconds(10)).orElseThrow();
    }

    private String formToken(String slug) {
        return access.loginFormToken(snapshot(slug));
    }

    private static RequestSpecification form() {
        return RestAssured.given().redirects().follow(false).contentType(ContentType.URLENC);
    }

    private ExtractableResponse<Response> login(String slug, String password) {
        return form().formParam("password", password).formParam("csrf", formToken(slug))
                .post("/status/" + slug + "/login").then().extract();
    }

    /**
     * Whether a visitor with this Cookie header sees the page's content, asked of the real routes: the JSON answers 200
     * or 401, and the HTML page shows its component or the password form; the two must agree.
     */
    private static boolean allowed(String slug, String cookieHeader) {
        RequestSpecification json = RestAssured.given();
        RequestSpecification html = RestAssured.given();
        if (cookieHeader != null) {
            json = json.header("Cookie", cookieHeader);
            html = html.header("Cookie", cookieHeader);
        }
        int status = json.get("/status/" + slug + "/api/v2/summary.json").then().extract().statusCode();
        assertThat(status).as("summary.json of " + slug).isIn(200, 401);
        Document page = Jsoup.parse(html.get("/status/" + slug).then().statusCode(200).extract().asString());
        boolean content = page.text().contains("Payroll backend");
        assertThat(page.select("form.login").isEmpty()).as("the HTML agrees with the JSON").isEqualTo(content);
        assertThat(content).as("the HTML agrees with the JSON").isEqualTo(status == 200);
        return content;
    }

    /** "name=value" of a Set-Cookie header. */
    private static String pair(String setCookie) {
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void publicPagesNeedNothing() {
        String slug = "open-" + UUID.randomUUID().toString().substring(0, 8);
        Api.as(token).body(body(slug, true, null)).post("/api/v1/status-pages").then().statusCode(201);
        assertThat(allowed(slug, null)).isTrue();
    }

    @Test
    void theRightPasswordGivesAPageCookie() {
        String[] page = protectedPage();
        String slug = page[1];
        assertThat(allowed(slug, null)).isFalse();

        var wrong = login(slug, "guess");
        assertThat(wrong.statusCode()).isEqualTo(303);
        assertThat(wrong.header("Location")).isEqualTo("/status/" + slug + "?error=1");
        assertThat(wrong.headers().getValues("Set-Cookie")).isEmpty();
        assertThat(wrong.body().asString()).doesNotContain("Payroll");

        var right = login(slug, PASSWORD);
        assertThat(right.statusCode()).isEqualTo(303);
        assertThat(right.header("Location")).isEqualTo("/status/" + slug);
        String setCookie = right.header("Set-Cookie");
        String name = "vigil_sp_" + page[0].replace("-", "").substring(0, 12);
        assertThat(setCookie).startsWith(name + "=").contains("; HttpOnly").contains("; SameSite=Lax")
                .contains("; Path=/status/" + slug + ";").contains("; Max-Age=43200").doesNotContain("Secure");
        assertThat(right.body().asString()).doesNotContain("Payroll");

        String cookie = pair(setCookie);
        assertThat(allowed(slug, cookie)).isTrue();
        assertThat(allowed(slug, "theme=dark; " + cookie + "; other=1")).isTrue();
        // Altered: the signature no longer matches; a later expiry is not honoured either.
        String value = cookie.substring(cookie.indexOf('=') + 1);
        String sig = value.substring(value.indexOf('.') + 1);
        long expiry = Long.parseLong(value.substring(0, value.indexOf('.')));
        assertThat(allowed(slug, name + "=" + value.substring(0, value.length() - 2) + "AA")).isFalse();
        assertThat(allowed(slug, name + "=" + (expiry + 3600) + "." + sig)).isFalse();
        assertThat(allowed(slug, name + "=garbage")).isFalse();

        // Good for this page only.
        String[] other = protectedPage();
        String otherName = "vigil_sp_" + other[0].replace("-", "").substring(0, 12);
        assertThat(allowed(other[1], otherName + "=" + value)).isFalse();
    }

    @Test
    void theCookieIsSecureOverHttps() {
        String slug = protectedPage()[1];
        String setCookie = form().header("X-Forwarded-Proto", "https").formParam("password", PASSWORD)
                .formParam("csrf", formToken(slug)).post("/status/" + slug + "/login").then().statusCode(303)
                .extract().header("Set-Cookie");
        assertThat(setCookie).contains("; Secure").contains("; HttpOnly");
    }

    @Test
    void theFormNeedsItsToken() {
        String slug = protectedPage()[1];
        form().formParam("password", PASSWORD).post("/status/" + slug + "/login").then().statusCode(403);
        form().formParam("password", PASSWORD).formParam("csrf", "").post("/status/" + slug + "/login").then().statusCode(403);
        form().formParam("password", PASSWORD).formParam("csrf", "99999999999.abc").post("/status/" + slug + "/login").then().statusCode(403);
        // Another page's token is no good here.
        String other = protectedPage()[1];
        form().formParam("password", PASSWORD).formParam("csrf", formToken(other)).post("/status/" + slug + "/login")
                .then().statusCode(403);
        // A post from another site's page.
        form().header("Origin", "https://evil.example").formParam("password", PASSWORD).formParam("csrf", formToken(slug))
                .post("/status/" + slug + "/login").then().statusCode(403);
        // The same site's Origin is fine.
        String setCookie = form().header("Origin", "http://localhost:" + RestAssured.port).formParam("password", PASSWORD)
                .formParam("csrf", formToken(slug)).post("/status/" + slug + "/login").then().statusCode(303).extract().header("Set-Cookie");
        assertThat(setCookie).isNotNull();
        // Not a form: 415.
        RestAssured.given().contentType(ContentType.JSON).body("{\"password\":\"x\"}").post("/status/" + slug + "/login")
                .then().statusCode(415);
        form().formParam("password", PASSWORD).formParam("csrf", "x").post("/status/no-such-page-here/login").then().statusCode(404);
    }

    @Test
    void guessesAreThrottled() {
        String slug = protectedPage()[1];
        for (int i = 0; i < VisitorThrottle.LOGIN.max(); i++) {
            var r = login(slug, "guess-" + i);
            assertThat(r.statusCode()).as("attempt %d", i + 1).isEqualTo(303);
        }
        var sixth = login(slug, "guess-6");
        assertThat(sixth.statusCode()).isEqualTo(429);
        long retryAfter = Long.parseLong(sixth.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 300L);
        assertThat(sixth.body().asString()).doesNotContain("Payroll");
        // Throttled means not even the right password is checked.
        var right = login(slug, PASSWORD);
        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(right.headers().getValues("Set-Cookie")).isEmpty();
        // Another page is counted apart.
        String other = protectedPage()[1];
        assertThat(login(other, PASSWORD).statusCode()).isEqualTo(303);
    }

    /** The page as a browser with this cookie jar sees it. */
    private static Document page(CookieFilter jar, String slug) {
        return Jsoup.parse(RestAssured.given().filter(jar).get("/status/" + slug).then().statusCode(200).extract().asString());
    }

    private static ExtractableResponse<Response> logout(CookieFilter jar, RequestSpecification form, String slug, String csrf) {
        if (csrf != null) {
            form = form.formParam("csrf", csrf);
        }
        return form.filter(jar).post("/status/" + slug + "/logout").then().extract();
    }

    @Test
    void logoutLocksThePageAgain() {
        String[] page = protectedPage();
        String slug = page[1];
        CookieFilter jar = new CookieFilter();
        Document locked = page(jar, slug);
        assertThat(locked.select("form.logout")).isEmpty();
        String loginToken = locked.selectFirst("form.login input[name=csrf]").attr("value");
        form().filter(jar).formParam("password", PASSWORD).formParam("csrf", loginToken).post("/status/" + slug + "/login")
                .then().statusCode(303);

        Document unlocked = page(jar, slug);
        assertThat(unlocked.text()).contains("Payroll backend");
        Element button = unlocked.selectFirst("form.logout");
        assertThat(button).as("a logout form once unlocked").isNotNull();
        assertThat(button.attr("method")).isEqualTo("post");
        assertThat(button.attr("action")).isEqualTo("/status/" + slug + "/logout");
        assertThat(button.selectFirst("button[type=submit]").text()).isEqualTo("Log out");
        String token = button.selectFirst("input[type=hidden][name=csrf]").attr("value");
        Document history = Jsoup.parse(RestAssured.given().filter(jar).get("/status/" + slug + "/history").asString());
        assertThat(history.selectFirst("form.logout input[name=csrf]").attr("value")).isEqualTo(token);

        // Guarded like the login: no token, a bad one, the login form's (any visitor can read it), another site's post.
        assertThat(logout(jar, form(), slug, null).statusCode()).isEqualTo(403);
        assertThat(logout(jar, form(), slug, "99999999999.abc").statusCode()).isEqualTo(403);
        assertThat(logout(jar, form(), slug, loginToken).statusCode()).isEqualTo(403);
        assertThat(logout(jar, form().header("Origin", "https://evil.example"), slug, token).statusCode()).isEqualTo(403);
        assertThat(logout(jar, form(), "no-such-page-here", token).statusCode()).isEqualTo(404);
        assertThat(page(jar, slug).text()).as("still logged in after refused logouts").contains("Payroll backend");

        var out = logout(jar, form().header("Origin", "http://localhost:" + RestAssured.port), slug, token);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.header("Location")).isEqualTo("/status/" + slug);
        String name = "vigil_sp_" + page[0].replace("-", "").substring(0, 12);
        assertThat(out.header("Set-Cookie")).startsWith(name + "=;").contains("; Path=/status/" + slug + ";")
                .contains("; Max-Age=0").contains("; Expires=Thu, 01 Jan 1970 00:00:00 GMT").contains("; HttpOnly");
        assertThat(out.header("Cache-Control")).isEqualTo("no-store");

        Document after = page(jar, slug);
        assertThat(after.text()).doesNotContain("Payroll backend");
        assertThat(after.selectFirst("form.login").attr("action")).isEqualTo("/status/" + slug + "/login");
        assertThat(after.select("form.logout")).isEmpty();
        RestAssured.given().filter(jar).get("/status/" + slug + "/api/v2/summary.json").then().statusCode(401);
    }

    @Test
    void aCookieCopiedBeforeLogoutStillWorksUntilItExpires() {
        // Sessions are stateless signed cookies: logout removes the cookie from the browser, it does not revoke the value.
        String slug = protectedPage()[1];
        String cookie = pair(login(slug, PASSWORD).header("Set-Cookie"));
        String html = RestAssured.given().header("Cookie", cookie).get("/status/" + slug).asString();
        String token = Jsoup.parse(html).selectFirst("form.logout input[name=csrf]").attr("value");
        form().header("Cookie", cookie).formParam("csrf", token).post("/status/" + slug + "/logout").then().statusCode(303);
        RestAssured.given().header("Cookie", cookie).get("/status/" + slug + "/api/v2/summary.json").then().statusCode(200);
    }

    @Test
    void publicPagesHaveNoLogout() {
        String slug = "open-" + UUID.randomUUID().toString().substring(0, 8);
        Api.as(token).body(body(slug, true, null)).post("/api/v1/status-pages").then().statusCode(201);
        Document page = Jsoup.parse(RestAssured.get("/status/" + slug).asString());
        assertThat(page.text()).contains("Payroll backend");
        assertThat(page.select("form")).isEmpty();
    }

    @Test
    void withoutTheDatabaseTheLoginFailsClosed() {
        String slug = protectedPage()[1];
        String csrf = formToken(slug); // the page is known (cached) before the database goes
        Database.cut();
        try {
            var r = form().formParam("password", PASSWORD).formParam("csrf", csrf).post("/status/" + slug + "/login").then().extract();
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.header("Retry-After")).isEqualTo("5");
            assertThat(r.jsonPath().getInt("status")).isEqualTo(503);
            assertThat(r.headers().getValues("Set-Cookie")).as("the right password is not even checked").isEmpty();
        } finally {
            Database.restore();
        }
        Await.until("the database back", Duration.ofSeconds(30), () -> RestAssured.get("/q/health/ready").statusCode() == 200);
        assertThat(login(slug, PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void aNewPasswordEndsOldSessions() {
        String[] page = protectedPage();
        String slug = page[1];
        String cookie = pair(login(slug, PASSWORD).header("Set-Cookie"));
        assertThat(allowed(slug, cookie)).isTrue();

        // Replacing the page without a new password keeps the sessions.
        Api.as(token).body(body(slug, false, null)).put("/api/v1/status-pages/" + page[0]).then().statusCode(200);
        assertThat(allowed(slug, cookie)).isTrue();

        Api.as(token).body(body(slug, false, "a brand new password")).put("/api/v1/status-pages/" + page[0])
                .then().statusCode(200).body("public", equalTo(false));
        assertThat(allowed(slug, cookie)).isFalse();
        var old = login(slug, PASSWORD);
        assertThat(old.header("Location")).endsWith("?error=1");
        String fresh = pair(login(slug, "a brand new password").header("Set-Cookie"));
        assertThat(allowed(slug, fresh)).isTrue();
    }
}

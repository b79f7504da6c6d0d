package io.vigil.statuspage;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.api.SecurityHeaders;
import io.vigil.testing.Api;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Tenants;
import jakarta.inject.Inject;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.vigil.statuspage.PublicPageFixture.awaitBody;
import static io.vigil.statuspage.PublicPageFixture.component;
import static io.vigil.statuspage.StatusPageFixture.get;
import static io.vigil.statuspage.StatusPageFixture.slug;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every HTML page carries a strict Content-Security-Policy, nosniff and a referrer policy, and HSTS only over TLS;
 * the pages themselves hold no inline script, style element or style attribute the policy would block.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class SecurityHeadersTest {

    @Inject
    Pool pool;
    StatusPageFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new StatusPageFixture(pool);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    static void assertSecured(Response r) {
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(r.header("Content-Security-Policy")).isEqualTo(SecurityHeaders.CSP)
                .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                        "object-src 'none'", "base-uri 'none'", "form-action 'self'")
                .doesNotContain("unsafe-inline");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
        assertThat(r.header("Strict-Transport-Security")).as("no HSTS over plain http").isNull();
    }

    /** No inline script or style of any kind; the page's own stylesheet, theme and script are linked instead. */
    static Document assertNoInlineCode(String html) {
        Document doc = Jsoup.parse(html);
        assertThat(doc.select("[style]")).as("style= attributes").isEmpty();
        assertThat(doc.select("style")).as("<style> elements").isEmpty();
        for (Element script : doc.select("script")) {
            assertThat(script.hasAttr("src")).as("inline <script>").isTrue();
            assertThat(script.data()).isBlank();
        }
        assertThat(doc.select("[onload],[onclick],[onerror],[onsubmit]")).isEmpty();
        assertThat(doc.select("link[rel=stylesheet]").eachAttr("href")).contains("/static/status.css");
        return doc;
    }

    @Test
    void everyStatusPageHtmlResponseIsSecuredAndHasNoInlineCode() {
        String api = fixture.check("API");
        fixture.seedHistory(api);
        String slug = fixture.page(slug(), "Shop status", List.of(component("API", api, null)));
        String incident = fixture.incident(api, "Checkout is slow", "We are looking into it.", false);

        String html = awaitBody("/status/" + slug, "the incident on the page", b -> b.contains("Checkout is slow"));
        Document page = assertNoInlineCode(html);
        assertThat(page.select("link[rel=stylesheet]").eachAttr("href")).containsExactly("/static/status.css", "/status/" + slug + "/theme.css");
        assertThat(page.select("script").eachAttr("src")).containsExactly("/static/local-time.js");
        assertThat(page.select(".bars i")).hasSize(90);
        assertSecured(get("/status/" + slug));

        Response history = get("/status/" + slug + "/history");
        assertSecured(history);
        assertNoInlineCode(history.asString());

        Response own = get("/status/" + slug + "/incidents/" + incident);
        assertThat(own.statusCode()).isEqualTo(200);
        assertSecured(own);
        assertThat(assertNoInlineCode(own.asString()).selectFirst("h2").text()).isEqualTo("Checkout is slow");

        Response subscribe = get("/status/" + slug + "/subscribe");
        assertThat(subscribe.statusCode()).isEqualTo(200);
        assertSecured(subscribe);
        Document form = assertNoInlineCode(subscribe.asString());
        assertThat(form.select("form.login")).hasSize(2);
        assertThat(form.select("form.login").get(1).hasClass("mt-20")).isTrue();

        Response missing = get("/status/no-such-page-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertSecured(missing);
        assertNoInlineCode(missing.asString());

        // without trust-forwarded, a client's own X-Forwarded-Proto does not make plain http count as TLS
        Response forged = RestAssured.given().header("X-Forwarded-Proto", "https").get("/status/" + slug);
        assertThat(forged.header("Content-Security-Policy")).isEqualTo(SecurityHeaders.CSP);
        assertThat(forged.header("Strict-Transport-Security")).isNull();
    }

    @Test
    void theLoginPageOfAProtectedPageIsSecured() {
        String api = fixture.check("API");
        String slug = slug();
        Map<String, Object> body = new HashMap<>(Map.of("slug", slug, "title", "Private status", "public", false,
                "password", "correct horse battery", "accentColor", "#0b7a75", "components", List.of(component("API", api, null))));
        Api.as(fixture.token).body(body).post("/api/v1/status-pages").then().statusCode(201);
        Response locked = get("/status/" + slug);
        assertThat(locked.statusCode()).isIn(200, 401);
        assertSecured(locked);
        Document doc = assertNoInlineCode(locked.asString());
        assertThat(doc.selectFirst("form.login input[type=password]")).isNotNull();
        // the theme shows the page's colour (made readable) without logging in, and nothing else
        Response theme = get("/status/" + slug + "/theme.css");
        assertThat(theme.statusCode()).isEqualTo(200);
        assertThat(theme.contentType()).startsWith("text/css");
        assertThat(theme.header("Cache-Control")).contains("max-age=");
        assertThat(theme.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(theme.header("Content-Security-Policy")).isNull();
        assertThat(theme.asString()).isEqualTo(StatusPageTheme.css(io.vigil.statuspage.html.AccentColor.of("#0b7a75")))
                .startsWith(":root{--a:#");
    }

    @Test
    void staticFilesAndApiAnswersAreNosniffButNotHtmlPolicies() {
        Response css = RestAssured.get("/static/status.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.contentType()).startsWith("text/css");
        assertThat(css.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(css.asString()).contains("--accent:var(--a)", ".bars");
        Response js = RestAssured.get("/static/local-time.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.contentType()).contains("javascript");
        assertThat(js.asString()).contains("time[data-local]");
        Response json = RestAssured.get("/api/v1/checks");
        assertThat(json.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(json.header("Content-Security-Policy")).isNull();
    }

    @Test
    void aCustomDomainPageIsSecuredAndItsStaticFilesAreServedThere() {
        String token = Tenants.workspaceWithToken(pool);
        String check = Api.as(token).body(Map.of("name", "API", "url", "https://example.invalid/", "intervalSeconds", 60))
                .post("/api/v1/checks").then().statusCode(201).extract().path("id");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String domain = "status-" + suffix + ".example.com";
        String slug = "acme-" + suffix;
        Api.as(token).body(Map.of("slug", slug, "title", "Acme status", "customDomain", domain,
                "components", List.of(Map.of("name", "API", "checkId", check)))).post("/api/v1/status-pages").then().statusCode(201);
        Response root = RestAssured.given().header("Host", domain).get("/");
        assertThat(root.statusCode()).isEqualTo(200);
        assertSecured(root);
        Document doc = assertNoInlineCode(root.asString());
        for (String href : doc.select("link[rel=stylesheet]").eachAttr("href")) {
            Response r = RestAssured.given().header("Host", domain).get(href);
            assertThat(r.statusCode()).as(href).isEqualTo(200);
            assertThat(r.contentType()).as(href).startsWith("text/css");
        }
        assertThat(RestAssured.given().header("Host", domain).get("/static/local-time.js").statusCode()).isEqualTo(200);
    }
}

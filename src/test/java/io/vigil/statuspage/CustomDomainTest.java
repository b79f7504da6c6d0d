package io.vigil.statuspage;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.testing.Api;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Tenants;
import jakarta.inject.Inject;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class CustomDomainTest {

    @Inject
    Pool pool;
    String token;
    String checkId;
    String slug;
    String domain;
    String id;

    @BeforeEach
    void setUp() {
        token = Tenants.workspaceWithToken(pool);
        checkId = Api.as(token).body(Map.of("name", "API", "url", "https://example.invalid/", "intervalSeconds", 60))
                .post("/api/v1/checks").then().statusCode(201).extract().path("id");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        slug = "acme-" + suffix;
        domain = "status-" + suffix + ".example.com";
        id = Api.as(token).body(page(true, null)).post("/api/v1/status-pages").then().statusCode(201)
                .body("customDomain", equalTo(domain)).extract().path("id");
    }

    private Map<String, Object> page(boolean isPublic, String password) {
        Map<String, Object> b = new HashMap<>(Map.of("slug", slug, "title", "Acme status", "customDomain", domain,
                "components", List.of(Map.of("name", "API", "checkId", checkId))));
        b.put("public", isPublic);
        if (password != null) {
            b.put("password", password);
        }
        return b;
    }

    private static org.jsoup.nodes.Document html(io.restassured.response.Response r) {
        return Jsoup.parse(r.then().statusCode(200).contentType(startsWith("text/html")).extract().asString());
    }

    /** Another page of the same workspace, on no custom domain; returns its slug. */
    private String otherPage() {
        String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
        Api.as(token).body(Map.of("slug", other, "title", "Other status", "components", List.of(Map.of("name", "API", "checkId", checkId))))
                .post("/api/v1/status-pages").then().statusCode(201);
        return other;
    }

    @Test
    void theDomainServesItsPageAtTheRoot() {
        org.jsoup.nodes.Document root = html(RestAssured.given().header("Host", domain).get("/"));
        assertThat(root.selectFirst("h1").text()).isEqualTo("Acme status");
        assertThat(root.select(".cname").eachText()).containsExactly("API");
        // The query string travels with the rewritten path: all of it (a cursor before everything: not the first page) ...
        org.jsoup.nodes.Document older = html(RestAssured.given().header("Host", domain).get("/history?x=1&before=2000-01-01T00:00:00Z"));
        assertThat(older.selectFirst("main").text()).contains("Nothing older.");
        assertThat(older.selectFirst("nav.pager a").text()).isEqualTo("Latest");
        // ... and it is the page's own history that reads it.
        RestAssured.given().header("Host", domain).get("/history?before=yesterday").then().statusCode(400);
        assertThat(html(RestAssured.given().header("Host", domain).get("/history")).selectFirst("main").text())
                .contains("No past incidents or maintenance.");
        // Statuspage-compatible paths at the root, as Statuspage serves them on a custom domain.
        RestAssured.given().header("Host", domain).get("/api/v2/summary.json").then().statusCode(200)
                .body("page.id", equalTo(id)).body("page.name", equalTo("Acme status"));
        // Port and case do not matter.
        RestAssured.given().header("Host", domain.toUpperCase() + ":8443").get("/api/v2/status.json").then().statusCode(200)
                .body("page.id", equalTo(id));
        // The page's own paths stay as they are (links rendered for the main host work there too).
        RestAssured.given().header("Host", domain).get("/status/" + slug + "/api/v2/summary.json").then().statusCode(200)
                .body("page.id", equalTo(id));
        assertThat(html(RestAssured.given().header("Host", domain).get("/status/" + slug)).selectFirst("h1").text())
                .isEqualTo("Acme status");
        // Another page's path is not reachable through this domain (it is on the main host).
        String other = otherPage();
        RestAssured.given().get("/status/" + other + "/api/v2/summary.json").then().statusCode(200);
        RestAssured.given().header("Host", domain).get("/status/" + other + "/api/v2/summary.json").then().statusCode(404);
        RestAssured.given().header("Host", domain).get("/status/" + other).then().statusCode(404);
    }

    @Test
    void otherHostsAndPathsAreUntouched() {
        // On the main host the root paths are no page's: nothing there, and /api/ asks for the API's token.
        RestAssured.given().get("/history").then().statusCode(404);
        RestAssured.given().get("/feed.atom").then().statusCode(404);
        RestAssured.given().get("/api/v2/summary.json").then().statusCode(401);
        String unknown = "unknown-" + UUID.randomUUID().toString().substring(0, 6) + ".example.com";
        RestAssured.given().header("Host", unknown).get("/history").then().statusCode(404);
        RestAssured.given().header("Host", unknown).get("/api/v2/summary.json").then().statusCode(401);
        RestAssured.given().get("/status/" + slug + "/api/v2/summary.json").then().statusCode(200).body("page.id", equalTo(id));
        // The management API, health, pings and badges keep their meaning on a custom domain.
        RestAssured.given().header("Host", domain).get("/api/v1/status-pages").then().statusCode(401);
        Api.as(token).header("Host", domain).get("/api/v1/status-pages/" + id).then().statusCode(200).body("slug", equalTo(slug));
        RestAssured.given().header("Host", domain).get("/q/health/live").then().statusCode(200);
    }

    @Test
    void loginOnTheDomainGivesARootCookie() {
        Api.as(token).body(page(false, "domain password")).put("/api/v1/status-pages/" + id).then().statusCode(200);
        RestAssured.given().header("Host", domain).get("/api/v2/summary.json").then().statusCode(401);
        org.jsoup.nodes.Element form = html(RestAssured.given().header("Host", domain).get("/")).selectFirst("form.login");
        assertThat(form.attr("action")).isEqualTo("/status/" + slug + "/login");
        String csrf = form.selectFirst("input[name=csrf]").attr("value");

        var wrong = RestAssured.given().redirects().follow(false).header("Host", domain).contentType(ContentType.URLENC)
                .formParam("password", "nope").formParam("csrf", csrf).post("/status/" + slug + "/login").then().statusCode(303).extract();
        assertThat(wrong.header("Location")).isEqualTo("/?error=1");
        // The form may also post to /login on the domain (rewritten to the page's login), with an Origin of the domain.
        var right = RestAssured.given().redirects().follow(false).header("Host", domain).header("Origin", "https://" + domain)
                .header("X-Forwarded-Proto", "https").contentType(ContentType.URLENC)
                .formParam("password", "domain password").formParam("csrf", csrf).post("/login").then().statusCode(303).extract();
        assertThat(right.header("Location")).isEqualTo("/");
        String setCookie = right.header("Set-Cookie");
        assertThat(setCookie).contains("; Path=/;").contains("; HttpOnly").contains("; SameSite=Lax").contains("; Secure");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        RestAssured.given().header("Host", domain).header("Cookie", cookie).get("/api/v2/summary.json").then().statusCode(200)
                .body("page.id", equalTo(id));

        // Logging out on the domain: the page's form posts to its own path, which the domain serves as is; /logout works too.
        String html = RestAssured.given().header("Host", domain).header("Cookie", cookie).get("/").then().statusCode(200)
                .extract().asString();
        org.jsoup.nodes.Element logout = org.jsoup.Jsoup.parse(html).selectFirst("form.logout");
        assertThat(logout.attr("action")).isEqualTo("/status/" + slug + "/logout");
        String token = logout.selectFirst("input[name=csrf]").attr("value");
        for (String path : List.of(logout.attr("action"), "/logout")) {
            var out = RestAssured.given().redirects().follow(false).header("Host", domain).header("Origin", "https://" + domain)
                    .header("X-Forwarded-Proto", "https").header("Cookie", cookie).contentType(ContentType.URLENC)
                    .formParam("csrf", token).post(path).then().statusCode(303).extract();
            assertThat(out.header("Location")).as(path).isEqualTo("/");
            assertThat(out.header("Set-Cookie")).as(path).startsWith(cookie.substring(0, cookie.indexOf('=') + 1) + ";")
                    .contains("; Path=/;").contains("; Max-Age=0").contains("; Secure");
        }
        RestAssured.given().redirects().follow(false).header("Host", domain).header("Origin", "https://evil.example")
                .contentType(ContentType.URLENC).formParam("csrf", token).post("/logout").then().statusCode(403);
    }

    @Test
    void pathMapping() {
        assertThat(CustomDomains.target("s", "/")).isEqualTo("/status/s");
        assertThat(CustomDomains.target("s", "/history")).isEqualTo("/status/s/history");
        assertThat(CustomDomains.target("s", "/feed.atom")).isEqualTo("/status/s/feed.atom");
        assertThat(CustomDomains.target("s", "/api/v2/summary.json")).isEqualTo("/status/s/api/v2/summary.json");
        assertThat(CustomDomains.target("s", "/status/s")).isNull();
        assertThat(CustomDomains.target("s", "/status/s/history")).isNull();
        assertThat(CustomDomains.target("s", "/status/sx")).isEqualTo("/status/s/status/sx");
        assertThat(CustomDomains.candidate("/api/v1/checks")).isFalse();
        assertThat(CustomDomains.candidate("/api/v2/summary.json")).isTrue();
        assertThat(CustomDomains.candidate("/q/health")).isFalse();
        assertThat(CustomDomains.candidate("/q")).isFalse();
        assertThat(CustomDomains.candidate("/ping/abc")).isFalse();
        assertThat(CustomDomains.candidate("/agent/v1/jobs")).isFalse();
        assertThat(CustomDomains.candidate("/badge/x/status.svg")).isFalse();
        assertThat(CustomDomains.candidate("/")).isTrue();
        assertThat(CustomDomains.candidate("/history")).isTrue();
    }
}

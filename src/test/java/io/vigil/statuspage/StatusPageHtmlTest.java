package io.vigil.statuspage;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.DecoderConfig;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.testing.Api;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.vigil.statuspage.PublicPageFixture.awaitBody;
import static io.vigil.statuspage.PublicPageFixture.component;
import static io.vigil.statuspage.StatusPageFixture.get;
import static io.vigil.statuspage.StatusPageFixture.slug;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class StatusPageHtmlTest {

    static final String XSS = "<script>alert(1)</script>";

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

    @Test
    void thePageFollowsTheChecksAndEscapesEverything() {
        String api = fixture.check("API");
        String db = fixture.check("DB");
        String web = fixture.check("Web");
        fixture.seedHistory(api);
        String slug = fixture.page(slug(), "Shop <b>status</b> " + XSS, List.of(component("API", api, "Backend"),
                component(XSS, web, null), component("Database", db, "Backend")));

        Document up = Jsoup.parse(awaitBody("/status/" + slug, "all operational",
                html -> html.contains("All Systems Operational") && !html.contains("No data</span>")));
        assertThat(up.selectFirst("html").attr("lang")).isEqualTo("en");
        assertThat(up.select("header").size() + up.select("main").size() + up.select("footer").size()).isEqualTo(3);
        assertThat(up.selectFirst(".banner").text()).isEqualTo("All Systems Operational");
        assertThat(up.select(".comp .state").eachText()).containsOnly("Operational");

        // grouping: ungrouped first, then the group with its two members
        Element main = up.selectFirst("main");
        Elements lists = main.select("ul.comps");
        assertThat(lists).hasSize(2);
        assertThat(lists.get(0).parent().hasClass("group")).isFalse();
        assertThat(lists.get(0).select(".cname").eachText()).containsExactly(XSS);
        Element group = up.selectFirst("section.group");
        assertThat(group.selectFirst("h3 span").text()).isEqualTo("Backend");
        assertThat(group.select(".cname").eachText()).containsExactly("API", "Database");

        // 90 bars per component, coloured by the day's availability, each with a tooltip
        for (Element comp : up.select(".comp")) {
            assertThat(comp.select(".bars i")).hasSize(90);
            assertThat(comp.selectFirst(".bars").attr("role")).isEqualTo("img");
            assertThat(comp.selectFirst(".bars").attr("aria-label")).contains("uptime", "90 days");
        }
        Element apiComp = group.select(".comp").get(0);
        Elements bars = apiComp.select(".bars i");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(bars.get(89 - 3).className()).isEqualTo("b");
        assertThat(bars.get(89 - 3).attr("title")).isEqualTo(today.minusDays(3) + ": 99.50% uptime, no incidents");
        assertThat(bars.get(89 - 10).className()).isEqualTo("c");
        assertThat(bars.get(89 - 20).className()).isEqualTo("d");
        assertThat(bars.get(89 - 20).attr("title")).startsWith(today.minusDays(20) + ": 80.00% uptime");
        assertThat(bars.get(89 - 5).className()).isEqualTo("a");
        assertThat(bars.get(0).className()).isEqualTo("n");
        assertThat(bars.get(0).attr("title")).endsWith("no data, no incidents");
        assertThat(apiComp.selectFirst(".bars-foot").text()).contains("% uptime");

        // the server-rendered response-time chart with a text alternative
        Element chart = apiComp.selectFirst("svg.rt");
        assertThat(chart).isNotNull();
        assertThat(chart.attr("role")).isEqualTo("img");
        assertThat(chart.attr("aria-label")).startsWith("Response time, last 24 hours: min ").contains("average", "max 245 ms");
        assertThat(chart.selectFirst("title").text()).isEqualTo(chart.attr("aria-label"));
        assertThat(chart.selectFirst("path.line").attr("d")).startsWith("M").contains("L");
        assertThat(chart.select("text").eachText()).contains("250 ms", "24 h ago", "now");

        // user text is escaped everywhere, never interpreted
        String raw = get("/status/" + slug).asString();
        assertThat(raw).doesNotContain(XSS).doesNotContain("<b>status</b>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(up.title()).isEqualTo("Shop <b>status</b> " + XSS);
        assertThat(up.selectFirst("h1").text()).isEqualTo("Shop <b>status</b> " + XSS);
        assertThat(up.select("h1 b")).isEmpty();
        assertThat(up.select("script")).hasSize(1);
        assertThat(up.selectFirst("script").data()).doesNotContain("alert");

        // an outage: banner, component states and the incident with its update, still escaped
        fixture.incident(api, "Checkout errors " + XSS, "We are investigating " + XSS, false);
        fixture.receiver.targetStatus.set(500);
        Document down = Jsoup.parse(awaitBody("/status/" + slug, "major outage",
                html -> html.contains("Checkout errors") && Jsoup.parse(html).select(".comp .state").eachText().stream()
                        .allMatch("Major Outage"::equals)));
        assertThat(down.selectFirst(".banner").text()).isEqualTo("Major System Outage");
        assertThat(down.selectFirst(".banner").hasClass("major")).isTrue();
        assertThat(down.selectFirst("link[rel=icon]").attr("href")).contains("cf222e");
        assertThat(down.selectFirst("section.group .group-head .state").text()).isEqualTo("Major Outage");
        Element incident = down.select("article.incident").stream()
                .filter(a -> a.selectFirst("h3").text().equals("Checkout errors " + XSS)).findFirst().orElseThrow();
        assertThat(incident.select(".timeline .msg").eachText()).contains("We are investigating " + XSS);
        assertThat(incident.selectFirst(".meta").text()).contains("Major impact", "Affects: API");
        Element time = incident.selectFirst("time[datetime]");
        assertThat(time.attr("datetime")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(time.text()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC");
        assertThat(get("/status/" + slug).asString()).doesNotContain(XSS);
    }

    @Test
    void anUnknownPageIsAProper404Page() {
        Response r = get("/status/no-such-page-here");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("text/html");
        Document doc = Jsoup.parse(r.asString());
        assertThat(doc.title()).isEqualTo("Status page not found");
        assertThat(doc.selectFirst("main").text()).contains("There is no status page at this address");
        assertThat(doc.select("header, main, footer")).hasSize(3);
        assertThat(get("/status/no-such-page-here/history").statusCode()).isEqualTo(404);
    }

    @Test
    void responsesCarryCacheHeadersAndAnswer304() {
        String api = fixture.check("API");
        String slug = fixture.page(slug(), "Cached", List.of(component("API", api, null)));
        Response first = get("/status/" + slug);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.contentType()).isEqualToIgnoringCase("text/html;charset=UTF-8");
        String etag = first.header("ETag");
        assertThat(etag).isNotBlank();
        assertThat(first.header("Last-Modified")).isNotBlank();
        assertThat(first.header("Cache-Control")).contains("max-age=");
        io.vigil.testing.Conditional.assertRevalidates("/status/" + slug);

        // a pre-compressed copy for clients that take gzip, the plain one for the rest; each with its own tag
        Response gzip = RestAssured.given().header("Accept-Encoding", "gzip").get("/status/" + slug);
        assertThat(gzip.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(Jsoup.parse(gzip.asString()).selectFirst("h1").text()).isEqualTo("Cached");
        // (REST Assured would add its own Accept-Encoding unless told to decode nothing)
        var plainClient = RestAssured.config().decoderConfig(DecoderConfig.decoderConfig().noContentDecoders());
        Response plain = RestAssured.given().config(plainClient).get("/status/" + slug);
        assertThat(plain.header("Content-Encoding")).isNull();
        assertThat(Jsoup.parse(plain.asString()).selectFirst("h1").text()).isEqualTo("Cached");
        assertThat(plain.header("ETag")).isNotEqualTo(gzip.header("ETag"));
    }

    @Test
    void historyListsResolvedIncidentsTwentyAPage() {
        String api = fixture.check("API");
        String slug = fixture.page(slug(), "History", List.of(component("API", api, null)));
        for (int i = 1; i <= 21; i++) {
            fixture.incident(api, "Outage #" + i, "Fixed the thing #" + i, true);
        }
        Response r = get("/status/" + slug + "/history");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("ETag")).isNotBlank();
        Document first = Jsoup.parse(r.asString());
        assertThat(first.select("article.incident h3").eachText()).hasSize(20).first().isEqualTo("Outage #21");
        assertThat(first.select("article.incident").get(0).select(".msg").eachText()).contains("Fixed the thing #21");
        assertThat(first.select("article.incident").get(0).selectFirst(".meta").text()).contains("Resolved after");
        Element older = first.selectFirst("a[rel=next]");
        assertThat(older.text()).isEqualTo("Older entries");
        assertThat(older.attr("href")).startsWith("/status/" + slug + "/history?before=");
        Document second = Jsoup.parse(get(older.attr("href")).asString());
        assertThat(second.select("article.incident h3").eachText()).containsExactly("Outage #1");
        assertThat(second.selectFirst("a[rel=next]")).isNull();
        assertThat(second.selectFirst("nav.pager a").attr("href")).isEqualTo("/status/" + slug + "/history");
        Document page = Jsoup.parse(get("/status/" + slug).asString());
        assertThat(page.select("article.incident")).isEmpty();
        assertThat(page.selectFirst("footer a").attr("href")).isEqualTo("/status/" + slug + "/history");

        Response bad = get("/status/" + slug + "/history?before=yesterday");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("text/html");
        assertThat(Jsoup.parse(bad.asString()).selectFirst("main").text()).contains("RFC 3339");
    }

    @Test
    void aProtectedPageShowsOnlyItsTitleAndAPasswordForm() {
        String api = fixture.check("API");
        String slug = slug();
        Map<String, Object> body = new HashMap<>(Map.of("slug", slug, "title", "Internal status", "public", false,
                "password", "let-me-in-please", "description", "Top secret description",
                "components", List.of(component("Secret database", api, "Hidden group"))));
        Api.as(fixture.token).body(body).post("/api/v1/status-pages").then().statusCode(201);
        Response r = get("/status/" + slug);
        assertThat(r.statusCode()).isEqualTo(200);
        String html = r.asString();
        assertThat(html).doesNotContain("Secret database").doesNotContain("Hidden group").doesNotContain("Top secret");
        Document doc = Jsoup.parse(html);
        assertThat(doc.selectFirst("h1").text()).isEqualTo("Internal status");
        Element form = doc.selectFirst("form");
        assertThat(form.attr("method")).isEqualTo("post");
        assertThat(form.attr("action")).isEqualTo("/status/" + slug + "/login");
        assertThat(form.selectFirst("input[type=password]").attr("name")).isEqualTo("password");
        assertThat(doc.select(".bars, svg.rt")).isEmpty();
        assertThat(get("/status/" + slug + "/history").asString()).doesNotContain("Secret database").contains("password");
        assertThat(r.header("Cache-Control")).isEqualTo("private, no-cache");

        // A wrong password comes back to the form with a message; the right one, with the form's token, unlocks it.
        String csrf = form.selectFirst("input[name=csrf]").attr("value");
        Response wrong = io.restassured.RestAssured.given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("password", "guess").formParam("csrf", csrf).post("/status/" + slug + "/login");
        assertThat(wrong.statusCode()).isEqualTo(303);
        assertThat(wrong.getCookies()).isEmpty();
        assertThat(get(wrong.header("Location")).asString()).contains("Wrong password");
        Response right = io.restassured.RestAssured.given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("password", "let-me-in-please").formParam("csrf", csrf).post("/status/" + slug + "/login");
        assertThat(right.statusCode()).isEqualTo(303);
        assertThat(right.getCookies()).hasSize(1);
        Response unlocked = io.restassured.RestAssured.given().cookies(right.getCookies()).get("/status/" + slug);
        assertThat(unlocked.asString()).contains("Secret database").contains("Hidden group");
        assertThat(unlocked.header("Cache-Control")).isEqualTo("private, no-cache");
        assertThat(unlocked.header("Vary")).contains("Cookie");
    }
}

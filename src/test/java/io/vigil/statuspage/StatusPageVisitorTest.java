package io.vigil.statuspage;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.testing.Api;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Receiver;
import jakarta.inject.Inject;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.vigil.statuspage.PublicPageFixture.awaitBody;
import static io.vigil.statuspage.PublicPageFixture.component;
import static io.vigil.statuspage.StatusPageFixture.get;
import static io.vigil.statuspage.StatusPageFixture.slug;
import static org.assertj.core.api.Assertions.assertThat;

/** The page as a visitor sees it: banner, automatic incidents and their own page, a new check's bars and chart. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class StatusPageVisitorTest {

    @Inject
    Pool pool;
    StatusPageFixture fixture;
    Receiver failing;

    @BeforeEach
    void setUp() {
        fixture = new StatusPageFixture(pool);
        failing = new Receiver();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
        failing.close();
    }

    @Test
    void anAutomaticOutageReadsAsASentenceHasItsOwnPageAndColoursTheBannerLikeTheWorstComponent() {
        PublicPageFixture formats = new PublicPageFixture(fixture.token);
        String api = formats.check("API probe", failing);
        String web = fixture.check("Web");
        String docs = fixture.check("Docs");
        String slug = fixture.page(slug(), "Shop status", List.of(component("Checkout API", api, null),
                component("Website", web, null), component("Docs", docs, null)));
        formats.awaitStatus(web, "up");
        failing.targetStatus.set(500);
        formats.awaitStatus(api, "down");

        // one component of three down: a red banner that says so, beside the red component
        Document page = Jsoup.parse(awaitBody("/status/" + slug, "the outage", html -> html.contains("Checkout API is down")));
        Element banner = page.selectFirst(".banner");
        assertThat(banner.hasClass("major")).isTrue();
        assertThat(banner.text()).isEqualTo("Major Outage");
        Element down = page.select(".comp").stream().filter(c -> c.selectFirst(".cname").text().equals("Checkout API"))
                .findFirst().orElseThrow();
        assertThat(down.selectFirst(".state").text()).isEqualTo("Major Outage");
        assertThat(down.selectFirst(".state").hasClass("s-major")).isTrue();

        // the automatic incident tells what happened, naming the page's component (not the check)
        Element incident = page.selectFirst("article.incident");
        assertThat(incident.selectFirst("h3").text()).isEqualTo("Checkout API is down");
        assertThat(incident.select(".timeline .msg").eachText())
                .containsExactly("Checkout API is not responding as expected. We are investigating.");
        assertThat(page.html()).doesNotContain("API probe");

        // the JSON lists that opening update, and its shortlink is the incident's own page
        JsonPath json = JsonPath.from(RestAssured.get("/status/" + slug + "/api/v2/incidents/unresolved.json").asString());
        String id = json.getString("incidents[0].id");
        assertThat(json.getList("incidents[0].incident_updates.status")).containsExactly("investigating");
        assertThat(json.getString("incidents[0].incident_updates[0].body")).contains("Checkout API");
        assertThat(json.getString("incidents[0].incident_updates[0].created_at"))
                .isEqualTo(json.getString("incidents[0].started_at"));
        String shortlink = json.getString("incidents[0].shortlink");
        assertThat(shortlink).endsWith("/status/" + slug + "/incidents/" + id);
        JsonPath summary = JsonPath.from(RestAssured.get("/status/" + slug + "/api/v2/summary.json").asString());
        assertThat(summary.getString("status.indicator")).isEqualTo("major");
        assertThat(summary.getString("status.description")).isEqualTo("Major Outage");

        Response own = get("/status/" + slug + "/incidents/" + id);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.contentType()).startsWith("text/html");
        assertThat(own.header("ETag")).isNotBlank();
        Document incidentPage = Jsoup.parse(own.asString());
        assertThat(incidentPage.selectFirst("main h2").text()).isEqualTo("Checkout API is down");
        assertThat(incidentPage.selectFirst(".meta").text()).contains("Major impact");
        assertThat(incidentPage.selectFirst(".affects").text()).isEqualTo("This incident affected: Checkout API");
        assertThat(incidentPage.select(".timeline li strong").eachText()).containsExactly("Investigating", "Started");
        assertThat(incidentPage.title()).isEqualTo("Checkout API is down · Shop status");
        assertThat(page.selectFirst("article.incident h3 a").attr("href")).isEqualTo("/status/" + slug + "/incidents/" + id);

        // another page's incident, an unknown id and a malformed one: not found here
        String other = fixture.page(slug(), "Other", List.of(component("Docs", docs, null)));
        assertThat(get("/status/" + other + "/incidents/" + id).statusCode()).isEqualTo(404);
        assertThat(get("/status/" + slug + "/incidents/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(get("/status/" + slug + "/incidents/not-an-id").statusCode()).isEqualTo(404);
        assertThat(get("/status/no-such-page/incidents/" + id).statusCode()).isEqualTo(404);

        // the feeds point at the incident page and are not titled "Shop status status"
        String atom = RestAssured.get("/status/" + slug + "/feed.atom").asString();
        org.w3c.dom.Document feed = PublicPageFixture.xml(atom);
        assertThat(feed.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("Shop status");
        assertThat(atom).contains("href=\"" + shortlink + "\"");
        String rss = RestAssured.get("/status/" + slug + "/feed.rss").asString();
        assertThat(PublicPageFixture.xml(rss).getElementsByTagName("title").item(0).getTextContent()).isEqualTo("Shop status");
        assertThat(rss).contains("<link>" + shortlink + "</link>");

        // recovery by itself: resolved, still with its opening sentence, and a closing one
        failing.targetStatus.set(200);
        formats.awaitStatus(api, "up");
        Document resolved = Jsoup.parse(awaitBody("/status/" + slug + "/incidents/" + id, "resolved",
                html -> html.contains("Resolved after")));
        assertThat(resolved.select(".timeline li strong").eachText()).containsExactly("Resolved", "Investigating", "Started");
        assertThat(resolved.select(".timeline .msg").eachText()).first().asString()
                .isEqualTo("Checkout API is responding normally again. This incident has been resolved.");
        JsonPath all = JsonPath.from(RestAssured.get("/status/" + slug + "/api/v2/incidents.json").asString());
        assertThat(all.getList("incidents[0].incident_updates.status")).containsExactly("resolved", "investigating");
    }

    @Test
    void aNewCheckHasNoDataBeforeItExistedAndAReadableChart() {
        String api = fixture.check("API");
        Instant now = Instant.now();
        Instant midnight = now.truncatedTo(ChronoUnit.DAYS);
        // six minutes old (less just after midnight, so that it is from today)
        Duration age = Duration.ofMinutes(6);
        if (Duration.between(midnight, now).compareTo(Duration.ofMinutes(12)) < 0) {
            age = Duration.between(midnight, now).dividedBy(2);
        }
        fixture.backdate(api, age);
        UUID check = UUID.fromString(api);
        // paused, and what it probed so far forgotten: the rollups below are all it has
        Api.as(fixture.token).post("/api/v1/checks/" + api + "/pause").then().statusCode(200);
        sleep(Duration.ofMillis(1500));
        pool.withTransaction(c -> c.preparedQuery("DELETE FROM rollups_day WHERE check_id = $1").execute(Tuple.of(check))
                        .chain(x -> c.preparedQuery("DELETE FROM rollups_hour WHERE check_id = $1").execute(Tuple.of(check))))
                .await().atMost(Duration.ofSeconds(10));
        // Rollups on days before it existed (as a restored or re-imported database may hold) count for nothing;
        // today's 5 results and the current hour's average are what it has.
        List<Tuple> days = List.of(
                Tuple.of(check, utc(midnight), 5, 0),
                Tuple.of(check, utc(midnight.minus(1, ChronoUnit.DAYS)), 0, 1000),
                Tuple.of(check, utc(midnight.minus(30, ChronoUnit.DAYS)), 10, 990));
        pool.withTransaction(c -> c.preparedQuery("""
                        INSERT INTO rollups_day (check_id, region, bucket, workspace_id, up, degraded, down, missed, latency_sum, latency_count, hist)
                        SELECT $1, 'archive', $2, workspace_id, $3, 0, $4, 0, 0, 0, '{}' FROM checks WHERE id = $1""").executeBatch(days)
                .chain(x -> c.preparedQuery("""
                        INSERT INTO rollups_hour (check_id, region, bucket, workspace_id, up, degraded, down, missed, latency_sum, latency_count, hist)
                        SELECT $1, 'archive', $2, workspace_id, 5, 0, 0, 0, 600, 5, '{}' FROM checks WHERE id = $1""")
                        .execute(Tuple.of(check, utc(now.truncatedTo(ChronoUnit.HOURS))))))
                .await().atMost(Duration.ofSeconds(10));
        String slug = fixture.page(slug(), "New", List.of(component("API", api, null)));

        Document page = Jsoup.parse(awaitBody("/status/" + slug, "today's data", html -> html.contains("100% uptime")));
        Element comp = page.selectFirst(".comp");
        var bars = comp.select(".bars i");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(bars).hasSize(90);
        assertThat(bars.subList(0, 89)).allMatch(b -> b.hasClass("n"));
        assertThat(bars.get(88).attr("title")).isEqualTo(today.minusDays(1) + ": no data, no incidents");
        assertThat(bars.get(89).hasClass("a")).isTrue();
        assertThat(comp.selectFirst(".bars-foot").text()).contains("100% uptime");
        assertThat(comp.selectFirst(".bars").attr("aria-label")).startsWith("API: 100% uptime over the last 90 days");

        // one hour of response times: a marker where the point is, and words saying how little data there is
        Element chart = comp.selectFirst("svg.rt");
        assertThat(chart.attr("aria-label")).contains("min 120 ms", "(1 hour of data so far)");
        assertThat(chart.selectFirst("path.pt").attr("d")).isEqualTo("M230 42.8h0.01"); // 120 ms on a 200 ms scale
        // the plot leaves room at its edges, so a dot on the latest hour is not cut in half (the first svg is the chart itself)
        assertThat(chart.select("svg").get(1).attr("viewBox")).isEqualTo("-6 0 242 100");

        // the JSON agrees: the component exists since the check does, and changed no earlier
        JsonPath json = JsonPath.from(RestAssured.get("/status/" + slug + "/api/v2/components.json").asString());
        OffsetDateTime created = OffsetDateTime.parse(json.getString("components[0].created_at"));
        OffsetDateTime updated = OffsetDateTime.parse(json.getString("components[0].updated_at"));
        assertThat(created).isBeforeOrEqualTo(updated);
        assertThat(Duration.between(created.toInstant(), now.minus(age)).abs()).isLessThan(Duration.ofSeconds(5));
        assertThat(json.getString("components[0].start_date")).isEqualTo(today.toString());
    }

    @Test
    void componentsAreNeverUpdatedBeforeTheyWereCreated() {
        String api = fixture.check("API");
        String web = fixture.check("Web");
        new PublicPageFixture(fixture.token).awaitStatus(api, "up");
        String slug = fixture.page(slug(), "Order", List.of(component("API", api, "Backend"), component("Web", web, "Backend"),
                component("Pending", fixture.check("Pending"), null)));
        JsonPath json = JsonPath.from(RestAssured.get("/status/" + slug + "/api/v2/components.json").asString());
        List<Map<String, Object>> components = json.getList("components");
        assertThat(components).hasSize(4);
        for (Map<String, Object> c : components) {
            assertThat(OffsetDateTime.parse((String) c.get("created_at")))
                    .as("component %s", c.get("name")).isBeforeOrEqualTo(OffsetDateTime.parse((String) c.get("updated_at")));
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}

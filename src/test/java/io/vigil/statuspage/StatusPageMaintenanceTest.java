package io.vigil.statuspage;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.testing.Api;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.vigil.statuspage.PublicPageFixture.awaitBody;
import static io.vigil.statuspage.PublicPageFixture.component;
import static io.vigil.statuspage.StatusPageFixture.get;
import static io.vigil.statuspage.StatusPageFixture.slug;
import static org.assertj.core.api.Assertions.assertThat;

/** Completed maintenance windows on the history page and in the Statuspage-compatible JSON. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class StatusPageMaintenanceTest {

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

    private String checkTagged(String name, String tag) {
        return Api.as(fixture.token).body(Map.of("name", name, "url", fixture.receiver.url("/target"), "intervalSeconds", 60,
                "tags", List.of(tag))).post("/api/v1/checks").then().statusCode(201).extract().path("id");
    }

    private String window(String name, String key, Object value, Instant from, Instant until) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, key, List.of(value), "startsAt", from.toString(),
                "endsAt", until.toString()));
        return Api.as(fixture.token).body(body).post("/api/v1/maintenance").then().statusCode(201).extract().path("id");
    }

    @Test
    void aWindowThatEndedYesterdayIsCompletedInTheHistoryAndTheJson() {
        String api = fixture.check("API");
        String db = checkTagged("DB", "database");
        String unrelated = fixture.check("Not on the page");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant from = now.minus(27, ChronoUnit.HOURS);
        Instant until = now.minus(25, ChronoUnit.HOURS);
        String done = window("Database upgrade", "checkIds", api, from, until);
        String byTag = window("Storage migration", "tags", "database", now.minus(50, ChronoUnit.HOURS), now.minus(49, ChronoUnit.HOURS));
        window("Someone else's upgrade", "checkIds", unrelated, from, until);
        window("Too long ago", "checkIds", api, now.minus(120, ChronoUnit.DAYS), now.minus(119, ChronoUnit.DAYS));
        String upcoming = window("Next upgrade", "checkIds", api, now.plus(1, ChronoUnit.DAYS), now.plus(2, ChronoUnit.DAYS));
        String slug = fixture.page(slug(), "Shop", List.of(component("API", api, null), component("Database", db, null)));
        // A resolved incident of today: newer than the windows, so it comes first in the interleaved history.
        fixture.incident(api, "Checkout errors", "Fixed", true);

        Document history = Jsoup.parse(awaitBody("/status/" + slug + "/history", "the incident and both windows",
                html -> html.contains("Checkout errors") && html.contains("Database upgrade") && html.contains("Storage migration")));
        assertThat(history.selectFirst("main h2").text()).isEqualTo("Past incidents and maintenance");
        assertThat(history.select("main article h3").eachText())
                .containsExactly("Checkout errors", "Database upgrade", "Storage migration");
        assertThat(history.text()).doesNotContain("Someone else's upgrade").doesNotContain("Too long ago")
                .doesNotContain("Next upgrade");
        Element card = history.getElementById("maintenance-" + done);
        assertThat(card).isNotNull();
        assertThat(card.selectFirst(".pill").text()).isEqualTo("Completed");
        assertThat(card.selectFirst(".meta").text()).contains("Affects: API").contains("Lasted 2 h 0 min")
                .doesNotContain("Database");
        // Times as machine-readable UTC that the page's script turns into the viewer's time zone, like incident times.
        assertThat(card.select("time[data-local]").eachAttr("datetime")).containsExactly(from.toString(), until.toString());
        assertThat(card.select("time").eachText()).allMatch(t -> t.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC"));
        assertThat(history.getElementById("maintenance-" + byTag).selectFirst(".meta").text()).contains("Affects: Database");

        String base = "/status/" + slug + "/api/v2/";
        JsonPath all = JsonPath.from(awaitBody(base + "scheduled-maintenances.json", "completed windows",
                b -> JsonPath.from(b).getList("scheduled_maintenances.id").contains(done)));
        assertThat(all.getList("scheduled_maintenances.name")).containsExactly("Next upgrade", "Database upgrade", "Storage migration");
        assertThat(all.getList("scheduled_maintenances.status")).containsExactly("scheduled", "completed", "completed");
        Map<String, Object> completed = all.getMap("scheduled_maintenances.find { it.id == '" + done + "' }");
        Map<String, Object> scheduled = all.getMap("scheduled_maintenances.find { it.id == '" + upcoming + "' }");
        assertThat(completed.keySet()).isEqualTo(scheduled.keySet());
        assertThat(completed.get("impact")).isEqualTo("maintenance");
        assertThat(Instant.parse((String) completed.get("scheduled_for"))).isEqualTo(from);
        assertThat(Instant.parse((String) completed.get("scheduled_until"))).isEqualTo(until);
        assertThat(Instant.parse((String) completed.get("resolved_at"))).isEqualTo(until);
        assertThat(all.getList("scheduled_maintenances.find { it.id == '" + done + "' }.components.name")).containsExactly("API");
        assertThat(all.getList("scheduled_maintenances.find { it.id == '" + done + "' }.incident_updates.status"))
                .containsExactly("completed");
        assertThat((String) completed.get("shortlink")).endsWith("/status/" + slug + "/history#maintenance-" + done);

        // The subsets and the summary stay as Statuspage has them: no completed windows.
        assertThat(JsonPath.from(get(base + "scheduled-maintenances/upcoming.json").asString()).getList("scheduled_maintenances.id"))
                .containsExactly(upcoming);
        assertThat(JsonPath.from(get(base + "scheduled-maintenances/active.json").asString()).getList("scheduled_maintenances"))
                .isEmpty();
        assertThat(JsonPath.from(get(base + "summary.json").asString()).getList("scheduled_maintenances.id"))
                .containsExactly(upcoming);
        // The page itself shows what is coming, not what is done.
        Document page = Jsoup.parse(get("/status/" + slug).asString());
        assertThat(page.text()).contains("Next upgrade").doesNotContain("Database upgrade");
        assertThat(page.selectFirst("footer a").attr("href")).isEqualTo("/status/" + slug + "/history");
    }

    @Test
    void maintenanceAndIncidentsPageTogether() {
        String api = fixture.check("API");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String slug = fixture.page(slug(), "Paged", List.of(component("API", api, null)));
        for (int i = 1; i <= 20; i++) {
            fixture.incident(api, "Outage #" + i, "Fixed #" + i, true);
        }
        // Older than every incident: it falls onto the second page.
        window("Old window", "checkIds", api, now.minus(3, ChronoUnit.DAYS), now.minus(3, ChronoUnit.DAYS).plus(30, ChronoUnit.MINUTES));
        Document first = Jsoup.parse(awaitBody("/status/" + slug + "/history", "a second page",
                html -> Jsoup.parse(html).selectFirst("a[rel=next]") != null));
        assertThat(first.select("main article")).hasSize(20);
        assertThat(first.select("article.maint-card")).isEmpty();
        Document second = Jsoup.parse(get(first.selectFirst("a[rel=next]").attr("href")).asString());
        assertThat(second.select("main article h3").eachText()).containsExactly("Old window");
        assertThat(second.selectFirst("a[rel=next]")).isNull();
    }
}

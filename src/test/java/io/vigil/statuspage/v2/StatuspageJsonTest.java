package io.vigil.statuspage.v2;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.statuspage.PublicPageFixture;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Receiver;
import io.vigil.testing.Tenants;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.vigil.statuspage.PublicPageFixture.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** The Statuspage v2 documents against Statuspage's published field set, in an all-up and an outage state. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class StatuspageJsonTest {

    static final Set<String> PAGE = Set.of("id", "name", "url", "time_zone", "updated_at");
    static final Set<String> COMPONENT = Set.of("id", "name", "status", "created_at", "updated_at", "position", "description",
            "showcase", "start_date", "group_id", "page_id", "group", "only_show_if_degraded");
    static final Set<String> INCIDENT = Set.of("id", "name", "status", "created_at", "updated_at", "monitoring_at",
            "resolved_at", "impact", "shortlink", "started_at", "page_id", "incident_updates", "components");
    static final Set<String> UPDATE = Set.of("id", "status", "body", "incident_id", "created_at", "updated_at", "display_at",
            "affected_components", "deliver_notifications", "custom_tweet", "tweet_id");
    static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)";
    static final Set<String> COMPONENT_STATUSES = Set.of("operational", "degraded_performance", "partial_outage",
            "major_outage", "under_maintenance");

    @Inject
    Pool pool;
    Receiver api;
    Receiver web;
    PublicPageFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new PublicPageFixture(Tenants.workspaceWithToken(pool));
        api = new Receiver();
        web = new Receiver();
    }

    @AfterEach
    void tearDown() {
        api.close();
        web.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void publishedFieldsInEveryState() {
        String apiCheck = fixture.check("API", api);
        String webCheck = fixture.check("Web", web);
        String docsCheck = fixture.check("Docs", web);
        String slug = PublicPageFixture.slug();
        String pageId = fixture.page(slug, "Shop", null, List.of(component("API", apiCheck, "Backend"),
                component("Website", webCheck, null), component("Docs", docsCheck, "Backend")));
        String base = "/status/" + slug + "/api/v2/";
        List.of(apiCheck, webCheck, docsCheck).forEach(c -> fixture.awaitStatus(c, "up"));

        // All up.
        PublicPageFixture.awaitBody(base + "status.json", "indicator none", b -> "none".equals(JsonPath.from(b).getString("status.indicator")));
        JsonPath status = JsonPath.from(RestAssured.get(base + "status.json").then().statusCode(200)
                .contentType(startsWith("application/json")).extract().asString());
        assertThat(status.getMap("$").keySet()).containsExactlyInAnyOrder("page", "status");
        assertPage(status, pageId, slug);
        assertThat(status.getString("status.description")).isEqualTo("All Systems Operational");

        JsonPath summary = JsonPath.from(PublicPageFixture.awaitBody(base + "summary.json", "all operational",
                b -> JsonPath.from(b).getList("components.status").stream().allMatch("operational"::equals)));
        assertThat(summary.getMap("$").keySet()).containsExactlyInAnyOrder("page", "components", "incidents",
                "scheduled_maintenances", "status");
        assertPage(summary, pageId, slug);
        assertThat(summary.getString("status.indicator")).isEqualTo("none");
        assertThat(summary.getList("incidents")).isEmpty();
        assertThat(summary.getList("scheduled_maintenances")).isEmpty();
        assertComponents(summary, pageId);
        // Groups as Statuspage has them: the group first, then its members naming it.
        List<Map<String, Object>> components = summary.getList("components");
        assertThat(components).extracting(c -> c.get("name")).containsExactly("Backend", "API", "Docs", "Website");
        Map<String, Object> group = components.get(0);
        assertThat(group.get("group")).isEqualTo(true);
        assertThat(group.keySet()).containsAll(COMPONENT).contains("components");
        assertThat((List<Object>) group.get("components")).containsExactly(components.get(1).get("id"), components.get(2).get("id"));
        assertThat(components.get(1).get("group_id")).isEqualTo(group.get("id"));
        assertThat(components.get(3).get("group_id")).isNull();
        assertThat(components).extracting(c -> c.get("position")).containsExactly(1, 1, 2, 2);
        assertThat(JsonPath.from(RestAssured.get(base + "components.json").asString()).getMap("$").keySet())
                .containsExactlyInAnyOrder("page", "components");
        assertThat(JsonPath.from(RestAssured.get(base + "scheduled-maintenances.json").then().statusCode(200).extract().asString())
                .getList("scheduled_maintenances")).isEmpty();
        RestAssured.get(base + "scheduled-maintenances/upcoming.json").then().statusCode(200).body("page.id", equalTo(pageId));
        RestAssured.get(base + "scheduled-maintenances/active.json").then().statusCode(200).body("page.id", equalTo(pageId));

        // One of three down: major; its automatic incident is unresolved. A manual incident, resolved, is only in incidents.json.
        String manual = fixture.incident("Slow checkout", "Looking into it");
        fixture.update(manual, "monitoring", "A fix is out");
        fixture.update(manual, "resolved", "All good");
        api.targetStatus.set(500);
        fixture.awaitStatus(apiCheck, "down");
        JsonPath major = JsonPath.from(PublicPageFixture.awaitBody(base + "summary.json", "major",
                b -> "major".equals(JsonPath.from(b).getString("status.indicator")) && !JsonPath.from(b).getList("incidents").isEmpty()));
        assertThat(major.getString("status.description")).isEqualTo("Major Outage");
        assertThat(major.getList("components.findAll { it.name == 'API' }.status")).containsExactly("major_outage");
        assertThat(major.getList("components.findAll { it.name == 'Backend' }.status")).containsExactly("major_outage");
        assertComponents(major, pageId);
        assertIncidents(major.getList("incidents"), pageId, slug);
        assertThat(major.getList("incidents.status")).doesNotContain("resolved");
        assertThat(major.getList("incidents[0].components.name")).containsExactly("API");

        JsonPath unresolved = JsonPath.from(PublicPageFixture.awaitBody(base + "incidents/unresolved.json", "open incident",
                b -> !JsonPath.from(b).getList("incidents").isEmpty()));
        assertThat(unresolved.getMap("$").keySet()).containsExactlyInAnyOrder("page", "incidents");
        assertThat(unresolved.getList("incidents.resolved_at")).containsOnlyNulls();
        assertThat(unresolved.getList("incidents.id")).doesNotContain(manual);

        JsonPath all = JsonPath.from(RestAssured.get(base + "incidents.json").then().statusCode(200).extract().asString());
        assertIncidents(all.getList("incidents"), pageId, slug);
        assertThat(all.getList("incidents.id")).contains(manual).containsAll(unresolved.getList("incidents.id"));
        Map<String, Object> resolved = all.getMap("incidents.find { it.id == '" + manual + "' }");
        assertThat(resolved.get("status")).isEqualTo("resolved");
        assertThat((String) resolved.get("resolved_at")).matches(TIMESTAMP);
        assertThat((String) resolved.get("monitoring_at")).matches(TIMESTAMP);
        assertThat((List<?>) resolved.get("components")).isEmpty();
        assertThat(all.getList("incidents.find { it.id == '" + manual + "' }.incident_updates.body"))
                .containsExactly("All good", "A fix is out", "Looking into it");

        // Two more down: all three, critical.
        web.targetStatus.set(500);
        JsonPath critical = JsonPath.from(PublicPageFixture.awaitBody(base + "status.json", "critical",
                b -> "critical".equals(JsonPath.from(b).getString("status.indicator"))));
        assertThat(critical.getString("status.description")).isEqualTo("Major System Outage");
    }

    @Test
    void cachingUnknownAndProtectedPages() {
        String check = fixture.check("API", api);
        String slug = PublicPageFixture.slug();
        fixture.page(slug, "Shop", null, List.of(component("API", check, null)));
        String path = "/status/" + slug + "/api/v2/summary.json";
        var first = RestAssured.get(path).then().statusCode(200).extract();
        String etag = first.header("ETag");
        assertThat(etag).isNotBlank();
        assertThat(first.header("Cache-Control")).contains("max-age");
        assertThat(first.header("Last-Modified")).isNotBlank();
        etag = io.vigil.testing.Conditional.assertRevalidates(path);
        // Each document has its own tag.
        assertThat(RestAssured.get("/status/" + slug + "/api/v2/status.json").header("ETag")).isNotEqualTo(etag);

        RestAssured.get("/status/no-such-page/api/v2/summary.json").then().statusCode(404)
                .contentType(startsWith("application/problem+json")).body("status", equalTo(404));
        RestAssured.get("/status/no-such-page/api/v2/incidents/unresolved.json").then().statusCode(404);

        String locked = PublicPageFixture.slug();
        fixture.page(locked, "Internal", "let-me-in-please", List.of(component("Secret database", check, null)));
        for (String doc : List.of("summary.json", "status.json", "components.json", "incidents.json", "incidents/unresolved.json",
                "scheduled-maintenances.json")) {
            String body = RestAssured.get("/status/" + locked + "/api/v2/" + doc).then().statusCode(401)
                    .contentType(startsWith("application/problem+json")).extract().asString();
            assertThat(body).doesNotContain("Secret database").doesNotContain(check);
        }
    }

    private static void assertPage(JsonPath doc, String pageId, String slug) {
        Map<String, Object> page = doc.getMap("page");
        assertThat(page.keySet()).containsExactlyInAnyOrderElementsOf(PAGE);
        assertThat(page.get("id")).isEqualTo(pageId);
        assertThat(page.get("name")).isEqualTo("Shop");
        assertThat((String) page.get("url")).endsWith("/status/" + slug);
        assertThat(page.get("time_zone")).isEqualTo("Etc/UTC");
        assertThat((String) page.get("updated_at")).matches(TIMESTAMP);
    }

    private static void assertComponents(JsonPath doc, String pageId) {
        List<Map<String, Object>> components = doc.getList("components");
        assertThat(components).isNotEmpty();
        for (Map<String, Object> c : components) {
            assertThat(c.keySet()).containsAll(COMPONENT);
            assertThat(c.get("id")).isInstanceOf(String.class);
            assertThat(c.get("name")).isInstanceOf(String.class);
            assertThat(COMPONENT_STATUSES).contains((String) c.get("status"));
            assertThat((String) c.get("created_at")).matches(TIMESTAMP);
            assertThat((String) c.get("updated_at")).matches(TIMESTAMP);
            assertThat(java.time.OffsetDateTime.parse((String) c.get("created_at")))
                    .isBeforeOrEqualTo(java.time.OffsetDateTime.parse((String) c.get("updated_at")));
            assertThat(c.get("position")).isInstanceOf(Integer.class);
            assertThat(c.get("showcase")).isInstanceOf(Boolean.class);
            assertThat(c.get("group")).isInstanceOf(Boolean.class);
            assertThat(c.get("only_show_if_degraded")).isEqualTo(false);
            assertThat(c.get("page_id")).isEqualTo(pageId);
            if (!(Boolean) c.get("group")) {
                assertThat(c.keySet()).containsExactlyInAnyOrderElementsOf(COMPONENT);
                assertThat(c.get("start_date") == null || ((String) c.get("start_date")).matches("\\d{4}-\\d\\d-\\d\\d")).isTrue();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertIncidents(List<Map<String, Object>> incidents, String pageId, String slug) {
        assertThat(incidents).isNotEmpty();
        for (Map<String, Object> i : incidents) {
            assertThat(i.keySet()).containsExactlyInAnyOrderElementsOf(INCIDENT);
            assertThat(Set.of("investigating", "identified", "monitoring", "resolved", "postmortem")).contains((String) i.get("status"));
            assertThat(Set.of("none", "minor", "major", "critical")).contains((String) i.get("impact"));
            assertThat((String) i.get("created_at")).matches(TIMESTAMP);
            assertThat((String) i.get("updated_at")).matches(TIMESTAMP);
            assertThat((String) i.get("started_at")).matches(TIMESTAMP);
            assertThat(i.get("page_id")).isEqualTo(pageId);
            assertThat((String) i.get("shortlink")).endsWith("/status/" + slug + "/incidents/" + i.get("id"));
            // every incident tells how it began: its oldest update dates from its start
            List<Map<String, Object>> updates = (List<Map<String, Object>>) i.get("incident_updates");
            assertThat(updates).as("updates of %s", i.get("name")).isNotEmpty();
            assertThat(updates.get(updates.size() - 1).get("created_at")).isEqualTo(i.get("started_at"));
            for (Map<String, Object> c : (List<Map<String, Object>>) i.get("components")) {
                assertThat(c.keySet()).containsExactlyInAnyOrderElementsOf(COMPONENT);
            }
            for (Map<String, Object> u : (List<Map<String, Object>>) i.get("incident_updates")) {
                assertThat(u.keySet()).containsExactlyInAnyOrderElementsOf(UPDATE);
                assertThat(u.get("incident_id")).isEqualTo(i.get("id"));
                assertThat((String) u.get("display_at")).matches(TIMESTAMP);
                assertThat(u.get("body")).isInstanceOf(String.class);
                assertThat(u.get("deliver_notifications")).isInstanceOf(Boolean.class);
            }
        }
    }
}

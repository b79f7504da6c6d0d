package io.vigil.console;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.result.ResultPartitions;
import io.vigil.testing.Api;
import io.vigil.testing.FormBrowser;
import io.vigil.testing.People;
import io.vigil.testing.People.Person;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.TrustForwarded;
import jakarta.inject.Inject;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The console's pages over real HTTP against the real app and PostgreSQL: the door (sessions, workspaces, roles, CSRF
 * and Origin), the overview's counts, filters and bulk actions, a check's page, all read back through the API.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(TrustForwarded.class)
class ConsolePagesTest {

    @Inject
    Pool pool;
    @Inject
    ResultPartitions partitions;

    /** A person who owns a fresh workspace with three checks (two tagged prod), signed in and looking at it. */
    private record Team(Person owner, String token, String slug, FormBrowser browser, List<String> checks) {
    }

    private static FormBrowser browser() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new FormBrowser(String.format("2001:db8:c0:%x::%x", r.nextInt(0xffff), r.nextInt(0xffff) + 1));
    }

    private Team team() {
        Person owner = People.user(pool);
        People.join(pool, owner, "default", "viewer");
        String slug = People.slug("console");
        People.workspace(People.token(owner.email(), People.PASSWORD, "default"), slug);
        String token = People.token(owner.email(), People.PASSWORD, slug);
        List<String> ids = List.of(check(token, "Shop API", List.of("prod", "api")), check(token, "Shop web", List.of("prod")),
                check(token, "Staging blog", List.of("staging")));
        FormBrowser b = browser();
        b.login(owner.email(), People.PASSWORD).then().statusCode(303);
        switchTo(b, slug).then().statusCode(303).header("Location", equalTo("/console"));
        return new Team(owner, token, slug, b, ids);
    }

    private static String check(String token, String name, List<String> tags) {
        return Api.as(token).body(Map.of("name", name, "type", "http", "url", "http://127.0.0.1:9/" + name.replace(' ', '-'),
                        "tags", tags, "intervalSeconds", 300))
                .post("/api/v1/checks").then().statusCode(201).extract().path("id");
    }

    private static Response switchTo(FormBrowser b, String slug) {
        Document page = Jsoup.parse(b.get("/console").asString());
        String csrf = page.selectFirst("form[action=/console/workspace] input[name=csrf]").attr("value");
        Response r = b.post("/console/workspace", Map.of("workspace", slug, "csrf", csrf));
        String cookie = r.getCookie(Desks.WORKSPACE_COOKIE);
        if (cookie != null) {
            b.cookie(Desks.WORKSPACE_COOKIE, cookie);
        }
        return r;
    }

    private static Document page(FormBrowser b, String path) {
        Response r = b.get(path);
        r.then().statusCode(200).contentType(containsString("text/html"));
        return Jsoup.parse(r.asString());
    }

    @Test
    void theStartPageLeadsToTheConsoleWhichNeedsASignIn() {
        RestAssured.given().redirects().follow(false).get("/").then().statusCode(303).header("Location", equalTo("/console"));
        browser().get("/console").then().statusCode(303).header("Location", equalTo("/login?next=%2Fconsole"));
        String id = UUID.randomUUID().toString();
        browser().get("/console/checks/" + id).then().statusCode(303)
                .header("Location", equalTo("/login?next=%2Fconsole%2Fchecks%2F" + id));
    }

    @Test
    void theOverviewShowsThisWorkspacesChecksWithCountsAndFilters() {
        Team t = team();
        Team other = team();
        Response r = t.browser().get("/console");
        r.then().statusCode(200).header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
        Document all = Jsoup.parse(r.asString());
        assertThat(all.select("table.checks tbody tr")).hasSize(3);
        assertThat(all.select("table.checks tbody th a").eachText()).containsExactlyInAnyOrder("Shop API", "Shop web", "Staging blog");
        assertThat(all.getElementById("check-" + other.checks().get(0))).as("another workspace's check").isNull();
        assertThat(all.select("#count-pending .n").text()).isEqualTo("3");
        assertThat(all.select("#count-paused .n").text()).isEqualTo("0");
        assertThat(all.getElementById("matching").text()).startsWith("3 of 3");
        assertThat(all.select("[style]")).as("no inline styles under the CSP").isEmpty();
        assertThat(all.select("script:not([src])")).as("no inline scripts").isEmpty();

        assertThat(page(t.browser(), "/console?tag=prod").select("table.checks tbody tr")).hasSize(2);
        assertThat(page(t.browser(), "/console?q=BLOG").select("table.checks tbody th a").eachText()).containsExactly("Staging blog");
        assertThat(page(t.browser(), "/console?q=shop-api").select("table.checks tbody th a").eachText()).containsExactly("Shop API");
        assertThat(page(t.browser(), "/console?sort=name").select("table.checks tbody th a").eachText())
                .containsExactly("Shop API", "Shop web", "Staging blog");
        assertThat(page(t.browser(), "/console?state=down").getElementById("no-checks").text()).contains("No check matches");
        // nonsense in the query string: ignored, never a 500
        assertThat(page(t.browser(), "/console?state=sideways&sort=%00&page=-4&region=x%27").getElementById("matching").text())
                .startsWith("0 of 3");
        assertThat(page(t.browser(), "/console?state=sideways&page=zz").select("table.checks tbody tr")).hasSize(3);
    }

    @Test
    void bulkPauseChangesTheSelectedChecksThroughTheApiRulesAndIsAudited() {
        Team t = team();
        Team other = team();
        Document page = page(t.browser(), "/console");
        String csrf = page.selectFirst("form#bulk input[name=csrf]").attr("value");
        Response done = t.browser().request().header("Origin", "http://localhost:" + RestAssured.port)
                .contentType("application/x-www-form-urlencoded")
                .formParam("csrf", csrf).formParam("action", "pause")
                .formParam("id", t.checks().get(0)).formParam("id", t.checks().get(1)).formParam("id", other.checks().get(0))
                .formParam("id", "not-a-uuid")
                .post("/console/checks/bulk");
        done.then().statusCode(303).header("Location", equalTo("/console?notice=paused&n=2"));
        Api.as(t.token()).get("/api/v1/checks/" + t.checks().get(0)).then().body("status", equalTo("paused"));
        Api.as(t.token()).get("/api/v1/checks/" + t.checks().get(1)).then().body("status", equalTo("paused"));
        Api.as(t.token()).get("/api/v1/checks/" + t.checks().get(2)).then().body("status", equalTo("pending"));
        Api.as(other.token()).get("/api/v1/checks/" + other.checks().get(0)).then().body("status", equalTo("pending"));
        Document after = page(t.browser(), "/console?notice=paused&n=2");
        assertThat(after.getElementById("notice").text()).isEqualTo("Paused 2 checks.");
        assertThat(after.select("#count-paused .n").text()).isEqualTo("2");
        assertThat(page(t.browser(), "/console?state=paused").select("table.checks tbody tr")).hasSize(2);
        Api.as(t.token()).queryParam("action", "check.paused").get("/api/v1/audit").then().statusCode(200)
                .body("items.size()", equalTo(2)).body("items[0].actor.type", equalTo("user"))
                .body("items[0].actor.id", equalTo(t.owner().id().toString()));
    }

    @Test
    void aViewerSeesNoEditControlsAndAForgedPostIsRefused() {
        Team t = team();
        Person viewer = People.user(pool);
        People.join(pool, viewer, t.slug(), "viewer");
        FormBrowser b = browser();
        b.login(viewer.email(), People.PASSWORD).then().statusCode(303);
        Document page = page(b, "/console");
        assertThat(page.getElementById("my-role").text()).isEqualTo("viewer");
        assertThat(page.select("table.checks tbody tr")).hasSize(3);
        assertThat(page.select("input[type=checkbox], .bulk button")).isEmpty();
        Document detail = page(b, "/console/checks/" + t.checks().get(0));
        assertThat(detail.select("#pause, #resume")).isEmpty();
        String csrf = page.selectFirst("form#bulk input[name=csrf]").attr("value");
        b.request().header("Origin", "http://localhost:" + RestAssured.port).contentType("application/x-www-form-urlencoded")
                .formParam("csrf", csrf).formParam("action", "pause").formParam("id", t.checks().get(0))
                .post("/console/checks/bulk").then().statusCode(403);
        b.post("/console/checks/" + t.checks().get(0) + "/pause", Map.of("csrf", csrf)).then().statusCode(403);
        Api.as(t.token()).get("/api/v1/checks/" + t.checks().get(0)).then().body("status", equalTo("pending"));
    }

    @Test
    void formsWithoutTheirTokenOrFromAnotherSiteAreRefused() {
        Team t = team();
        String id = t.checks().get(0);
        t.browser().post("/console/checks/" + id + "/pause", Map.of()).then().statusCode(403);
        t.browser().post("/console/checks/" + id + "/pause", Map.of("csrf", "forged")).then().statusCode(403);
        String csrf = page(t.browser(), "/console/checks/" + id).selectFirst("form[action$=/pause] input[name=csrf]").attr("value");
        t.browser().request().header("Origin", "https://evil.example").contentType("application/x-www-form-urlencoded")
                .formParam("csrf", csrf).post("/console/checks/" + id + "/pause").then().statusCode(403);
        t.browser().post("/console/checks/bulk", Map.of("csrf", csrf, "action", "explode", "id", id)).then().statusCode(400);
        t.browser().post("/console/checks/bulk", Map.of("csrf", csrf, "action", "pause")).then().statusCode(400);
        Api.as(t.token()).get("/api/v1/checks/" + id).then().body("status", equalTo("pending"));
        // with its token, from this site: done
        t.browser().post("/console/checks/" + id + "/pause", Map.of("csrf", csrf)).then().statusCode(303)
                .header("Location", equalTo("/console/checks/" + id));
        Api.as(t.token()).get("/api/v1/checks/" + id).then().body("status", equalTo("paused"));
    }

    @Test
    void aChecksPageOpensInItsWorkspaceAndIsHiddenFromOthers() {
        Team t = team();
        Team other = team();
        String id = t.checks().get(0);
        partitions.ensureFor(List.of(Instant.now())).await().indefinitely();
        pool.preparedQuery("""
                        INSERT INTO check_results (check_id, workspace_id, region, scheduled_at, started_at, outcome, status_code,
                                                   latency_ms, error_class, error_message, dns_ms, connect_ms, first_byte_ms,
                                                   total_ms, assertions)
                        SELECT id, workspace_id, 'local', now() - interval '1 minute', now() - interval '1 minute', 'down', 500, 42,
                               'assertion', 'HTTP 500', 1, 2, 40, 42,
                               '[{"condition":"status == 200","passed":false,"actual":"500"}]'::jsonb
                        FROM checks WHERE id = $1""")
                .execute(Tuple.of(UUID.fromString(id))).await().indefinitely();
        Document page = page(t.browser(), "/console/checks/" + id);
        assertThat(page.getElementById("h-check").text()).isEqualTo("Shop API");
        assertThat(page.getElementById("check-state").text()).isEqualTo("pending");
        assertThat(page.select("table.results tbody tr")).hasSize(1);
        assertThat(page.select("table.results tbody tr").text()).contains("down").contains("500").contains("42 ms")
                .contains("status == 200").contains("1 / 2 / – / 40");
        other.browser().get("/console/checks/" + id).then().statusCode(404);
        other.browser().get("/console/checks/" + UUID.randomUUID()).then().statusCode(404);
        other.browser().get("/console/checks/not-a-uuid").then().statusCode(404);
        // a link into another of one's own workspaces opens it there
        FormBrowser elsewhere = browser();
        elsewhere.login(t.owner().email(), People.PASSWORD).then().statusCode(303);
        elsewhere.get("/console/checks/" + id).then().statusCode(200).body(containsString("Shop API"));
    }

    @Test
    void pastedUrlsBecomeOneCheckEachOrNothingIsCreated() {
        Team t = team();
        Document form = page(t.browser(), "/console/checks/paste");
        String csrf = form.selectFirst("form[action=/console/checks/paste] input[name=csrf]").attr("value");
        // one bad line: nothing is created, the form comes back with the line and why
        Document refused = Jsoup.parse(t.browser().post("/console/checks/paste", Map.of("csrf", csrf,
                        "urls", "http://127.0.0.1:9/a\nftp://127.0.0.1/b\n\n# skipped\nhttp://127.0.0.1:9/c", "tags", "pasted", "interval", "120"))
                .then().statusCode(400).extract().asString());
        assertThat(refused.getElementById("refused").text()).contains("Line 2").contains("ftp://127.0.0.1/b");
        assertThat(refused.getElementById("urls").attr("aria-invalid")).isEqualTo("true");
        assertThat(refused.getElementById("urls").text()).contains("http://127.0.0.1:9/c");
        Api.as(t.token()).get("/api/v1/checks").then().body("items.size()", equalTo(3));
        t.browser().post("/console/checks/paste", Map.of("csrf", csrf, "urls", "  ")).then().statusCode(400);
        t.browser().post("/console/checks/paste", Map.of("csrf", csrf, "urls", "http://127.0.0.1:9/a", "interval", "often"))
                .then().statusCode(400);
        // all good: one check per line, tagged, named by host and path
        t.browser().post("/console/checks/paste", Map.of("csrf", csrf, "urls", "http://127.0.0.1:9/a\r\nhttp://127.0.0.1:9/c\n",
                        "tags", "pasted, bulk", "interval", "120")).then().statusCode(303)
                .header("Location", equalTo("/console?notice=created&n=2"));
        Document list = page(t.browser(), "/console?tag=pasted");
        assertThat(list.select("table.checks tbody th a").eachText()).containsExactlyInAnyOrder("127.0.0.1/a", "127.0.0.1/c");
        Api.as(t.token()).queryParam("limit", 10).get("/api/v1/checks").then().body("items.size()", equalTo(5))
                .body("items[0].intervalSeconds", equalTo(120)).body("items[0].tags", org.hamcrest.Matchers.hasItems("pasted", "bulk"));
        // a viewer gets neither the form nor the action
        Person viewer = People.user(pool);
        People.join(pool, viewer, t.slug(), "viewer");
        FormBrowser b = browser();
        b.login(viewer.email(), People.PASSWORD).then().statusCode(303);
        b.get("/console/checks/paste").then().statusCode(403);
        assertThat(page(b, "/console").getElementById("paste-link")).isNull();
    }

    @Test
    void anIncidentOpenedAndUpdatedInTheConsoleShowsOnTheStatusPage() {
        Team t = team();
        String page = People.slug("console-status");
        Api.as(t.token()).body(Map.of("slug", page, "title", "Shop status", "public", true,
                "components", List.of(Map.of("name", "Shop API", "checkId", t.checks().get(0)))))
                .post("/api/v1/status-pages").then().statusCode(201);
        Document list = page(t.browser(), "/console/incidents");
        assertThat(list.getElementById("no-open")).isNotNull();
        String csrf = list.selectFirst("form[action=/console/incidents] input[name=csrf]").attr("value");
        // bad input: the form again with the field marked, nothing opened
        Document refused = Jsoup.parse(t.browser().post("/console/incidents", Map.of("csrf", csrf, "title", " ",
                "check", t.checks().get(0), "impact", "major")).then().statusCode(400).extract().asString());
        assertThat(refused.getElementById("title")).as(refused.body().text()).isNotNull();
        assertThat(refused.getElementById("title").attr("aria-invalid")).isEqualTo("true");
        t.browser().post("/console/incidents", Map.of("csrf", csrf, "title", "x", "check", "nope")).then().statusCode(400);
        Response opened = t.browser().post("/console/incidents", Map.of("csrf", csrf, "title", "Checkout errors",
                "check", t.checks().get(0), "impact", "major", "phase", "investigating", "message", "Looking into it"));
        opened.then().statusCode(303).header("Location", containsString("/console/incidents/"));
        String at = opened.getHeader("Location");
        Document detail = page(t.browser(), at);
        assertThat(detail.getElementById("h-incident").text()).isEqualTo("Checkout errors");
        assertThat(detail.getElementById("updates").text()).contains("Looking into it");
        String updateCsrf = detail.selectFirst("form[action$=/updates] input[name=csrf]").attr("value");
        t.browser().post(at + "/updates", Map.of("csrf", updateCsrf, "phase", "sideways", "message", "x")).then().statusCode(400);
        t.browser().post(at + "/updates", Map.of("csrf", updateCsrf, "phase", "identified", "message", "A bad deploy; rolling back"))
                .then().statusCode(303).header("Location", equalTo(at));
        assertThat(page(t.browser(), at).getElementById("incident-phase").text()).isEqualTo("identified");
        assertThat(page(t.browser(), "/console/incidents").getElementById("open-incidents").text()).contains("Checkout errors");
        io.vigil.testing.Await.until("the update on the public page", Duration.ofSeconds(15), () ->
                RestAssured.get("/status/" + page).asString().contains("A bad deploy; rolling back"));
        // another workspace sees nothing of it
        Team other = team();
        other.browser().get(at).then().statusCode(404);
        Api.as(t.token()).queryParam("action", "incident.").get("/api/v1/audit").then().body("items.size()", equalTo(2));
    }

    @Test
    void aFormActsOnlyInTheWorkspaceItWasShownIn() {
        Team t = team();
        String staleCsrf = page(t.browser(), "/console").selectFirst("form#bulk input[name=csrf]").attr("value");
        // switch to the other workspace (default) in "another tab"
        switchTo(t.browser(), "default").then().statusCode(303);
        t.browser().request().header("Origin", "http://localhost:" + RestAssured.port).contentType("application/x-www-form-urlencoded")
                .formParam("csrf", staleCsrf).formParam("action", "pause").formParam("id", t.checks().get(0))
                .post("/console/checks/bulk").then().statusCode(403);
        Api.as(t.token()).get("/api/v1/checks/" + t.checks().get(0)).then().body("status", equalTo("pending"));
        // a check's page opens in the check's own workspace, and so do its buttons
        Document detail = page(t.browser(), "/console/checks/" + t.checks().get(0));
        assertThat(detail.getElementById("workspace-name") == null
                ? detail.selectFirst("#ws-switch option[selected]").text() : detail.getElementById("workspace-name").text())
                .isEqualTo("Workspace " + t.slug());
        String csrf = detail.selectFirst("form[action$=/pause] input[name=csrf]").attr("value");
        t.browser().post("/console/checks/" + t.checks().get(0) + "/pause", Map.of("csrf", csrf)).then().statusCode(303);
        Api.as(t.token()).get("/api/v1/checks/" + t.checks().get(0)).then().body("status", equalTo("paused"));
    }
}

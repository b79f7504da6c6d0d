package io.vigil.people;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.testing.Api;
import io.vigil.testing.People;
import io.vigil.testing.PostgresResource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class LimitsTest {

    private static Map<String, Object> check(String name, int interval) {
        return Map.of("name", name, "url", "https://limits.example.invalid/" + name, "intervalSeconds", interval);
    }

    private static void limits(String admin, String workspaceId, Integer maxChecks, Integer maxPages, Integer minInterval) {
        Map<String, Object> body = new HashMap<>();
        body.put("maxChecks", maxChecks);
        body.put("maxStatusPages", maxPages);
        body.put("minIntervalSeconds", minInterval);
        Api.as(admin).body(body).patch("/api/v1/admin/workspaces/" + workspaceId + "/limits").then().statusCode(200);
    }

    @Test
    void aWorkspaceAtItsCheckLimitRefusesTheNextCheck() {
        String admin = Api.adminToken();
        String slug = People.slug("limited");
        String id = People.workspace(admin, slug);
        String token = People.token(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD, slug);
        Api.as(token).body(check("one", 60)).post("/api/v1/checks").then().statusCode(201);

        limits(admin, id, 2, null, null);
        Api.as(token).body(check("two", 60)).post("/api/v1/checks").then().statusCode(201);
        Api.as(token).body(check("three", 60)).post("/api/v1/checks").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("limit maxChecks (2) reached"));
        // Other workspaces are not limited by it.
        Api.as(admin).body(check("elsewhere", 60)).post("/api/v1/checks").then().statusCode(201);

        limits(admin, id, null, null, null);
        Api.as(token).body(check("three", 60)).post("/api/v1/checks").then().statusCode(201);
    }

    @Test
    void aCheckMayNotRunMoreOftenThanTheWorkspaceAllows() {
        String admin = Api.adminToken();
        String slug = People.slug("slow");
        String id = People.workspace(admin, slug);
        String token = People.token(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD, slug);
        String existing = Api.as(token).body(check("fast", 30)).post("/api/v1/checks").then().statusCode(201)
                .extract().path("id");

        limits(admin, id, null, null, 120);
        Api.as(token).body(check("too-fast", 60)).post("/api/v1/checks").then().statusCode(400)
                .body("errors[0].field", equalTo("intervalSeconds"))
                .body("errors[0].message", containsString("minIntervalSeconds"))
                .body("errors[0].message", containsString("120"));
        Api.as(token).body(Map.of("intervalSeconds", 60)).patch("/api/v1/checks/" + existing).then().statusCode(400)
                .body("errors[0].field", equalTo("intervalSeconds"));
        Api.as(token).body(check("slow-enough", 120)).post("/api/v1/checks").then().statusCode(201);
        Api.as(token).body(Map.of("intervalSeconds", 300)).patch("/api/v1/checks/" + existing).then().statusCode(200)
                .body("intervalSeconds", equalTo(300));
    }

    @Test
    void aWorkspaceAtItsStatusPageLimitRefusesTheNextPage() {
        String admin = Api.adminToken();
        String slug = People.slug("pages");
        String id = People.workspace(admin, slug);
        String token = People.token(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD, slug);
        limits(admin, id, null, 1, null);
        Api.as(token).body(Map.of("slug", People.slug("page"), "title", "First", "components", List.of()))
                .post("/api/v1/status-pages").then().statusCode(201);
        Api.as(token).body(Map.of("slug", People.slug("page"), "title", "Second", "components", List.of()))
                .post("/api/v1/status-pages").then().statusCode(409)
                .body("detail", containsString("limit maxStatusPages (1) reached"));
    }

    @Test
    void concurrentCreatesAtTheLimitAddExactlyOne() throws Exception {
        String admin = Api.adminToken();
        String slug = People.slug("race");
        String id = People.workspace(admin, slug);
        String token = People.token(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD, slug);
        limits(admin, id, 1, null, null);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String name = "race-" + i;
                answers.add(pool.submit(() -> Api.as(token).body(check(name, 60)).post("/api/v1/checks").statusCode()));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                codes.add(answer.get(30, TimeUnit.SECONDS));
            }
            assertThat(codes).containsOnly(201, 409).containsOnlyOnce(201);
        } finally {
            pool.shutdownNow();
        }
        Api.as(token).get("/api/v1/checks").then().statusCode(200).body("items", hasSize(1));
    }
}

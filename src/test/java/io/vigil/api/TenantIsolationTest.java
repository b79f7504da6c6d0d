package io.vigil.api;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.auth.Access;
import io.vigil.testing.ApiRoutes;
import io.vigil.testing.ApiRoutes.Param;
import io.vigil.testing.ApiRoutes.Route;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.WorkspaceFixture;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every API route that names an object by id, read from the application itself ({@link ApiRoutes}), called by the owner
 * of workspace A with the ids of workspace B's objects (one of every kind, {@link WorkspaceFixture}) answers 404, and
 * B's objects read the same afterwards. Routes with two ids are also called with A's own parent and B's child. A route
 * whose kind of id the fixture cannot make fails this test. Instance-wide routes (the instance admin's, which span
 * every workspace by design) are left to {@link RoleMatrixTest}: A's owner is refused them there.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class TenantIsolationTest {

    private static final Logger LOG = Logger.getLogger(TenantIsolationTest.class);
    /**
     * Members that change by themselves: the reading token's own use, a delivery being attempted (its state and log),
     * a summary's window ending now.
     */
    private static final Set<String> VOLATILE = Set.of("lastUsedAt", "lastUsedIp", "state", "attempts", "nextAttemptAt",
            "finishedAt", "lastStatus", "lastError", "log", "disabledReason", "enabled", "to");

    /**
     * Valid bodies where {@code {}} would be refused (400) before the object is looked up: the 404 must come from the
     * lookup, not from the validation. Keyed by route; given B's fixture.
     */
    private static final Map<String, Function<WorkspaceFixture, Object>> BODIES = Map.of(
            "PUT /api/v1/checks/{id}", b -> WorkspaceFixture.check("taken over"),
            "PATCH /api/v1/checks/{id}", b -> Map.of("name", "taken over"),
            "PUT /api/v1/channels/{id}", b -> WorkspaceFixture.channel("taken over"),
            "PUT /api/v1/status-pages/{id}", b -> WorkspaceFixture.page("taken-" + UUID.randomUUID().toString().substring(0, 8)),
            "POST /api/v1/incidents/{id}/updates", b -> Map.of("phase", "resolved", "message", "taken over"),
            "PATCH /api/v1/members/{userId}", b -> Map.of("role", "owner"),
            "PATCH /api/v1/workspaces/{id}", b -> Map.of("name", "taken over"),
            "PATCH /api/v1/me/passkeys/{id}", b -> Map.of("name", "taken over"),
            "DELETE /api/v1/workspaces/{id}", b -> Map.of("confirm", b.slug));

    @Inject
    Pool pool;

    @Test
    void anotherWorkspacesIdsAreNotFoundOnEveryRoute() {
        List<Route> routes = ApiRoutes.all();
        assertThat(routes.stream().map(Route::key).toList()).as("the bodies name real routes").containsAll(BODIES.keySet());
        WorkspaceFixture a = new WorkspaceFixture(pool, "iso-a");
        WorkspaceFixture b = new WorkspaceFixture(pool, "iso-b");
        Map<String, Object> before = snapshot(routes, b);
        List<String> failures = new ArrayList<>();
        StringBuilder log = new StringBuilder("\n");
        int calls = 0;
        int routesWithIds = 0;
        for (Route route : routes) {
            List<Param> params = route.params();
            if (params.isEmpty()) {
                continue;
            }
            if (route.rule() == null) {
                failures.add(route.key() + " (" + route.javaMethod() + ") has no @Access");
                continue;
            }
            if (route.rule().scope() == Access.Scope.INSTANCE_ADMIN) {
                log.append(String.format("%-7s %-52s instance-wide, see RoleMatrixTest%n", route.method(), route.path()));
                continue;
            }
            routesWithIds++;
            List<List<String>> variants = new ArrayList<>();
            variants.add(params.stream().map(p -> b.id(p.kind())).toList());
            // Revision numbers count within their object: A's check has a revision 1 of its own, so only B's parent is tried.
            if (params.size() > 1 && !params.get(params.size() - 1).kind().equals("revisions")) {
                List<String> mixed = new ArrayList<>(params.stream().map(p -> a.id(p.kind())).toList());
                mixed.set(params.size() - 1, b.id(params.get(params.size() - 1).kind()));
                variants.add(mixed);
            }
            List<String> answers = new ArrayList<>();
            for (List<String> ids : variants) {
                Response r = call(route, a.owner(), ids, BODIES.getOrDefault(route.key(), x -> Map.of()).apply(b));
                calls++;
                answers.add(Integer.toString(r.statusCode()));
                if (r.statusCode() != 404 || !String.valueOf(r.contentType()).startsWith("application/problem+json")) {
                    failures.add(route.key() + " with " + ids + " from workspace A: expected a 404 problem, got "
                            + r.statusCode() + " " + r.asString());
                }
            }
            log.append(String.format("%-7s %-52s %s%n", route.method(), route.path(), String.join(" ", answers)));
        }
        log.append(String.format("%d routes with ids, %d calls from another workspace%n", routesWithIds, calls));
        LOG.info(log);
        assertThat(failures).as("routes that reach another workspace's objects").isEmpty();
        Map<String, Object> after = snapshot(routes, b);
        List<String> changed = before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k)))
                .map(k -> k + ": " + before.get(k) + " → " + after.get(k)).toList();
        assertThat(changed).as("B's objects, read by B after A's calls").isEmpty();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        assertThat(routesWithIds).isGreaterThan(30);
    }

    private static Response call(Route route, String token, List<String> ids, Object body) {
        RequestSpecification spec = RestAssured.given().header("Authorization", "Bearer " + token);
        if (route.hasBody()) {
            spec.contentType(route.consumes() == null ? ContentType.JSON.toString() : route.consumes()).body(body);
        }
        return spec.request(route.method(), route.fill(ids));
    }

    /**
     * What B's owner reads on every workspace GET route with B's ids (the metrics scrape aside: it is a live gauge of
     * the whole workspace, not an object), volatile members left out.
     */
    private static Map<String, Object> snapshot(List<Route> routes, WorkspaceFixture b) {
        Map<String, Object> seen = new LinkedHashMap<>();
        for (Route route : routes) {
            if (!route.method().equals("GET") || route.rule() == null || route.path().equals("/api/v1/metrics")
                    || route.rule().scope() == Access.Scope.INSTANCE_ADMIN) {
                continue;
            }
            String path = route.fill(route.params().stream().map(p -> b.id(p.kind())).toList());
            Response r = RestAssured.given().header("Authorization", "Bearer " + b.owner()).get(path);
            assertThat(r.statusCode()).as("B reads " + path).isEqualTo(200);
            seen.put(path, stable(r.jsonPath().get("$")));
        }
        return seen;
    }

    private static Object stable(Object json) {
        if (json instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (!VOLATILE.contains(k.toString())) {
                    out.put(k.toString(), stable(v));
                }
            });
            return out;
        }
        if (json instanceof List<?> list) {
            return list.stream().map(TenantIsolationTest::stable).toList();
        }
        return json;
    }
}

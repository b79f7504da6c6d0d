package io.vigil.api;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.auth.Access;
import io.vigil.auth.Role;
import io.vigil.testing.Api;
import io.vigil.testing.ApiRoutes;
import io.vigil.testing.ApiRoutes.Param;
import io.vigil.testing.ApiRoutes.Route;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.WorkspaceFixture;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every API route, read from the application itself ({@link ApiRoutes}), called by a member of each role of one
 * workspace (and the instance admin, for instance-wide routes) with the ids of real objects ({@link WorkspaceFixture}):
 * a caller below the route's {@code @Access} gets a 403 problem, one at or above it anything but 401, 403 or 5xx. A
 * route without {@code @Access} fails this test. The matrix is printed to the test log.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class RoleMatrixTest {

    private static final Logger LOG = Logger.getLogger(RoleMatrixTest.class);
    private static final List<Role> ROLES = List.of(Role.VIEWER, Role.EDITOR, Role.ADMIN, Role.OWNER);
    private static final String INSTANCE_ADMIN = "instance-admin";

    /**
     * Where a service asks for more than the route's declared rule, for the objects this test calls it on: a workspace
     * route names the workspace by id, so whether the caller may change it is decided there (admin to rename, owner to
     * delete); anyone may leave a workspace, but removing another member takes an admin. Each key must be a real route.
     */
    static final Map<String, Role> REFINED = Map.of(
            "PATCH /api/v1/workspaces/{id}", Role.ADMIN,
            "DELETE /api/v1/workspaces/{id}", Role.OWNER,
            "DELETE /api/v1/members/{userId}", Role.ADMIN);

    @Inject
    Pool pool;

    /** A caller of the matrix: a workspace role, or the instance admin ({@code role} null). */
    private record Caller(String name, Role role, String token) {
    }

    @Test
    void everyRouteAnswersEachRoleAsItsAccessRuleSays() {
        List<Route> routes = ApiRoutes.all();
        assertThat(routes.stream().map(Route::key).toList()).as("the refinements name real routes").containsAll(REFINED.keySet());
        long start = System.nanoTime();
        WorkspaceFixture w = new WorkspaceFixture(pool, "matrix");
        long made = System.nanoTime();
        String instanceAdmin = Api.adminToken();
        List<String> failures = new ArrayList<>();
        StringBuilder matrix = new StringBuilder(String.format("%n%-7s %-52s %-14s %-7s %-7s %-7s %-7s %s%n",
                "method", "path", "rule", "viewer", "editor", "admin", "owner", INSTANCE_ADMIN));
        int calls = 0;
        for (Route route : ordered(routes)) {
            if (route.rule() == null) {
                failures.add(route.key() + " (" + route.javaMethod() + ") has no @Access");
                matrix.append(String.format("%-7s %-52s %s%n", route.method(), route.path(), "NO @Access"));
                continue;
            }
            List<Caller> callers = new ArrayList<>();
            ROLES.forEach(r -> callers.add(new Caller(r.wire(), r, w.tokens.get(r))));
            if (route.rule().scope() == Access.Scope.INSTANCE_ADMIN) {
                callers.add(new Caller(INSTANCE_ADMIN, null, instanceAdmin));
            }
            List<String> cells = new ArrayList<>();
            for (Caller caller : callers) {
                boolean allowed = allowed(route, caller);
                Response r = call(route, caller.token(), ids(route, w, caller, allowed));
                calls++;
                String problem = verdict(route, allowed, r);
                if (problem != null) {
                    failures.add(route.key() + " as " + caller.name() + ": " + problem + " — " + r.asString());
                }
                cells.add(r.statusCode() + (problem == null ? (allowed ? "" : "·") : "!"));
            }
            String rule = route.rule() + (REFINED.containsKey(route.key()) ? "→" + REFINED.get(route.key()).wire() : "");
            matrix.append(String.format("%-7s %-52s %-14s", route.method(), route.path(), rule));
            cells.forEach(c -> matrix.append(String.format(" %-7s", c)));
            matrix.append('\n');
        }
        matrix.append(String.format("%d routes, %d calls in %d ms, fixture made in %d ms (· = refused as expected, ! = wrong answer)%n",
                routes.size(), calls, (System.nanoTime() - made) / 1_000_000, (made - start) / 1_000_000));
        LOG.info(matrix);
        assertThat(routes).as("the route list").hasSizeGreaterThan(40);
        assertThat(failures).as("routes answering a role against their rule").isEmpty();
    }

    /**
     * The list this test walks is the one the server serves: every operation of the OpenAPI document under /api/ (built
     * from the same resources by the framework) is one of the routes read from the classes, and the other way round.
     */
    @Test
    void theRouteListIsTheOneTheServerServes() {
        Map<String, Map<String, Object>> paths = RestAssured.given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().path("paths");
        Set<String> served = new TreeSet<>();
        paths.forEach((path, ops) -> {
            if (path.startsWith("/api/")) {
                ops.keySet().stream().filter(op -> !op.equals("parameters"))
                        .forEach(op -> served.add(op.toUpperCase() + " " + path));
            }
        });
        assertThat(new TreeSet<>(ApiRoutes.all().stream().map(Route::key).toList())).isEqualTo(served);
    }

    /** Destructive calls last (deepest paths first), so what they remove cannot change the answers of the others. */
    private static List<Route> ordered(List<Route> routes) {
        return routes.stream().sorted(Comparator.comparing((Route r) -> r.method().equals("DELETE"))
                .thenComparing(r -> r.method().equals("DELETE") ? -r.path().length() : 0)).toList();
    }

    private static boolean allowed(Route route, Caller caller) {
        Role refined = REFINED.get(route.key());
        return switch (route.rule().scope()) {
            case INSTANCE_ADMIN -> caller.role() == null;
            case PERSONAL -> refined == null || caller.role().atLeast(refined);
            case WORKSPACE -> caller.role().atLeast(refined == null ? route.rule().role() : refined);
        };
    }

    /**
     * The fixture's objects; a call that may delete its object gets a new one (a token: the caller's own), so each role
     * deletes something real and the fixture stays whole. A workspace is never replaced: its delete is sent without the
     * slug typed back, and is refused before it removes anything.
     */
    private static List<String> ids(Route route, WorkspaceFixture w, Caller caller, boolean allowed) {
        List<Param> params = route.params();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            String kind = params.get(i).kind();
            boolean fresh = allowed && route.method().equals("DELETE") && i == params.size() - 1;
            values.add(fresh ? w.make(kind, caller.token()) : w.id(kind));
        }
        return values;
    }

    static Response call(Route route, String token, List<String> ids) {
        RequestSpecification spec = RestAssured.given().header("Authorization", "Bearer " + token);
        if (route.hasBody()) {
            spec.contentType(route.consumes() == null ? ContentType.JSON.toString() : route.consumes()).body("{}");
        }
        return spec.request(route.method(), route.fill(ids));
    }

    /** What is wrong with the answer, or null. */
    private static String verdict(Route route, boolean allowed, Response r) {
        int status = r.statusCode();
        if (!allowed) {
            if (status != 403) {
                return "expected 403 (below " + route.rule() + "), got " + status;
            }
            String type = r.contentType();
            return type != null && type.startsWith("application/problem+json") ? null : "a 403 that is not problem+json: " + type;
        }
        if (status == 401 || status == 403 || status >= 500) {
            return "expected an allowed call, got " + status;
        }
        return null;
    }
}

package io.vigil.region;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.testing.Api;
import io.vigil.testing.Await;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Tenants;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/** Regions, agent tokens and the agent protocol, with the test acting as the agents over real HTTP. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class AgentProtocolTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    String token;
    @Inject
    Pool pool;

    @BeforeEach
    void token() {
        token = Api.adminToken();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String region(String name) {
        Api.as(token).body(Map.of("name", name, "displayName", "Region " + name)).post("/api/v1/regions").then().statusCode(201);
        return Api.as(token).post("/api/v1/regions/" + name + "/tokens").then().statusCode(201)
                .body("token", startsWith("vga_")).extract().path("token");
    }

    private static RequestSpecification agent(String agentToken) {
        return RestAssured.given().header("Authorization", "Bearer " + agentToken).contentType(ContentType.JSON);
    }

    private String check(List<String> regions, int failureThreshold) {
        return Api.as(token).body(Map.of("name", "multi", "url", "https://multi.example.invalid/", "intervalSeconds", 1,
                        "timeoutMs", 500, "regions", regions, "failureThreshold", failureThreshold))
                .post("/api/v1/checks").then().statusCode(201).extract().path("id");
    }

    private static Map<String, Object> result(String checkId, Instant slot, String outcome) {
        Map<String, Object> r = new HashMap<>();
        r.put("checkId", checkId);
        r.put("scheduledAt", slot.toString());
        r.put("startedAt", slot.plusMillis(2).toString());
        r.put("outcome", outcome);
        r.put("statusCode", outcome.equals("down") ? 503 : 200);
        r.put("latencyMs", 12);
        r.put("timings", Map.of("connectMs", 3, "totalMs", 12));
        if (outcome.equals("down")) {
            r.put("error", Map.of("class", "http", "message", "HTTP 503"));
        }
        return r;
    }

    private static io.restassured.response.ValidatableResponse push(String agentToken, List<Map<String, Object>> results) {
        return agent(agentToken).body(Map.of("agentId", "a1", "results", results)).post("/agent/v1/results").then();
    }

    private long stored(String checkId) {
        return pool.preparedQuery("SELECT count(*) FROM check_results WHERE check_id = $1")
                .execute(Tuple.of(UUID.fromString(checkId))).await().atMost(WAIT).iterator().next().getLong(0);
    }

    @Test
    void regionsAreManagedAndScopedToTheWorkspace() {
        String name = unique("eu");
        region(name);
        Api.as(token).body(Map.of("name", name)).post("/api/v1/regions").then().statusCode(409);
        Api.as(token).body(Map.of("name", "local")).post("/api/v1/regions").then().statusCode(409);
        Api.as(token).body(Map.of("name", "EU West!")).post("/api/v1/regions").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
        Api.as(token).get("/api/v1/regions").then().statusCode(200)
                .body("items.name", hasItem("local")).body("items.name", hasItem(name))
                .body("items.find { it.name == 'local' }.server", equalTo(true));
        String id = check(List.of(name), 1);
        Api.as(token).get("/api/v1/regions/" + name).then().statusCode(200).body("assignedChecks", equalTo(1));
        Api.as(token).delete("/api/v1/regions/" + name).then().statusCode(409);
        Api.as(token).post("/api/v1/regions/nowhere/tokens").then().statusCode(404);
        String other = Tenants.workspaceWithToken(pool);
        Api.as(other).get("/api/v1/regions/" + name).then().statusCode(404);
        Api.as(other).body(Map.of("name", "x", "url", "https://x.example.invalid/", "regions", List.of(name)))
                .post("/api/v1/checks").then().statusCode(400).body("errors[0].field", equalTo("regions[0]"));
        Api.as(token).delete("/api/v1/checks/" + id).then().statusCode(204);
        Api.as(token).delete("/api/v1/regions/" + name).then().statusCode(204);
        Api.as(token).get("/api/v1/regions/" + name).then().statusCode(404);
    }

    @Test
    void agentsNeedAValidTokenAndActOnlyForTheirRegion() {
        String eu = unique("eu");
        String euToken = region(eu);
        String id = check(List.of(eu), 1);
        RestAssured.get("/agent/v1/checks?agent=a1").then().statusCode(401).contentType("application/problem+json");
        agent("vga_nope").get("/agent/v1/checks?agent=a1").then().statusCode(401);
        Map<String, Object> foreign = result(id, Instant.now().truncatedTo(ChronoUnit.SECONDS), "up");
        foreign.put("region", "us-east");
        push(euToken, List.of(foreign)).statusCode(403);
        // Deleting the region revokes its tokens.
        Api.as(token).delete("/api/v1/checks/" + id).then().statusCode(204);
        Api.as(token).delete("/api/v1/regions/" + eu).then().statusCode(204);
        agent(euToken).get("/agent/v1/checks?agent=a1").then().statusCode(401);
    }

    @Test
    void agentsPullTheirChecksConditionallyAndShareThemWithoutOverlap() {
        String eu = unique("eu");
        String euToken = region(eu);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(check(List.of(eu), 2));
        }
        check(List.of("local"), 2); // another region's check is never handed out
        String etag = agent(euToken).get("/agent/v1/checks?agent=a1").then().statusCode(200)
                .body("region", equalTo(eu)).body("items.size()", equalTo(12)).extract().header("ETag");
        agent(euToken).header("If-None-Match", etag).get("/agent/v1/checks?agent=a1").then().statusCode(304);
        Api.as(token).body(Map.of("intervalSeconds", 2, "timeoutMs", 500)).patch("/api/v1/checks/" + ids.get(0)).then().statusCode(200);
        agent(euToken).header("If-None-Match", etag).get("/agent/v1/checks?agent=a1").then().statusCode(200);

        for (String a : List.of("a1", "a2")) {
            agent(euToken).body(Map.of("agentId", a, "version", "0.1.0", "backlog", 0)).post("/agent/v1/heartbeat").then().statusCode(204);
        }
        List<String> first = agent(euToken).get("/agent/v1/checks?agent=a1").jsonPath().getList("items.id");
        List<String> second = agent(euToken).get("/agent/v1/checks?agent=a2").jsonPath().getList("items.id");
        assertThat(first).isNotEmpty().doesNotContainAnyElementsOf(second);
        Set<String> union = new HashSet<>(first);
        union.addAll(second);
        assertThat(union).containsExactlyInAnyOrderElementsOf(ids);
        Api.as(token).get("/api/v1/regions/" + eu).then().body("agents.id", equalTo(List.of("a1", "a2")))
                .body("agents[0].version", equalTo("0.1.0"))
                .body("agents[0].assignedChecks", equalTo(first.size()))
                .body("agents[1].assignedChecks", equalTo(second.size()));

        // a2 goes silent: within two heartbeat intervals a1 owns everything.
        Await.until("a1 to take over", WAIT, () -> {
            agent(euToken).body(Map.of("agentId", "a1")).post("/agent/v1/heartbeat").then().statusCode(204);
            return agent(euToken).get("/agent/v1/checks?agent=a1").jsonPath().getList("items").size() == 12;
        });
        Api.as(token).get("/api/v1/regions/" + eu).then().body("agents.find { it.id == 'a2' }.live", equalTo(false));
    }

    @Test
    void batchesAreIdempotentAndRefuseWhatIsNotTheirs() {
        String eu = unique("eu");
        String euToken = region(eu);
        String mine = check(List.of(eu), 2);
        String notInRegion = check(List.of("local"), 2);
        Instant slot = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(10);
        List<Map<String, Object>> batch = List.of(result(mine, slot, "up"), result(mine, slot.plusSeconds(1), "up"));
        push(euToken, batch).statusCode(200).body("accepted", equalTo(2)).body("duplicates", equalTo(0));
        push(euToken, batch).statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(2));
        assertThat(stored(mine)).isEqualTo(2);

        push(euToken, List.of(result(notInRegion, slot, "up"), result(UUID.randomUUID().toString(), slot, "up"),
                result(mine, Instant.now().plus(1, ChronoUnit.HOURS), "up")))
                .statusCode(200).body("refused", equalTo(3)).body("accepted", equalTo(0));

        Map<String, Object> broken = result(mine, slot.plusSeconds(2), "up");
        broken.remove("outcome");
        push(euToken, List.of(result(mine, slot.plusSeconds(3), "up"), broken)).statusCode(400)
                .body("errors[0].field", equalTo("results[1].outcome"));
        Map<String, Object> wrongType = result(mine, slot.plusSeconds(4), "sideways");
        push(euToken, List.of(wrongType)).statusCode(400);
        assertThat(stored(mine)).as("nothing half-applied").isEqualTo(2);

        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add(result(mine, slot.minusSeconds(100 + i), "up"));
        }
        push(euToken, tooMany).statusCode(413);
    }

    @Test
    void anAgentWhoseClockIsMinutesBehindIsNeitherRefusedNorUnknown() {
        String region = unique("skew");
        String regionToken = region(region);
        String id = check(List.of(region), 1);
        Instant behind = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(4, ChronoUnit.MINUTES);
        for (int i = 0; i < 3; i++) {
            push(regionToken, List.of(result(id, behind.plusSeconds(i), "up"))).statusCode(200).body("accepted", equalTo(1));
        }
        Await.until("up", WAIT, () -> "up".equals(Api.as(token).get("/api/v1/checks/" + id).jsonPath().getString("status")));
    }

    @Test
    void quorumAcrossThreeRegionsFromAgentResults() {
        String r1 = unique("r1");
        String r2 = unique("r2");
        String r3 = unique("r3");
        Map<String, String> tokens = Map.of(r1, region(r1), r2, region(r2), r3, region(r3));
        String id = check(List.of(r1, r2, r3), 1);
        Instant[] slot = {Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1)};
        java.util.function.Consumer<Map<String, String>> round = outcomes -> {
            // Slots follow the clock, as a live agent's do (strictly increasing, so each push is a new slot).
            Instant next = slot[0].plusMillis(1);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            slot[0] = now.isAfter(next) ? now : next;
            outcomes.forEach((region, outcome) -> push(tokens.get(region), List.of(result(id, slot[0], outcome)))
                    .statusCode(200).body("accepted", equalTo(1)));
        };
        java.util.function.Supplier<String> status = () -> Api.as(token).get("/api/v1/checks/" + id).jsonPath().getString("status");
        java.util.function.Supplier<Integer> incidents = () -> Api.as(token).get("/api/v1/incidents?checkId=" + id)
                .jsonPath().getList("items").size();

        round.accept(Map.of(r1, "up", r2, "up", r3, "up"));
        Await.until("up", WAIT, () -> "up".equals(status.get()));
        round.accept(Map.of(r1, "down", r2, "up", r3, "up"));
        Await.until("degraded", WAIT, () -> "degraded".equals(status.get()));
        assertThat(incidents.get()).as("one region failing is not an outage").isZero();
        round.accept(Map.of(r1, "down", r2, "down", r3, "up"));
        Await.until("down", WAIT, () -> "down".equals(status.get()));
        Await.until("one incident", WAIT, () -> incidents.get() == 1);
        assertThat(Api.as(token).get("/api/v1/incidents?checkId=" + id).jsonPath().getList("items[0].regions"))
                .containsExactlyInAnyOrder(r1, r2);
        round.accept(Map.of(r1, "up", r2, "up", r3, "up"));
        Await.until("resolved", WAIT, () -> "resolved".equals(Api.as(token).get("/api/v1/incidents?checkId=" + id)
                .jsonPath().getString("items[0].state")));
        assertThat(incidents.get()).isEqualTo(1);

        // r3's agent dies after reporting down while r1 and r2 keep reporting; then r1 fails too.
        // r3 is unknown and leaves the quorum: 1 of 2 live regions down is not an outage.
        round.accept(Map.of(r3, "down"));
        Instant r3Silent = slot[0];
        Await.until("r3 silent for two intervals", WAIT, () -> {
            round.accept(Map.of(r1, "up", r2, "up"));
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Instant.now().isAfter(r3Silent.plusSeconds(3));
        });
        round.accept(Map.of(r1, "down", r2, "up"));
        Await.until("degraded with r3 unknown", WAIT, () -> "degraded".equals(status.get()));
        assertThat(incidents.get()).as("a dark region never makes a check down").isEqualTo(1);
    }
}

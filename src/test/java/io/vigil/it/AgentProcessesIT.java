package io.vigil.it;

import com.sun.net.httpserver.HttpServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vigil.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server and three region agents as real processes of the built jar, over real HTTP: results from every region,
 * a killed agent leaves its region unknown (not down), a server outage loses nothing and duplicates nothing, and an
 * agent restarted with a full spool delivers it all.
 */
class AgentProcessesIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> REGIONS = List.of("r1", "r2", "r3");

    @TempDir
    Path dir;
    HttpServer target;
    int serverPort;
    VigilProcess server;
    final Map<String, VigilProcess> agents = new HashMap<>();
    final Map<String, String> agentTokens = new HashMap<>();
    String admin;
    String checkId;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private VigilProcess startServer() throws Exception {
        return new VigilProcess(Map.of("VIGIL_DATA_DIR", dir.resolve("server").toString(),
                "VIGIL_ADMIN_EMAIL", "it@example.com", "VIGIL_ADMIN_PASSWORD", "it-password-1",
                "VIGIL_CHECKS_MIN_INTERVAL", "1s", "VIGIL_PROBE_ALLOWED_NETWORKS", "127.0.0.0/8",
                "VIGIL_AGENTS_HEARTBEAT_INTERVAL", "1s"), serverPort, dir.resolve("server.log")).start();
    }

    private VigilProcess startAgent(String region) throws Exception {
        return new VigilProcess(Map.of("VIGIL_MODE", "agent", "VIGIL_REGION", region,
                "VIGIL_SERVER_URL", "http://127.0.0.1:" + serverPort, "VIGIL_AGENT_TOKEN", agentTokens.get(region),
                "VIGIL_AGENT_ID", "agent-" + region, "VIGIL_AGENT_SPOOL_DIR", dir.resolve("spool-" + region).toString(),
                "VIGIL_AGENT_POLL", "1s", "VIGIL_AGENT_HEARTBEAT", "1s", "VIGIL_PROBE_ALLOWED_NETWORKS", "127.0.0.0/8"),
                freePort(), dir.resolve("agent-" + region + ".log")).start();
    }

    private RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(serverPort)
                .header("Authorization", "Bearer " + admin).contentType(ContentType.JSON);
    }

    private String token() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(serverPort).auth().preemptive()
                .basic("it@example.com", "it-password-1").contentType(ContentType.JSON).post("/api/v1/tokens").then().statusCode(201).extract().path("token");
    }

    @BeforeEach
    void start() throws Exception {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes());
            exchange.close();
        });
        target.start();
        serverPort = freePort();
        server = startServer();
        admin = token();
        for (String region : REGIONS) {
            api().body(Map.of("name", region)).post("/api/v1/regions").then().statusCode(201);
            agentTokens.put(region, api().post("/api/v1/regions/" + region + "/tokens").then().statusCode(201).extract().path("token"));
        }
        checkId = api().body(Map.of("name", "shop", "url", "http://127.0.0.1:" + target.getAddress().getPort() + "/health",
                        "intervalSeconds", 1, "timeoutMs", 800, "regions", REGIONS, "failureThreshold", 2))
                .post("/api/v1/checks").then().statusCode(201).extract().path("id");
        for (String region : REGIONS) {
            agents.put(region, startAgent(region));
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (VigilProcess agent : agents.values()) {
            agent.close();
        }
        if (server != null) {
            server.close();
        }
        target.stop(0);
    }

    private List<Instant> slots(String region) {
        JsonPath page = api().get("/api/v1/checks/" + checkId + "/results?limit=500&region=" + region).then().statusCode(200)
                .extract().jsonPath();
        List<Instant> slots = new ArrayList<>();
        page.getList("items.scheduledAt", String.class).forEach(s -> slots.add(Instant.parse(s)));
        slots.sort(null);
        return slots;
    }

    /** Every slot of the region between its first and last result, each once. */
    private void assertContiguous(String region) {
        List<Instant> slots = slots(region);
        assertThat(slots).as(region).hasSizeGreaterThan(5);
        for (int i = 1; i < slots.size(); i++) {
            assertThat(Duration.between(slots.get(i - 1), slots.get(i))).as(region + " slot " + i).isEqualTo(Duration.ofSeconds(1));
        }
    }

    private Instant lastSlot(String region) {
        List<Instant> slots = slots(region);
        return slots.isEmpty() ? Instant.EPOCH : slots.get(slots.size() - 1);
    }

    private String status() {
        return api().get("/api/v1/checks/" + checkId).jsonPath().getString("status");
    }

    private long backlog(String region) {
        Long backlog = api().get("/api/v1/regions/" + region).jsonPath().getLong("agents[0].backlog");
        return backlog == null ? -1 : backlog;
    }

    @Test
    void threeAgentsOutagesAndRestartsLoseNothing() throws Exception {
        Await.until("results from every region", WAIT, () -> REGIONS.stream().allMatch(r -> slots(r).size() >= 3));
        Await.until("up", WAIT, () -> "up".equals(status()));

        // An agent killed: its region goes dark and leaves the quorum; the check stays up, no incident.
        agents.remove("r3").kill();
        Await.until("r3's agent seen as dead", WAIT, () -> !api().get("/api/v1/regions/r3").jsonPath().getBoolean("agents[0].live"));
        Thread.sleep(6000);
        assertThat(status()).isEqualTo("up");
        assertThat(api().get("/api/v1/incidents?checkId=" + checkId).jsonPath().getList("items")).isEmpty();

        // The server stops for 30 s; the agents keep probing into their spools.
        server.stop();
        Thread.sleep(30_000);
        server = startServer();
        admin = token();
        Await.until("the spools to drain", WAIT, () -> backlog("r1") < 5 && backlog("r2") < 5
                && lastSlot("r1").isAfter(Instant.now().minusSeconds(3)));
        assertContiguous("r1");
        assertContiguous("r2");

        // An agent stopped with a full spool (server away), then started again: nothing is lost.
        server.stop();
        Thread.sleep(4000);
        agents.get("r1").stop();
        server = startServer();
        admin = token();
        agents.put("r1", startAgent("r1"));
        Await.until("r1's spool to drain", WAIT, () -> backlog("r1") < 5
                && lastSlot("r1").isAfter(Instant.now().minusSeconds(3)));
        List<Instant> r1 = slots("r1");
        // Slots while r1's agent itself was down are legitimately absent; everything it probed arrived once.
        assertThat(new java.util.HashSet<>(r1)).hasSameSizeAs(r1);
        assertContiguous("r2");
    }
}

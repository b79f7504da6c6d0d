package io.vigil.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.core.Outcome;
import io.vigil.egress.Timings;
import io.vigil.result.ProbeResult;
import io.vigil.testing.Api;
import io.vigil.testing.CuttableProxy;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An agent's delivery path against the real server: results spooled while the server is unreachable arrive
 * exactly once when it returns, and an agent restarted with a full spool loses nothing.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class AgentUplinkTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL base;
    @Inject
    Pool pool;
    @Inject
    ObjectMapper mapper;

    Vertx vertx;
    CuttableProxy server;
    String agentToken;
    String checkId;
    String region;
    Instant slot;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        server = new CuttableProxy("127.0.0.1", base.getPort());
        String admin = Api.adminToken();
        region = "up-" + UUID.randomUUID().toString().substring(0, 8);
        Api.as(admin).body(Map.of("name", region)).post("/api/v1/regions").then().statusCode(201);
        agentToken = Api.as(admin).post("/api/v1/regions/" + region + "/tokens").then().statusCode(201).extract().path("token");
        checkId = Api.as(admin).body(Map.of("name", "remote", "url", "https://remote.example.invalid/",
                "intervalSeconds", 1, "timeoutMs", 500, "regions", List.of(region)))
                .post("/api/v1/checks").then().statusCode(201).extract().path("id");
        slot = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.HOURS);
    }

    @AfterEach
    void tearDown() {
        server.close();
        vertx.closeAndAwait();
    }

    private AgentUplink uplink(Path dir) {
        return new AgentUplink(vertx, URI.create("http://127.0.0.1:" + server.port()), agentToken, "agent-1",
                new ResultSpool(dir, 100_000, 50), mapper);   // the test server takes 50 per batch
    }

    private void probe(AgentUplink uplink, int n) {
        for (int i = 0; i < n; i++) {
            slot = slot.plusSeconds(1);
            uplink.submit(new ProbeResult(null, UUID.fromString(checkId), null, region, slot, slot.plusMillis(3),
                    Outcome.UP, 200, 15, null, new Timings(null, 2L, null, 10L, 15L), List.of(), null));
        }
    }

    private long stored() {
        return pool.preparedQuery("SELECT count(*) FROM check_results WHERE check_id = $1 AND region = $2")
                .execute(Tuple.of(UUID.fromString(checkId), region)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    @Test
    void resultsSpooledWhileTheServerIsAwayArriveExactlyOnce(@TempDir Path dir) {
        AgentUplink uplink = uplink(dir);
        probe(uplink, 300);
        assertThat(uplink.deliver().await().atMost(WAIT)).isEqualTo(300);
        assertThat(stored()).isEqualTo(300);

        server.cut();
        probe(uplink, 1200);   // the agent keeps probing while the server is unreachable
        assertThatThrownBy(() -> uplink.deliver().await().atMost(WAIT)).isInstanceOf(RuntimeException.class);
        assertThat(uplink.backlog().await().atMost(WAIT)).isEqualTo(1200);
        assertThat(stored()).isEqualTo(300);

        server.restore();
        assertThat(uplink.deliver().await().atMost(WAIT)).isEqualTo(1200);
        assertThat(stored()).as("every result exactly once").isEqualTo(1500);
        assertThat(uplink.backlog().await().atMost(WAIT)).isZero();
        uplink.close();
    }

    @Test
    void anAgentRestartedWithAFullSpoolLosesNothing(@TempDir Path dir) {
        server.cut();
        AgentUplink before = uplink(dir);
        probe(before, 777);
        assertThat(before.backlog().await().atMost(WAIT)).isEqualTo(777);
        before.close();   // the agent stops with everything still undelivered

        server.restore();
        AgentUplink after = uplink(dir);
        assertThat(after.backlog().await().atMost(WAIT)).isEqualTo(777);
        assertThat(after.deliver().await().atMost(WAIT)).isEqualTo(777);
        assertThat(stored()).isEqualTo(777);
        after.close();
    }

    @Test
    void aSegmentSentTwiceCountsOnce(@TempDir Path first, @TempDir Path second) {
        // The same results from two spools, as after a timeout whose answer was lost: the second delivery is a no-op.
        AgentUplink one = uplink(first);
        AgentUplink two = uplink(second);
        Instant start = slot;
        probe(one, 50);
        slot = start;
        probe(two, 50);
        assertThat(one.deliver().await().atMost(WAIT)).isEqualTo(50);
        assertThat(two.deliver().await().atMost(WAIT)).isEqualTo(50);
        assertThat(stored()).isEqualTo(50);
        one.close();
        two.close();
    }
}

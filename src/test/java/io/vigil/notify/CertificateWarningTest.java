package io.vigil.notify;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.core.Outcome;
import io.vigil.egress.Timings;
import io.vigil.egress.TlsInfo;
import io.vigil.result.ProbeResult;
import io.vigil.result.ResultIngest;
import io.vigil.testing.Api;
import io.vigil.testing.Await;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Receiver;
import io.vigil.testing.Tenants;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Results with a shrinking certificate lifetime, stored through the real ingest, warn once per threshold. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class CertificateWarningTest {

    @Inject
    Pool pool;
    @Inject
    ResultIngest ingest;
    String token;
    Receiver receiver;
    Instant slot = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);

    @BeforeEach
    void setUp() {
        token = Tenants.workspaceWithToken(pool);
        receiver = new Receiver();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    private void store(UUID check, UUID workspace, int daysLeft) {
        slot = slot.plusSeconds(60);
        ingest.store(List.of(new ProbeResult(null, check, workspace, "local", slot, slot, Outcome.UP, null, 40, null,
                        Timings.NONE, List.of(), new TlsInfo(daysLeft, "CN=shop.example.com", "CN=Test CA"))))
                .await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void oneWarningPerThresholdAndAgainAfterRenewal() throws InterruptedException {
        Api.as(token).body(Map.of("type", "webhook", "name", "hook", "url", receiver.url("/hook"), "isDefault", true,
                "events", List.of("certificate.expiring"))).post("/api/v1/channels").then().statusCode(201);
        String id = Api.as(token).body(Map.of("name", "Shop TLS", "type", "tls", "url", "tls://shop.example.invalid:443"))
                .post("/api/v1/checks").then().statusCode(201).extract().path("id");
        Api.as(token).post("/api/v1/checks/" + id + "/pause").then().statusCode(200);
        UUID check = UUID.fromString(id);
        UUID workspace = pool.preparedQuery("SELECT workspace_id FROM checks WHERE id = $1").execute(Tuple.of(check))
                .await().indefinitely().iterator().next().getUUID(0);

        store(check, workspace, 45);
        store(check, workspace, 20);
        Await.until("the 30-day warning", Duration.ofSeconds(10), () -> receiver.to("/hook").size() == 1);
        JsonPath warning = JsonPath.from(receiver.to("/hook").get(0).body());
        assertThat(warning.getString("type")).isEqualTo("certificate.expiring");
        assertThat(warning.getString("data.check.id")).isEqualTo(id);
        assertThat(warning.getString("data.message")).isEqualTo("The certificate CN=shop.example.com expires in 20 days.");

        store(check, workspace, 19);
        store(check, workspace, 15);
        store(check, workspace, 13);
        Await.until("the 14-day warning", Duration.ofSeconds(10), () -> receiver.to("/hook").size() == 2);
        store(check, workspace, 90);
        store(check, workspace, 29);
        Await.until("a warning again after renewal", Duration.ofSeconds(10), () -> receiver.to("/hook").size() == 3);
        Thread.sleep(1000);
        assertThat(receiver.to("/hook")).hasSize(3);
    }
}

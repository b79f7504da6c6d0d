package io.vigil.it;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vigil.db.EmbeddedDatabase;
import io.vigil.testing.Await;
import io.vigil.testing.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox across a killed server (SIGKILL, no shutdown): an event committed but not yet sent is sent after the
 * restart; an event sent but not recorded is sent again after its lease, under the same webhook-id.
 */
class NotifyRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    EmbeddedDatabase db;
    Receiver receiver;
    int port;
    VigilProcess server;
    String token;

    @BeforeEach
    void start() throws Exception {
        // The database lives outside the server process, as in production, so killing the server leaves it running.
        db = EmbeddedDatabase.start(dir.resolve("pg"), false);
        receiver = new Receiver();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        receiver.close();
        db.close();
    }

    private VigilProcess startServer(Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("VIGIL_DATA_DIR", dir.resolve("data").toString(),
                "VIGIL_ADMIN_EMAIL", "it@example.com", "VIGIL_ADMIN_PASSWORD", "it-password-1",
                "VIGIL_CHECKS_MIN_INTERVAL", "1s", "VIGIL_PROBE_ALLOWED_NETWORKS", "127.0.0.0/8",
                "VIGIL_NOTIFY_TIMEOUT", "3s", "VIGIL_NOTIFY_CONCURRENCY", "8", "VIGIL_NOTIFY_RETRY_SCHEDULE", "1s"));
        db.datasourceProperties().forEach((k, v) -> env.put(k.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), v));
        env.putAll(extra);
        return new VigilProcess(env, port, dir.resolve("server.log")).start();
    }

    private RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(port)
                .header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    private JsonPath deliveries(String channel) {
        return api().get("/api/v1/channels/" + channel + "/deliveries").then().statusCode(200).extract().jsonPath();
    }

    private String setUpOutage() {
        token = RestAssured.given().baseUri("http://127.0.0.1").port(port).auth().preemptive()
                .basic("it@example.com", "it-password-1").contentType(ContentType.JSON).post("/api/v1/tokens")
                .then().statusCode(201).extract().path("token");
        String channel = api().body(Map.of("type", "webhook", "name", "hook", "url", receiver.url("/hook"), "isDefault", true))
                .post("/api/v1/channels").then().statusCode(201).extract().path("id");
        String check = api().body(Map.of("name", "Shop", "url", receiver.url("/target"), "intervalSeconds", 1,
                "timeoutMs", 800, "failureThreshold", 1)).post("/api/v1/checks").then().statusCode(201).extract().path("id");
        Await.until("up", WAIT, () -> "up".equals(api().get("/api/v1/checks/" + check).jsonPath().getString("status")));
        receiver.targetStatus.set(500);
        Await.until("an open incident", WAIT, () -> !api().get("/api/v1/incidents?state=open").jsonPath().getList("items").isEmpty());
        return channel;
    }

    @Test
    void anEventCommittedButNotSentIsSentAfterAKill() throws Exception {
        // No relay in the first life: the event is in the outbox, nothing has gone out.
        server = startServer(Map.of("VIGIL_NOTIFY_RELAY", "false"));
        String channel = setUpOutage();
        Await.until("the event in the outbox", WAIT, () -> "incident.opened".equals(deliveries(channel).getString("items[0].type")));
        String eventId = deliveries(channel).getString("items[0].eventId");
        assertThat(deliveries(channel).getInt("items[0].attempts")).isZero();
        server.kill();
        assertThat(receiver.to("/hook")).isEmpty();

        receiver.targetStatus.set(200);
        server = startServer(Map.of());
        Await.until("delivered after the restart", WAIT, () -> receiver.to("/hook").stream()
                .anyMatch(r -> eventId.equals(r.header("webhook-id"))));
        Await.until("recorded", WAIT, () -> deliveries(channel).getList("items.state").stream()
                .allMatch("delivered"::equals));
    }

    @Test
    void anEventSentButNotRecordedComesAgainWithTheSameId() throws Exception {
        server = startServer(Map.of());
        receiver.delayMs.set(2500);   // the receiver takes its time: the server dies while waiting for the answer
        String channel = setUpOutage();
        Await.until("the request in flight", WAIT, () -> receiver.to("/hook").size() == 1);
        server.kill();
        String eventId = receiver.to("/hook").get(0).header("webhook-id");

        receiver.delayMs.set(0);
        receiver.targetStatus.set(200);
        server = startServer(Map.of());
        Await.until("sent again after the lease", WAIT, () -> receiver.to("/hook").stream()
                .filter(r -> eventId.equals(r.header("webhook-id"))).count() == 2);
        Await.until("recorded once", WAIT, () -> deliveries(channel).getList("items").stream().count() >= 1
                && deliveries(channel).getList("items.state").stream().allMatch("delivered"::equals));
        JsonPath log = deliveries(channel);
        assertThat(log.getList("items.eventId")).filteredOn(eventId::equals).hasSize(1);
    }
}

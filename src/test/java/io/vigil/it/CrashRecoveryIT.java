package io.vigil.it;

import com.sun.net.httpserver.HttpServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vigil.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Vigil with its embedded PostgreSQL, killed with SIGKILL (the database process outlives it, holding its pid file) and
 * started again on the same data directory: it comes up by itself, the check is still there, and the slots that fell
 * while it was down are in the history as missed, so the history has no gap and no duplicate.
 */
class CrashRecoveryIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    HttpServer target;
    int port;
    VigilProcess server;
    String token;

    @BeforeEach
    void start() throws IOException {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes());
            exchange.close();
        });
        target.start();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();   // SIGTERM: Vigil stops its database itself
        }
        target.stop(0);
        if (Files.exists(dir.resolve("server.log"))) {   // kept for a look after the run
            Files.createDirectories(Path.of("target", "it-logs"));
            Files.copy(dir.resolve("server.log"), Path.of("target", "it-logs", "CrashRecoveryIT-server.log"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        // Whatever happened above, no PostgreSQL of this test may outlive it.
        postmaster().ifPresent(pg -> {
            pg.destroy();
            try {
                pg.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                pg.destroyForcibly();
            }
        });
    }

    private VigilProcess startServer() throws Exception {
        return new VigilProcess(Map.of("VIGIL_DATA_DIR", dir.resolve("data").toString(),
                "VIGIL_ADMIN_EMAIL", "it@example.com", "VIGIL_ADMIN_PASSWORD", "it-password-1",
                "VIGIL_CHECKS_MIN_INTERVAL", "1s", "VIGIL_PROBE_ALLOWED_NETWORKS", "127.0.0.0/8"),
                port, dir.resolve("server.log")).start();
    }

    /** The live embedded server named by the data directory's pid file, if any. */
    private Optional<ProcessHandle> postmaster() {
        Path pidFile = dir.resolve("data").resolve("postgres").resolve("postmaster.pid");
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
            return cmdline.contains("postgres") && cmdline.contains(dir.toString())
                    ? ProcessHandle.of(pid).filter(ProcessHandle::isAlive) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(port)
                .header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    private record Slot(Instant at, String outcome) {
    }

    private List<Slot> history(String check) {
        var page = api().get("/api/v1/checks/" + check + "/results?limit=500").then().statusCode(200).extract().jsonPath();
        List<Slot> slots = new ArrayList<>();
        List<String> at = page.getList("items.scheduledAt", String.class);
        List<String> outcome = page.getList("items.outcome", String.class);
        for (int i = 0; i < at.size(); i++) {
            slots.add(new Slot(Instant.parse(at.get(i)), outcome.get(i)));
        }
        slots.sort((a, b) -> a.at().compareTo(b.at()));
        return slots;
    }

    @Test
    void aKilledServerComesBackOnItsOwnWithItsDataAndItsDowntimeMissed() throws Exception {
        server = startServer();
        token = RestAssured.given().baseUri("http://127.0.0.1").port(port).auth().preemptive()
                .basic("it@example.com", "it-password-1").contentType(ContentType.JSON).post("/api/v1/tokens")
                .then().statusCode(201).extract().path("token");
        String check = api().body(Map.of("name", "Shop", "url", "http://127.0.0.1:" + target.getAddress().getPort() + "/",
                "intervalSeconds", 1, "timeoutMs", 800)).post("/api/v1/checks").then().statusCode(201).extract().path("id");
        Await.until("results stored", WAIT, () -> history(check).size() >= 3);
        long databasePid = postmaster().orElseThrow().pid();
        List<Slot> before = history(check);
        Instant lastBefore = before.get(before.size() - 1).at();

        int exit = server.kill();
        server = null;

        assertThat(exit).as("ended by SIGKILL (128 + 9)").isEqualTo(137);
        assertThat(ProcessHandle.of(databasePid).map(ProcessHandle::isAlive)).as("the database outlives a killed Vigil")
                .contains(true);

        server = startServer();

        assertThat(ProcessHandle.of(databasePid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(postmaster()).isPresent();
        api().get("/api/v1/checks/" + check).then().statusCode(200);
        Await.until("the downtime recorded and probing again", WAIT, () -> {
            List<Slot> now = history(check);
            Optional<Instant> lastMissed = now.stream().filter(s -> "missed".equals(s.outcome())).map(Slot::at)
                    .reduce((a, b) -> b);
            return lastMissed.isPresent() && now.stream().anyMatch(s -> "up".equals(s.outcome()) && s.at().isAfter(lastMissed.get()));
        });
        List<Slot> slots = history(check);
        List<Slot> missed = slots.stream().filter(s -> "missed".equals(s.outcome())).toList();
        assertThat(missed).as("the downtime (a JVM start at least) is in the history").hasSizeGreaterThanOrEqualTo(2);
        assertThat(missed.get(0).at()).isAfter(lastBefore);
        for (int i = 1; i < slots.size(); i++) {
            assertThat(Duration.between(slots.get(i - 1).at(), slots.get(i).at())).as("slot " + i + " of " + slots)
                    .isEqualTo(Duration.ofSeconds(1));
        }
        assertThat(api().get("/api/v1/checks/" + check + "/summary").jsonPath().getLong("counts.missed"))
                .isEqualTo(missed.size());
    }
}

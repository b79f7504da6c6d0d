package io.vigil.probe;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vigil.check.CheckSpec;
import io.vigil.check.assertion.Condition;
import io.vigil.core.Quorum;
import io.vigil.egress.EgressPolicy;
import io.vigil.egress.ErrorClass;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real Vert.x servers on 127.0.0.1 only; nothing here connects anywhere else. */
class TcpProbeTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final EgressPolicy LOOPBACK_ALLOWED = EgressPolicy.fromProperty("127.0.0.0/8,::1/128");

    private static Vertx vertx;
    private static TcpProbe probe;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        probe = new TcpProbe(vertx, LOOPBACK_ALLOWED);
    }

    @AfterAll
    static void stop() throws Exception {
        probe.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static CheckSpec spec(String type, String url, String body, long timeoutMs, String... assertions) {
        List<Condition> conditions = new ArrayList<>();
        for (String a : assertions) {
            try {
                conditions.add(Condition.parse(a));
            } catch (Exception e) {
                throw new IllegalArgumentException(e);
            }
        }
        return new CheckSpec(UUID.randomUUID(), UUID.randomUUID(), "t", type, url, "GET", Map.of(), body,
                Duration.ofSeconds(60), Duration.ofMillis(timeoutMs), true, List.of("local"), conditions, null, 2, 1,
                Quorum.MAJORITY, List.of(), null, List.of(), null, null, null, false);
    }

    private static NetServer server(AtomicInteger connections, io.vertx.core.Handler<io.vertx.core.net.NetSocket> handler) throws Exception {
        NetServer s = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
                .connectHandler(so -> {
                    connections.incrementAndGet();
                    handler.handle(so);
                });
        s.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return s;
    }

    private static ProbeObservation run(TcpProbe p, CheckSpec spec) {
        return p.run(spec).await().atMost(WAIT);
    }

    @Test
    void openPortConnectsWithConnectTiming() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        NetServer s = server(connections, so -> { });
        try {
            ProbeObservation o = run(probe, spec("tcp", "tcp://127.0.0.1:" + s.actualPort(), null, 2000));
            assertNull(o.error(), String.valueOf(o.error()));
            assertNull(o.status());
            assertNull(o.body());
            assertNotNull(o.timings().connectMs());
            assertNull(o.timings().dnsMs(), "IP literal: no lookup");
            assertNull(o.timings().firstByteMs());
            assertNotNull(o.timings().totalMs());
            assertTrue(o.responded());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (connections.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);   // the server's accept runs on its own event loop
            }
            assertEquals(1, connections.get());
        } finally {
            s.close();
        }
    }

    @Test
    void localhostNameIsResolvedAndTimed() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        NetServer s = server(connections, so -> { });
        try {
            ProbeObservation o = run(probe, spec("tcp", "tcp://localhost:" + s.actualPort(), null, 2000));
            assertNull(o.error(), String.valueOf(o.error()));
            assertNotNull(o.timings().dnsMs());
        } finally {
            s.close();
        }
    }

    @Test
    void refusedPortIsConnectError() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = ss.getLocalPort();
        }
        ProbeObservation o = run(probe, spec("tcp", "tcp://127.0.0.1:" + port, null, 2000));
        assertNotNull(o.error());
        assertEquals(ErrorClass.CONNECT, o.error().errorClass());
        assertTrue(o.error().message().contains("refused"), o.error().message());
    }

    @Test
    void sendAndExpectEcho() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        NetServer s = server(connections, so -> so.handler(b -> so.write(Buffer.buffer("+").appendBuffer(b))));
        try {
            ProbeObservation o = run(probe, spec("tcp", "tcp://127.0.0.1:" + s.actualPort(), "PING\r\n", 2000));
            assertNull(o.error(), String.valueOf(o.error()));
            assertEquals("+PING\r\n", o.body());
            assertNotNull(o.timings().firstByteMs());
            assertNotNull(o.timings().connectMs());
        } finally {
            s.close();
        }
    }

    @Test
    void bannerIsReadWhenAssertionsLookAtTheBody() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        NetServer s = server(connections, so -> so.write("SSH-2.0-OpenSSH_9.6\r\n"));
        try {
            CheckSpec spec = spec("tcp", "tcp://127.0.0.1:" + s.actualPort(), null, 2000, "body contains \"SSH-2.0\"");
            ProbeObservation o = run(probe, spec);
            assertNull(o.error(), String.valueOf(o.error()));
            assertEquals("SSH-2.0-OpenSSH_9.6\r\n", o.body());
            assertNotNull(o.timings().firstByteMs());
            assertTrue(spec.conditions().get(0).evaluate(new io.vigil.check.assertion.Observation() {
                public Integer statusCode() { return o.status(); }
                public String body() { return o.body(); }
                public List<String> header(String name) { return List.of(); }
                public Long responseTimeMs() { return o.timings().totalMs(); }
                public Long timingMs(String phase) { return null; }
                public Integer tlsDaysLeft() { return null; }
            }).passed());
        } finally {
            s.close();
        }
    }

    @Test
    void noBannerIsTimeout() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        NetServer s = server(connections, so -> vertx.setTimer(5_000, id -> so.write("late")));
        try {
            long t0 = System.nanoTime();
            ProbeObservation o = run(probe, spec("tcp", "tcp://127.0.0.1:" + s.actualPort(), null, 300, "body contains \"x\""));
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertNotNull(o.error());
            assertEquals(ErrorClass.TIMEOUT, o.error().errorClass());
            assertTrue(o.error().message().contains("waiting for data"), o.error().message());
            assertNotNull(o.timings().connectMs(), "connected before the timeout");
            assertNull(o.body());
            assertTrue(took < 3_000, "took " + took);
        } finally {
            s.close();
        }
    }

    @Test
    void closedWithoutDataIsConnectError() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        NetServer s = server(connections, so -> so.close());
        try {
            ProbeObservation o = run(probe, spec("tcp", "tcp://127.0.0.1:" + s.actualPort(), "hello", 2000));
            assertNotNull(o.error());
            assertEquals(ErrorClass.CONNECT, o.error().errorClass());
        } finally {
            s.close();
        }
    }

    @Test
    void defaultPolicyBlocksLoopbackWithoutConnecting() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        NetServer s = server(connections, so -> { });
        TcpProbe strict = new TcpProbe(vertx, EgressPolicy.defaults());
        try {
            ProbeObservation o = run(strict, spec("tcp", "tcp://127.0.0.1:" + s.actualPort(), "x", 2000));
            assertNotNull(o.error());
            assertEquals(ErrorClass.BLOCKED, o.error().errorClass());
            assertTrue(o.error().message().contains("loopback"), o.error().message());
            ProbeObservation named = run(strict, spec("tcp", "tcp://localhost:" + s.actualPort(), null, 2000));
            assertEquals(ErrorClass.BLOCKED, named.error().errorClass());
            assertTrue(named.error().message().contains("localhost resolved to"), named.error().message());
            Thread.sleep(100);
            assertEquals(0, connections.get(), "the server saw no connection");
        } finally {
            strict.close();
            s.close();
        }
    }

    @Test
    void invalidNameIsDnsError() {
        ProbeObservation o = run(probe, spec("tcp", "tcp://nothing.invalid:22", null, 2000));
        assertEquals(ErrorClass.DNS, o.error().errorClass());
    }
}

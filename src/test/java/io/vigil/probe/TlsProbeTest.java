package io.vigil.probe;

import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vigil.egress.EgressPolicy;
import io.vigil.egress.ErrorClass;
import io.vigil.egress.GuardedHttpClient;
import io.vigil.egress.Timings;
import io.vigil.testing.TestCerts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.vigil.probe.TcpProbeTest.LOOPBACK_ALLOWED;
import static io.vigil.probe.TcpProbeTest.WAIT;
import static io.vigil.probe.TcpProbeTest.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real Vert.x TLS servers on 127.0.0.1 only; nothing here connects anywhere else. */
class TlsProbeTest {

    private static Vertx vertx;
    private static TestCerts certs;
    private static TlsProbe trusting;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        certs = new TestCerts();
        trusting = new TlsProbe(vertx, LOOPBACK_ALLOWED, GuardedHttpClient.Options.defaults().withTrustOptions(certs.trust()));
    }

    @AfterAll
    static void stop() throws Exception {
        trusting.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static NetServer tlsServer(KeyCertOptions keyCert, AtomicInteger connections) throws Exception {
        NetServer s = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true)
                        .setKeyCertOptions(keyCert))
                .connectHandler(so -> connections.incrementAndGet());
        return s.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static ProbeObservation run(TlsProbe p, String url) {
        return p.run(spec("tls", url, null, 3000)).await().atMost(WAIT);
    }

    @Test
    void trustedCertificateReportsLeafAndSplitTimings() throws Exception {
        NetServer s = tlsServer(certs.validLeaf("localhost"), new AtomicInteger());
        try {
            ProbeObservation o = run(trusting, "tls://localhost:" + s.actualPort());
            assertNull(o.error(), () -> o.error().message());
            assertNotNull(o.tls());
            assertEquals(30, o.tls().daysLeft());
            assertEquals("CN=localhost", o.tls().subject());
            assertEquals("CN=Vigil Test CA", o.tls().issuer());
            Timings t = o.timings();
            assertNotNull(t.dnsMs());
            assertNotNull(t.connectMs());
            assertNotNull(t.tlsMs(), "the handshake is timed separately");
            assertTrue(t.totalMs() >= t.connectMs() + t.tlsMs(), t.toString());
            assertNull(o.status());
            assertTrue(o.responded());
        } finally {
            s.close();
        }
    }

    @Test
    void selfSignedTrustedViaTrustOptions() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
        NetServer s = tlsServer(cert.keyCertOptions(), new AtomicInteger());
        TlsProbe p = new TlsProbe(vertx, LOOPBACK_ALLOWED, GuardedHttpClient.Options.defaults().withTrustOptions(cert.trustOptions()));
        try {
            ProbeObservation o = run(p, "tls://localhost:" + s.actualPort());
            assertNull(o.error(), () -> o.error().message());
            assertTrue(o.tls().subject().contains("CN=localhost"), o.tls().subject());
        } finally {
            p.close();
            s.close();
            cert.delete();
        }
    }

    @Test
    void untrustedChainIsTlsError() throws Exception {
        NetServer s = tlsServer(certs.validLeaf("localhost"), new AtomicInteger());
        TlsProbe jvmTrust = new TlsProbe(vertx, LOOPBACK_ALLOWED, GuardedHttpClient.Options.defaults());
        try {
            ProbeObservation o = run(jvmTrust, "tls://localhost:" + s.actualPort());
            assertEquals(ErrorClass.TLS, o.error().errorClass(), o.error().message());
            assertTrue(o.error().message().contains("not trusted"), o.error().message());
            assertNull(o.tls());
        } finally {
            jvmTrust.close();
            s.close();
        }
    }

    @Test
    void expiredCertificateIsTlsError() throws Exception {
        Instant now = Instant.now();
        NetServer s = tlsServer(certs.leaf("localhost", now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(35))),
                new AtomicInteger());
        try {
            ProbeObservation o = run(trusting, "tls://localhost:" + s.actualPort());
            assertEquals(ErrorClass.TLS, o.error().errorClass(), o.error().message());
            assertTrue(o.error().message().contains("expired"), o.error().message());
        } finally {
            s.close();
        }
    }

    @Test
    void hostnameMismatchIsTlsError() throws Exception {
        NetServer s = tlsServer(certs.validLeaf("www.example.com"), new AtomicInteger());
        try {
            ProbeObservation o = run(trusting, "tls://localhost:" + s.actualPort());
            assertEquals(ErrorClass.TLS, o.error().errorClass(), o.error().message());
            assertTrue(o.error().message().contains("hostname mismatch"), o.error().message());
            ProbeObservation ip = run(trusting, "tls://127.0.0.1:" + s.actualPort());
            assertEquals(ErrorClass.TLS, ip.error().errorClass(), ip.error().message());
            assertTrue(ip.error().message().contains("hostname mismatch"), ip.error().message());
        } finally {
            s.close();
        }
    }

    @Test
    void plainTcpServerIsTlsError() throws Exception {
        NetServer plain = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
                .connectHandler(so -> so.handler(b -> so.write("HTTP/1.0 400 Bad Request\r\n\r\n").onComplete(v -> so.close())));
        plain.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            ProbeObservation o = run(trusting, "tls://localhost:" + plain.actualPort());
            assertNotNull(o.error());
            assertEquals(ErrorClass.TLS, o.error().errorClass(), o.error().message());
        } finally {
            plain.close();
        }
    }

    @Test
    void defaultPolicyBlocksWithoutConnecting() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        NetServer s = tlsServer(certs.validLeaf("localhost"), connections);
        TlsProbe strict = new TlsProbe(vertx, EgressPolicy.defaults(), GuardedHttpClient.Options.defaults().withTrustOptions(certs.trust()));
        try {
            ProbeObservation o = run(strict, "tls://localhost:" + s.actualPort());
            assertEquals(ErrorClass.BLOCKED, o.error().errorClass(), o.error().message());
            Thread.sleep(100);
            assertEquals(0, connections.get());
        } finally {
            strict.close();
            s.close();
        }
    }
}

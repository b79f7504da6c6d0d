package io.vigil.egress;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.SelfSignedCertificate;
import io.vigil.testing.TestCerts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real Vert.x servers on 127.0.0.1 only; nothing here connects anywhere else. */
class GuardedHttpClientTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final EgressPolicy LOOPBACK_ALLOWED = EgressPolicy.fromProperty("127.0.0.0/8,::1/128");

    private static Vertx vertx;
    private static HttpServer server;
    private static int port;
    private static final AtomicInteger connections = new AtomicInteger();
    private static final AtomicInteger closed = new AtomicInteger();
    private static GuardedHttpClient client;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .connectionHandler(c -> {
                    connections.incrementAndGet();
                    c.closeHandler(v -> closed.incrementAndGet());
                })
                .requestHandler(GuardedHttpClientTest::handle);
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        port = server.actualPort();
        client = new GuardedHttpClient(vertx, LOOPBACK_ALLOWED);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void resetCounter() {
        connections.set(0);
        closed.set(0);
    }

    private static final byte[] BIG = new byte[5 * 1024 * 1024];

    static {
        java.util.Arrays.fill(BIG, (byte) 'x');
    }

    private static void handle(HttpServerRequest req) {
        String path = req.path();
        switch (path) {
            case "/ok" -> req.response().putHeader("Content-Type", "text/plain").putHeader("X-Multi", (Iterable<String>) List.of("a", "b"))
                    .end("hello vigil");
            case "/error" -> req.response().setStatusCode(500).end("boom");
            case "/slow" -> vertx.setTimer(5_000, id -> req.response().end("late"));
            case "/r1" -> redirect(req, 302, "/r2");
            case "/r2" -> redirect(req, 301, "http://127.0.0.1:" + port + "/r3");
            case "/r3" -> redirect(req, 307, "final?x=1");
            case "/final" -> req.response().end("done " + req.method() + " " + req.query());
            case "/loop-a" -> redirect(req, 302, "/loop-b");
            case "/loop-b" -> redirect(req, 302, "/loop-a");
            case "/to-metadata" -> redirect(req, 302, "http://169.254.169.254/latest/meta-data/");
            case "/to-ftp" -> redirect(req, 302, "ftp://127.0.0.1/");
            case "/to-octal" -> redirect(req, 302, "http://0177.0.0.1:" + port + "/ok");
            case "/big" -> req.response().putHeader("Content-Type", "text/plain").end(Buffer.buffer(BIG));
            case "/latin1" -> req.response().putHeader("Content-Type", "text/plain; charset=ISO-8859-1")
                    .end(Buffer.buffer("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1)));
            case "/echo" -> req.body().onSuccess(b -> req.response()
                    .end(req.method() + " " + req.getHeader("X-Test") + " " + req.getHeader("Host") + " " + b));
            default -> req.response().setStatusCode(404).end();
        }
    }

    private static void redirect(HttpServerRequest req, int status, String location) {
        req.response().setStatusCode(status).putHeader("Location", location).end();
    }

    private static HttpExchange send(GuardedHttpClient c, OutboundRequest r) {
        return c.send(r).await().atMost(WAIT);
    }

    private static HttpExchange get(String url) {
        return send(client, OutboundRequest.get(URI.create(url)).withTimeout(Duration.ofSeconds(5)));
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    @Test
    void okWithBodyAndTimingsForIpLiteral() {
        HttpExchange x = get(base() + "/ok");
        assertNull(x.error());
        assertEquals(200, x.status());
        assertEquals("hello vigil", x.body());
        assertFalse(x.truncated());
        assertEquals("text/plain", x.header("content-type").orElseThrow());
        assertEquals(List.of("a", "b"), x.headers().get("x-multi"));
        Timings t = x.timings();
        assertNull(t.dnsMs(), "no DNS for an IP literal");
        assertNotNull(t.connectMs());
        assertNull(t.tlsMs());
        assertNotNull(t.firstByteMs());
        assertNotNull(t.totalMs());
        assertTrue(t.totalMs() >= t.connectMs() + t.firstByteMs() - 1, t.toString());
        assertNull(x.tls());
        assertEquals(base() + "/ok", x.finalUrl());
        assertTrue(x.redirects().isEmpty());
        assertEquals(1, connections.get());
    }

    @Test
    void hostnameIsResolvedAndTimed() {
        HttpExchange x = get("http://localhost:" + port + "/echo");
        assertNull(x.error(), () -> x.error().message());
        assertEquals(200, x.status());
        assertNotNull(x.timings().dnsMs(), "DNS timed for a host name");
        assertTrue(x.body().endsWith("localhost:" + port + " "), "Host header keeps the name: " + x.body());
    }

    @Test
    void freshConnectionPerRequest() {
        get(base() + "/ok");
        get(base() + "/ok");
        assertEquals(2, connections.get());
    }

    @Test
    void serverErrorIsData() {
        HttpExchange x = get(base() + "/error");
        assertNull(x.error());
        assertEquals(500, x.status());
        assertEquals("boom", x.body());
    }

    @Test
    void methodHeadersAndBodyAreSent() {
        HttpExchange x = send(client, new OutboundRequest("POST", URI.create(base() + "/echo"),
                Map.of("X-Test", "yes"), "payload", Duration.ofSeconds(5), false, 0, 0));
        assertEquals("POST yes 127.0.0.1:" + port + " payload", x.body());
    }

    @Test
    void charsetFromContentType() {
        assertEquals("caf\u00e9", get(base() + "/latin1").body());
    }

    @Test
    void slowServerTimesOut() {
        long t0 = System.nanoTime();
        HttpExchange x = send(client, OutboundRequest.get(URI.create(base() + "/slow")).withTimeout(Duration.ofMillis(400)));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(ErrorClass.TIMEOUT, x.error().errorClass());
        assertTrue(x.error().message().contains("waiting for the response"), x.error().message());
        assertTrue(x.error().message().contains("400 ms"), x.error().message());
        assertNull(x.status());
        assertTrue(ms < 3_000, "took " + ms);
    }

    @Test
    void redirectChainFollowed() {
        HttpExchange x = send(client, OutboundRequest.get(URI.create(base() + "/r1")).withFollowRedirects(true, 10)
                .withTimeout(Duration.ofSeconds(5)));
        assertNull(x.error(), () -> x.error().message());
        assertEquals(200, x.status());
        assertEquals("done GET x=1", x.body());
        assertEquals(List.of(base() + "/r2", base() + "/r3", base() + "/final?x=1"), x.redirects());
        assertEquals(base() + "/final?x=1", x.finalUrl());
        assertEquals(4, connections.get(), "one fresh connection per hop");
    }

    @Test
    void redirectNotFollowedWhenDisabled() {
        HttpExchange x = get(base() + "/r1");
        assertNull(x.error());
        assertEquals(302, x.status());
        assertEquals("/r2", x.header("Location").orElseThrow());
        assertTrue(x.redirects().isEmpty());
    }

    @Test
    void redirectLoopIsHttpError() {
        HttpExchange x = send(client, OutboundRequest.get(URI.create(base() + "/loop-a")).withFollowRedirects(true, 10));
        assertEquals(ErrorClass.HTTP, x.error().errorClass());
        assertTrue(x.error().message().startsWith("redirect loop"), x.error().message());
    }

    @Test
    void tooManyRedirectsIsHttpError() {
        HttpExchange x = send(client, OutboundRequest.get(URI.create(base() + "/r1")).withFollowRedirects(true, 2));
        assertEquals(ErrorClass.HTTP, x.error().errorClass());
        assertTrue(x.error().message().contains("too many redirects"), x.error().message());
    }

    @Test
    void redirectToBlockedAddressIsBlocked() {
        HttpExchange x = send(client, OutboundRequest.get(URI.create(base() + "/to-metadata")).withFollowRedirects(true, 10));
        assertEquals(ErrorClass.BLOCKED, x.error().errorClass());
        assertTrue(x.error().message().contains("169.254.169.254"), x.error().message());
        assertEquals(1, connections.get(), "only the allowed first hop connected");
    }

    @Test
    void redirectToOtherSchemeIsBlocked() {
        HttpExchange x = send(client, OutboundRequest.get(URI.create(base() + "/to-ftp")).withFollowRedirects(true, 10));
        assertEquals(ErrorClass.BLOCKED, x.error().errorClass());
        assertTrue(x.error().message().contains("ftp"), x.error().message());
    }

    @Test
    void bigBodyTruncatedAtCap() {
        long t0 = System.nanoTime();
        HttpExchange x = get(base() + "/big");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertNull(x.error());
        assertEquals(200, x.status());
        assertTrue(x.truncated());
        assertEquals(64 * 1024, x.body().length());
        assertTrue(ms < 3_000, "took " + ms);
    }

    @Test
    void customSmallCap() {
        HttpExchange x = send(client, OutboundRequest.get(URI.create(base() + "/ok")).withMaxBodyBytes(5));
        assertTrue(x.truncated());
        assertEquals("hello", x.body());
        HttpExchange exact = send(client, OutboundRequest.get(URI.create(base() + "/ok")).withMaxBodyBytes(11));
        assertFalse(exact.truncated());
        assertEquals("hello vigil", exact.body());
    }

    @Test
    void refusedConnection() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        HttpExchange x = get("http://127.0.0.1:" + closedPort + "/");
        assertEquals(ErrorClass.CONNECT, x.error().errorClass());
        assertTrue(x.error().message().contains("refused"), x.error().message());
        assertNull(x.status());
    }

    @Test
    void unresolvableName() {
        HttpExchange x = get("http://nope.invalid/");
        assertEquals(ErrorClass.DNS, x.error().errorClass());
        assertTrue(x.error().message().contains("nope.invalid"), x.error().message());
    }

    @Test
    void malformedResponseIsHttpError() throws Exception {
        NetServer garbage = vertx.createNetServer().connectHandler(so -> so.handler(b -> so.end(Buffer.buffer("NOT HTTP AT ALL\r\n\r\n"))));
        garbage.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        try {
            HttpExchange x = get("http://127.0.0.1:" + garbage.actualPort() + "/");
            assertEquals(ErrorClass.HTTP, x.error().errorClass(), x.error().message());
            assertFalse(x.error().message().contains("Exception"), x.error().message());
        } finally {
            garbage.close();
        }
    }

    @Test
    void emptyReplyIsHttpError() throws Exception {
        NetServer closer = vertx.createNetServer().connectHandler(so -> so.handler(b -> so.close()));
        closer.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        try {
            HttpExchange x = get("http://127.0.0.1:" + closer.actualPort() + "/");
            assertEquals(ErrorClass.HTTP, x.error().errorClass(), x.error().message());
            assertTrue(x.error().message().contains("empty reply"), x.error().message());
        } finally {
            closer.close();
        }
    }

    @Test
    void stallDuringBodyTimesOutWithPartialData() throws Exception {
        HttpServer staller = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(r -> r.response().setChunked(true).write("partial"));  // never ends
        staller.listen().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        try {
            HttpExchange x = send(client, OutboundRequest.get(URI.create("http://127.0.0.1:" + staller.actualPort() + "/"))
                    .withTimeout(Duration.ofMillis(500)));
            assertEquals(ErrorClass.TIMEOUT, x.error().errorClass());
            assertTrue(x.error().message().contains("reading the response body"), x.error().message());
            assertEquals(200, x.status());
            assertEquals("partial", x.body());
        } finally {
            staller.close();
        }
    }

    @Test
    void headerInjectionRejected() {
        HttpExchange x = send(client, new OutboundRequest("GET", URI.create(base() + "/echo"),
                Map.of("X-Test", "a\r\nInjected: yes"), null, Duration.ofSeconds(5), false, 0, 0));
        assertNotNull(x.error(), () -> "request went out: " + x.body());
        assertEquals(ErrorClass.HTTP, x.error().errorClass());
        assertEquals(0, connections.get());
    }

    @Test
    void cancellationClosesTheConnection() throws Exception {
        var subscription = client.send(OutboundRequest.get(URI.create(base() + "/slow"))).subscribe()
                .with(x -> { }, t -> { });
        long deadline = System.currentTimeMillis() + 5_000;
        while (connections.get() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        long cancelledAt = System.nanoTime();
        subscription.cancel();
        // the connection must be closed promptly, long before /slow would answer (5 s)
        while (closed.get() == 0 && System.nanoTime() - cancelledAt < TimeUnit.SECONDS.toNanos(4)) {
            Thread.sleep(10);
        }
        assertEquals(1, closed.get(), "connection closed after cancellation");
    }

    // ---- SSRF guard ----------------------------------------------------------------------------------------------

    @Test
    void defaultPolicyBlocksLoopbackWithoutConnecting() {
        GuardedHttpClient strict = new GuardedHttpClient(vertx, EgressPolicy.defaults());
        try {
            HttpExchange x = send(strict, OutboundRequest.get(URI.create(base() + "/ok")));
            assertEquals(ErrorClass.BLOCKED, x.error().errorClass());
            assertEquals("127.0.0.1 is a loopback address; allow it with vigil.egress.allowed-networks", x.error().message());
            assertNull(x.status());
            assertNull(x.timings().connectMs());
            HttpExchange byName = send(strict, OutboundRequest.get(URI.create("http://localhost:" + port + "/ok")));
            assertEquals(ErrorClass.BLOCKED, byName.error().errorClass());
            assertTrue(byName.error().message().startsWith("localhost resolved to "), byName.error().message());
            assertEquals(0, connections.get(), "the test server must not have seen a connection");
        } finally {
            strict.close();
        }
    }

    @ParameterizedTest(name = "{0} blocked before connecting")
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]:1/",
            "http://[::ffff:127.0.0.1]:1/", "http://100.64.0.1/", "https://192.168.0.1/", "http://0.0.0.0:1/",
            "http://[fd00::1]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[fe80::1]/", "http://192.0.2.1/",
            "http://198.51.100.1/", "https://203.0.113.5/", "http://198.18.0.1/", "http://240.0.0.1/",
            "http://255.255.255.255/", "http://[2001:db8::1]/", "http://[::ffff:192.0.2.1]/", "http://224.0.0.1/"})
    void internalTargetsBlocked(String url) {
        GuardedHttpClient strict = new GuardedHttpClient(vertx, EgressPolicy.defaults());
        try {
            HttpExchange x = send(strict, OutboundRequest.get(URI.create(url)).withTimeout(Duration.ofSeconds(2)));
            assertEquals(ErrorClass.BLOCKED, x.error().errorClass(), x.error().message());
            assertTrue(x.error().message().contains("vigil.egress.allowed-networks"), x.error().message());
            assertNull(x.timings().connectMs(), "no connection attempted");
            assertTrue(x.timings().totalMs() < 1_000, "refused immediately, not after a connect attempt");
        } finally {
            strict.close();
        }
    }

    @Test
    void mappedLiteralNamesTheEmbeddedAddress() {
        GuardedHttpClient strict = new GuardedHttpClient(vertx, EgressPolicy.defaults());
        try {
            HttpExchange x = send(strict, OutboundRequest.get(URI.create("http://[::ffff:127.0.0.1]:" + port + "/ok")));
            assertEquals(ErrorClass.BLOCKED, x.error().errorClass());
            assertTrue(x.error().message().contains("127.0.0.1") && x.error().message().contains("loopback"), x.error().message());
            assertFalse(x.error().message().contains("resolved"), x.error().message());
            assertEquals(0, connections.get());
        } finally {
            strict.close();
        }
    }

    @ParameterizedTest(name = "{0} refused for its spelling, although loopback is allowed")
    @ValueSource(strings = {"0177.0.0.1", "0x7f.1", "127.1", "2130706433", "127.0.0.01", "0x7f000001", "127.0.0.1."})
    void ambiguousIpv4SpellingsAreBlockedWithoutLookupOrConnection(String host) {
        HttpExchange x = get("http://" + host + ":" + port + "/ok");
        assertEquals(ErrorClass.BLOCKED, x.error().errorClass(), x.error().message());
        assertTrue(x.error().message().contains("ambiguous IPv4 address"), x.error().message());
        assertNull(x.timings().dnsMs(), "no lookup");
        assertNull(x.timings().connectMs(), "no connection attempted");
        assertEquals(0, connections.get(), "the test server must not have seen a connection");
    }

    @Test
    void redirectToAnAmbiguousSpellingIsBlocked() {
        HttpExchange x = send(client, OutboundRequest.get(URI.create(base() + "/to-octal")).withFollowRedirects(true, 5));
        assertEquals(ErrorClass.BLOCKED, x.error().errorClass(), x.error().message());
        assertTrue(x.error().message().contains("0177.0.0.1"), x.error().message());
        assertEquals(1, connections.get(), "only the first hop connected");
    }

    @Test
    void nonHttpSchemeBlocked() {
        HttpExchange x = get("file:///etc/passwd");
        assertEquals(ErrorClass.BLOCKED, x.error().errorClass());
    }

    // ---- TLS -----------------------------------------------------------------------------------------------------

    private static HttpServer tlsServer(SelfSignedCertificate cert) throws Exception {
        HttpServer s = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true)
                        .setKeyCertOptions(cert.keyCertOptions()))
                .requestHandler(r -> r.response().end("secure"));
        return s.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void selfSignedCertificateIsTlsError() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
        HttpServer s = tlsServer(cert);
        try {
            HttpExchange x = get("https://localhost:" + s.actualPort() + "/");
            assertEquals(ErrorClass.TLS, x.error().errorClass(), x.error().message());
            assertTrue(x.error().message().contains("not trusted"), x.error().message());
            assertNull(x.status());
        } finally {
            s.close();
            cert.delete();
        }
    }

    @Test
    void trustedCertificateWorksAndReportsLeaf() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
        HttpServer s = tlsServer(cert);
        GuardedHttpClient trusting = new GuardedHttpClient(vertx, LOOPBACK_ALLOWED,
                GuardedHttpClient.Options.defaults().withTrustOptions(cert.trustOptions()));
        try {
            HttpExchange x = send(trusting, OutboundRequest.get(URI.create("https://localhost:" + s.actualPort() + "/")));
            assertNull(x.error(), () -> x.error().message());
            assertEquals(200, x.status());
            assertEquals("secure", x.body());
            assertNotNull(x.tls());
            assertTrue(x.tls().subject().contains("CN=localhost"), x.tls().subject());
            assertTrue(x.tls().daysLeft() > 0, "days left " + x.tls().daysLeft());
            assertNotNull(x.timings().dnsMs());
            assertNotNull(x.timings().connectMs());
            assertNotNull(x.timings().tlsMs(), "the TLS handshake is timed separately");
        } finally {
            trusting.close();
            s.close();
            cert.delete();
        }
    }

    @Test
    void slowTlsHandshakeIsReportedAsTlsNotConnect() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
        HttpServer s = tlsServer(cert);
        // TCP is accepted at once, but the server's handshake bytes are held back for 300 ms.
        io.vertx.core.net.NetServer slowHandshake = vertx.createNetServer().connectHandler(front -> {
            front.pause();
            vertx.createNetClient().connect(s.actualPort(), "127.0.0.1").onSuccess(back -> {
                back.pause();
                front.handler(back::write);
                front.closeHandler(v -> back.close());
                back.closeHandler(v -> front.close());
                front.resume();
                vertx.setTimer(300, t -> {
                    back.handler(front::write);
                    back.resume();
                });
            });
        });
        slowHandshake.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        GuardedHttpClient trusting = new GuardedHttpClient(vertx, LOOPBACK_ALLOWED,
                GuardedHttpClient.Options.defaults().withTrustOptions(cert.trustOptions()));
        try {
            HttpExchange x = send(trusting, OutboundRequest.get(URI.create("https://localhost:" + slowHandshake.actualPort() + "/")));
            assertNull(x.error(), () -> x.error().message());
            Timings t = x.timings();
            assertTrue(t.tlsMs() >= 290, t.toString());
            assertTrue(t.connectMs() < 250, t.toString());
            assertTrue(t.totalMs() >= t.connectMs() + t.tlsMs(), t.toString());
        } finally {
            trusting.close();
            slowHandshake.close();
            s.close();
            cert.delete();
        }
    }

    private static HttpServer tlsServer(io.vertx.core.net.KeyCertOptions keyCert) throws Exception {
        HttpServer s = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true)
                        .setKeyCertOptions(keyCert))
                .requestHandler(r -> r.response().end("secure " + r.getHeader("Host")));
        return s.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static HttpExchange viaTrustingClient(TestCerts certs, HttpServer s, String url) throws Exception {
        GuardedHttpClient trusting = new GuardedHttpClient(vertx, LOOPBACK_ALLOWED,
                GuardedHttpClient.Options.defaults().withTrustOptions(certs.trust()));
        try {
            return send(trusting, OutboundRequest.get(URI.create(url)).withTimeout(Duration.ofSeconds(5)));
        } finally {
            trusting.close();
            s.close();
        }
    }

    @Test
    void caSignedCertificateWorksAndReportsDaysLeft() throws Exception {
        TestCerts certs = new TestCerts();
        HttpServer s = tlsServer(certs.validLeaf("localhost"));
        HttpExchange x = viaTrustingClient(certs, s, "https://localhost:" + s.actualPort() + "/");
        assertNull(x.error(), () -> x.error().message());
        assertEquals("secure localhost:" + s.actualPort(), x.body());
        assertEquals(30, x.tls().daysLeft());
        assertEquals("CN=localhost", x.tls().subject());
        assertEquals("CN=Vigil Test CA", x.tls().issuer());
    }

    @Test
    void expiredCertificateIsTlsError() throws Exception {
        TestCerts certs = new TestCerts();
        Instant now = Instant.now();
        HttpServer s = tlsServer(certs.leaf("localhost", now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(35))));
        HttpExchange x = viaTrustingClient(certs, s, "https://localhost:" + s.actualPort() + "/");
        assertEquals(ErrorClass.TLS, x.error().errorClass(), x.error().message());
        assertTrue(x.error().message().contains("expired"), x.error().message());
    }

    @Test
    void sanMismatchIsTlsError() throws Exception {
        TestCerts certs = new TestCerts();
        HttpServer s = tlsServer(certs.validLeaf("www.example.com"));
        HttpExchange x = viaTrustingClient(certs, s, "https://localhost:" + s.actualPort() + "/");
        assertEquals(ErrorClass.TLS, x.error().errorClass(), x.error().message());
        assertTrue(x.error().message().contains("hostname mismatch"), x.error().message());
    }

    @Test
    void ipLiteralNotInCertificateIsTlsMismatch() throws Exception {
        TestCerts certs = new TestCerts();
        HttpServer s = tlsServer(certs.validLeaf("localhost"));
        HttpExchange x = viaTrustingClient(certs, s, "https://127.0.0.1:" + s.actualPort() + "/");
        assertEquals(ErrorClass.TLS, x.error().errorClass(), x.error().message());
        assertTrue(x.error().message().contains("hostname mismatch"), x.error().message());
    }

    @Test
    void plainHttpToTlsPortIsAnError() throws Exception {
        TestCerts certs = new TestCerts();
        HttpServer s = tlsServer(certs.validLeaf("localhost"));
        try {
            HttpExchange x = get("http://127.0.0.1:" + s.actualPort() + "/");
            assertNotNull(x.error());
            assertNull(x.status());
        } finally {
            s.close();
        }
    }

    @Test
    void hostnameMismatchIsTlsError() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create("other.example");
        HttpServer s = tlsServer(cert);
        GuardedHttpClient trusting = new GuardedHttpClient(vertx, LOOPBACK_ALLOWED,
                GuardedHttpClient.Options.defaults().withTrustOptions(cert.trustOptions()));
        try {
            HttpExchange x = send(trusting, OutboundRequest.get(URI.create("https://localhost:" + s.actualPort() + "/")));
            assertEquals(ErrorClass.TLS, x.error().errorClass(), x.error().message());
            assertTrue(x.error().message().contains("hostname mismatch"), x.error().message());
        } finally {
            trusting.close();
            s.close();
            cert.delete();
        }
    }
}

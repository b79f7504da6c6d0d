package io.vigil.probe;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vigil.egress.EgressPolicy;
import io.vigil.egress.ErrorClass;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.vigil.probe.TcpProbeTest.LOOPBACK_ALLOWED;
import static io.vigil.probe.TcpProbeTest.WAIT;
import static io.vigil.probe.TcpProbeTest.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hand-built fake name server on 127.0.0.1 (Vert.x DatagramSocket); the probe only ever queries it. Nothing here
 * uses the system resolver or any other address.
 */
class DnsProbeTest {

    private static Vertx vertx;
    private static DatagramSocket server;
    private static int port;
    private static final AtomicInteger queries = new AtomicInteger();
    private static DnsProbe probe;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createDatagramSocket(new DatagramSocketOptions());
        server.handler(packet -> {
            queries.incrementAndGet();
            Buffer reply = answer(packet.data());
            if (reply != null) {
                server.send(reply, packet.sender().port(), packet.sender().host());
            }
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        port = server.localAddress().port();
        probe = new DnsProbe(vertx, LOOPBACK_ALLOWED);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void reset() {
        queries.set(0);
    }

    /** Answers www.vigil.test A (two addresses) and TXT; "silent.vigil.test" gets no reply; anything else NXDOMAIN. */
    private static Buffer answer(Buffer q) {
        int pos = 12;
        StringBuilder name = new StringBuilder();
        while (q.getUnsignedByte(pos) != 0) {
            int len = q.getUnsignedByte(pos);
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(q.getString(pos + 1, pos + 1 + len, "US-ASCII"));
            pos += len + 1;
        }
        pos += 1;
        int qtype = q.getUnsignedShort(pos);
        int questionEnd = pos + 4;
        String n = name.toString().toLowerCase(Locale.ROOT);
        if (n.equals("silent.vigil.test")) {
            return null;
        }
        List<byte[]> rdata;
        if (n.equals("www.vigil.test") && qtype == 1) {
            rdata = List.of(new byte[]{10, 0, 0, 2}, new byte[]{1, 2, 3, 4});
        } else if (n.equals("www.vigil.test") && qtype == 16) {
            byte[] txt = "v=spf1 -all".getBytes(StandardCharsets.US_ASCII);
            byte[] r = new byte[txt.length + 1];
            r[0] = (byte) txt.length;
            System.arraycopy(txt, 0, r, 1, txt.length);
            rdata = List.of(r);
        } else if (n.equals("www.vigil.test")) {
            rdata = List.of();   // name exists, no records of that type
        } else {
            rdata = null;
        }
        Buffer out = Buffer.buffer();
        out.appendBuffer(q.getBuffer(0, 2));                           // id
        out.appendUnsignedShort(rdata == null ? 0x8183 : 0x8180);      // response, RD, RA, rcode
        out.appendUnsignedShort(1);
        out.appendUnsignedShort(rdata == null ? 0 : rdata.size());
        out.appendUnsignedShort(0);
        out.appendUnsignedShort(0);
        out.appendBuffer(q.getBuffer(12, questionEnd));
        if (rdata != null) {
            for (byte[] r : rdata) {
                out.appendUnsignedShort(0xC00C);   // pointer to the question name
                out.appendUnsignedShort(qtype);
                out.appendUnsignedShort(1);
                out.appendInt(60);
                out.appendUnsignedShort(r.length);
                out.appendBytes(r);
            }
        }
        return out;
    }

    private String url(String name, String type) {
        return "dns://127.0.0.1:" + port + "/" + name + "?type=" + type;
    }

    private static ProbeObservation run(DnsProbe p, String url, long timeoutMs) {
        return p.run(spec("dns", url, null, timeoutMs)).await().atMost(WAIT);
    }

    @Test
    void aRecordsSortedOnePerLine() {
        ProbeObservation o = run(probe, url("www.vigil.test", "A"), 2000);
        assertNull(o.error(), () -> o.error().message());
        assertEquals("1.2.3.4\n10.0.0.2", o.body());
        assertNotNull(o.timings().dnsMs());
        assertNotNull(o.timings().totalMs());
        assertNull(o.timings().connectMs());
        assertNull(o.status());
        assertEquals(1, queries.get());
    }

    @Test
    void txtRecords() {
        ProbeObservation o = run(probe, url("www.vigil.test", "txt"), 2000);
        assertNull(o.error(), () -> o.error().message());
        assertEquals("v=spf1 -all", o.body());
    }

    @Test
    void nxdomainIsDnsError() {
        ProbeObservation o = run(probe, url("nope.vigil.test", "A"), 2000);
        assertEquals(ErrorClass.DNS, o.error().errorClass(), o.error().message());
        assertTrue(o.error().message().contains("NXDOMAIN"), o.error().message());
        assertNull(o.body());
    }

    @Test
    void emptyAnswerIsDnsError() {
        ProbeObservation o = run(probe, url("www.vigil.test", "AAAA"), 2000);
        assertEquals(ErrorClass.DNS, o.error().errorClass(), o.error().message());
        assertTrue(o.error().message().contains("no AAAA records"), o.error().message());
    }

    @Test
    void silentServerIsTimeout() {
        long t0 = System.nanoTime();
        ProbeObservation o = run(probe, url("silent.vigil.test", "A"), 300);
        assertEquals(ErrorClass.TIMEOUT, o.error().errorClass(), o.error().message());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 3_000);
    }

    @Test
    void refusedResolverIsBlockedWithoutAQuery() throws Exception {
        DnsProbe strict = new DnsProbe(vertx, EgressPolicy.defaults());
        ProbeObservation o = run(strict, url("www.vigil.test", "A"), 2000);
        assertEquals(ErrorClass.BLOCKED, o.error().errorClass(), o.error().message());
        Thread.sleep(100);
        assertEquals(0, queries.get(), "no packet reached the resolver");
    }

    @Test
    void invalidNamesAreNeverQueried() {
        // No resolver in the URL would mean the system resolver: the .invalid short-circuit keeps this test offline.
        ProbeObservation o = run(probe, "dns:///nothing.invalid?type=A", 2000);
        assertEquals(ErrorClass.DNS, o.error().errorClass(), o.error().message());
        assertTrue(o.error().message().contains(".invalid"), o.error().message());
        ProbeObservation local = run(probe, url("nothing.invalid", "A"), 2000);
        assertEquals(ErrorClass.DNS, local.error().errorClass());
        assertEquals(0, queries.get());
    }

    @Test
    void urlParsing() {
        DnsProbe.Query q = DnsProbe.Query.parse("dns:///example.com?type=mx");
        assertNull(q.resolverHost());
        assertEquals("example.com", q.name());
        assertEquals("MX", q.type());
        DnsProbe.Query r = DnsProbe.Query.parse("dns://[::1]:5353/example.com.?type=AAAA");
        assertEquals("::1", r.resolverHost());
        assertEquals(5353, r.resolverPort());
        assertEquals("example.com", r.name());
        assertThrows(IllegalArgumentException.class, () -> DnsProbe.Query.parse("dns:///example.com"));
        assertThrows(IllegalArgumentException.class, () -> DnsProbe.Query.parse("dns:///example.com?type=SOA"));
        assertThrows(IllegalArgumentException.class, () -> DnsProbe.Query.parse("dns://1.1.1.1/?type=A"));
        assertThrows(IllegalArgumentException.class, () -> DnsProbe.Query.parse("http://example.com/?type=A"));
    }
}

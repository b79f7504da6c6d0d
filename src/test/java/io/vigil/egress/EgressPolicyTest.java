package io.vigil.egress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EgressPolicyTest {

    private static final EgressPolicy DEFAULT = EgressPolicy.defaults();

    /** Parses an IP literal without any DNS (InetAddress.getByName does no lookup for literals). */
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest(name = "{0} blocked by default ({1})")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1        | loopback",
            "127.255.255.254  | loopback",
            "0.0.0.0          | unspecified",
            "0.1.2.3          | unspecified",
            "10.0.0.1         | private",
            "172.16.0.1       | private",
            "172.31.255.255   | private",
            "192.168.1.1      | private",
            "169.254.169.254  | cloud metadata",
            "169.254.1.1      | link-local",
            "100.64.0.1       | carrier-grade NAT",
            "100.127.255.255  | carrier-grade NAT",
            "224.0.0.1        | multicast",
            "239.255.255.250  | multicast",
            "255.255.255.255  | broadcast",
            "240.0.0.1        | reserved",
            "198.18.0.1       | benchmarking",
            "198.19.255.255   | benchmarking",
            "192.0.2.1        | documentation (TEST-NET-1)",
            "198.51.100.7     | documentation (TEST-NET-2)",
            "203.0.113.255    | documentation (TEST-NET-3)",
            "192.0.0.8        | IETF protocol-assignment",
            "192.88.99.1      | reserved",
            "0.255.255.255    | unspecified",
            "255.255.255.254  | reserved",
            "2001:db8::1      | documentation",
            "3fff::1          | documentation",
            "2001:2::1        | benchmarking",
            "::ffff:192.0.2.1 | documentation (TEST-NET-1)",
            "64:ff9b::c633:6401 | documentation (TEST-NET-2)",
            "::ffff:100.64.0.1 | carrier-grade NAT",
            "64:ff9b::ffff:ffff | broadcast",
            "::1              | loopback",
            "::               | unspecified",
            "fe80::1          | link-local",
            "fc00::1          | unique-local",
            "fd12:3456::1     | unique-local",
            "ff02::1          | multicast",
            "::ffff:127.0.0.1 | loopback",
            "::ffff:10.1.2.3  | private",
            "::ffff:169.254.169.254 | cloud metadata",
            "::127.0.0.1      | loopback",
            "64:ff9b::7f00:1  | loopback",
            "64:ff9b::a9fe:a9fe | cloud metadata",
            "2002:7f00:1::1   | loopback",
            "2002:c0a8:101::1 | private",
    })
    void blockedByDefault(String address, String reasonFragment) throws Exception {
        Optional<String> refusal = DEFAULT.refusal(ip(address));
        assertTrue(refusal.isPresent(), address + " should be refused");
        assertTrue(refusal.get().contains(reasonFragment), refusal.get());
        assertTrue(refusal.get().contains(EgressPolicy.ALLOW_PROPERTY), refusal.get());
    }

    @Test
    void ipv4MappedSixteenByteFormIsCheckedAsItsEmbeddedV4() throws Exception {
        // InetAddress.getByName folds ::ffff:a.b.c.d into an Inet4Address; build the raw 16-byte form explicitly too.
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        InetAddress v6 = java.net.Inet6Address.getByAddress(null, mapped, -1);
        Optional<String> r = DEFAULT.refusal(v6);
        assertTrue(r.isPresent());
        assertTrue(r.get().contains("loopback"), r.get());
    }

    @Test
    void loopbackMessageIsActionable() throws Exception {
        assertEquals(Optional.of("127.0.0.1 is a loopback address; allow it with vigil.egress.allowed-networks"),
                DEFAULT.refusal(ip("127.0.0.1")));
    }

    @ParameterizedTest(name = "{0} allowed by default")
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.215.14", "172.15.255.255", "172.32.0.1", "100.63.255.255",
            "100.128.0.1", "169.253.0.1", "192.167.1.1", "192.0.3.1", "198.51.101.1", "203.0.114.1", "198.20.0.1", "2606:4700:4700::1111", "2a00:1450:4001::200e",
            "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"})
    void publicAddressesAllowed(String address) throws Exception {
        assertEquals(Optional.empty(), DEFAULT.refusal(ip(address)));
    }

    @ParameterizedTest(name = "allow {0}: {1} -> allowed={2}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.0/8,::1/128   | 127.0.0.1          | true",
            "127.0.0.0/8,::1/128   | 127.9.9.9          | true",
            "127.0.0.0/8,::1/128   | ::1                | true",
            "127.0.0.0/8,::1/128   | ::ffff:127.0.0.1   | true",
            "127.0.0.0/8,::1/128   | 10.0.0.1           | false",
            "127.0.0.0/8,::1/128   | 169.254.169.254    | false",
            "10.1.0.0/16           | 10.1.200.3         | true",
            "10.1.0.0/16           | 10.2.0.1           | false",
            "10.1.2.3              | 10.1.2.3           | true",
            "10.1.2.3              | 10.1.2.4           | false",
            "10.9.9.9/8            | 10.200.0.1         | true",
            "fd00::/8              | fd00::5            | true",
            "fd00::/8              | fc00::5            | false",
            "192.168.0.0/16        | 64:ff9b::c0a8:101  | true",
            "192.0.2.0/24          | 192.0.2.1          | true",
            "192.0.2.0/24          | 198.51.100.1       | false",
            "100.64.0.0/10         | 100.100.100.100    | true",
            "198.18.0.0/15         | 198.18.5.5         | true",
            "240.0.0.0/4           | 240.0.0.1          | true",
            "2001:db8::/32         | 2001:db8::1        | true",
            "203.0.113.0/24        | ::ffff:203.0.113.9 | true",
    })
    void allowListOverrides(String allow, String address, boolean allowed) throws Exception {
        EgressPolicy policy = EgressPolicy.fromProperty(allow);
        assertEquals(allowed, policy.refusal(ip(address)).isEmpty(), () -> String.valueOf(policy.refusal(ipUnchecked(address))));
    }

    private static InetAddress ipUnchecked(String s) {
        try {
            return ip(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "bad CIDR {0}")
    @ValueSource(strings = {"10.0.0.0/33", "300.1.1.1/8", "10.0.0/8", "localhost", "10.0.0.0/", "*", "::1/129",
            "10.0.0.0/8/8", "1.2.3.4-5", "012.1.1.1", "10.0.0.0 /8", "gggg::/16"})
    void badCidrRejected(String cidr) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EgressPolicy(List.of(cidr)));
        assertTrue(e.getMessage().contains(EgressPolicy.ALLOW_PROPERTY), e.getMessage());
        assertTrue(e.getMessage().contains(cidr), e.getMessage());
    }

    @Test
    void blankPropertyMeansNoAllowList() {
        assertTrue(EgressPolicy.fromProperty("").allowedNetworks().isEmpty());
        assertTrue(EgressPolicy.fromProperty(null).allowedNetworks().isEmpty());
        assertEquals(List.of("127.0.0.0/8", "::1/128"), EgressPolicy.fromProperty(" 127.0.0.0/8 , ::1/128 ").allowedNetworks());
    }

    @ParameterizedTest(name = "scheme of {0}")
    @CsvSource({"http://example.com/,true", "https://example.com/x,true", "HTTPS://example.com/,true",
            "ftp://example.com/,false", "file:///etc/passwd,false", "gopher://example.com/,false",
            "jar:http://example.com/!/,false"})
    void onlyHttpAndHttpsSchemes(String url, boolean ok) {
        Optional<String> r = DEFAULT.refusal(URI.create(url));
        assertEquals(ok, r.isEmpty(), r.toString());
        if (!ok) {
            assertFalse(r.get().isBlank());
        }
    }

    // --- host spellings that parsers read differently (refused on save and at send, whatever the allow-list) ---

    private static final EgressPolicy LOOPBACK_ALLOWED = EgressPolicy.fromProperty("127.0.0.0/8,::1/128");

    @ParameterizedTest(name = "ambiguous host {0} (curl reads {1})")
    @CsvSource(delimiter = '|', value = {
            "0177.0.0.1      | 127.0.0.1",
            "010.0.0.1       | 8.0.0.1",
            "127.0.0.01      | 127.0.0.1",
            "0x7f.1          | 127.0.0.1",
            "0x7f000001      | 127.0.0.1",
            "127.1           | 127.0.0.1",
            "2130706433      | 127.0.0.1",
            "0300.0250.0.1   | 192.168.0.1",
            "127.0.0.1.      | 127.0.0.1",
            "8.8.8.010       | 8.8.8.8",
    })
    void ambiguousIpv4SpellingsAreRefusedEvenWhenTheAddressIsAllowed(String host, String curlReads) {
        for (EgressPolicy policy : List.of(DEFAULT, LOOPBACK_ALLOWED, EgressPolicy.fromProperty("0.0.0.0/0"))) {
            Optional<String> r = policy.hostRefusal(host);
            assertTrue(r.isPresent(), host + " must be refused by " + policy);
            assertTrue(r.get().contains("ambiguous") && r.get().contains("read it as " + curlReads), r.get());
        }
    }

    @ParameterizedTest(name = "invalid numeric host {0}")
    @ValueSource(strings = {"1.2.3.4.5", "08.1.1.1", "256.1.1.1", "4294967296", "example.com.42", "[::ffff:0177.0.0.1]",
            "[1::2::3]", "::ffff:127.1"})
    void hostsEndingInANumberThatAreNoAddressAreRefused(String host) {
        Optional<String> r = EgressPolicy.fromProperty("0.0.0.0/0,::/0").hostRefusal(host);
        assertTrue(r.isPresent(), host);
        assertTrue(r.get().contains("not a valid"), r.get());
    }

    @ParameterizedTest(name = "host {0} judged by address")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1         | loopback",
            "[::1]             | loopback",
            "::1               | loopback",
            "localhost         | loopback",
            "LOCALHOST         | loopback",
            "app.localhost     | loopback",
            "[::ffff:10.0.0.1] | private",
            "192.0.2.1         | documentation",
            "0.0.0.0           | unspecified",
    })
    void literalHostsAndLocalhostAreJudgedWithoutDns(String host, String label) {
        Optional<String> r = DEFAULT.hostRefusal(host);
        assertTrue(r.isPresent() && r.get().contains(label), host + ": " + r);
    }

    @ParameterizedTest(name = "host {0} left to resolution")
    @ValueSource(strings = {"example.com", "hooks.slack.com", "1e100.net", "0x.example", "123.example", "8.8.8.8", "[2606:4700::1111]",
            "deadbeef", "xn--bcher-kva.example", "example.com."})
    void namesAndPublicLiteralsPass(String host) {
        assertEquals(Optional.empty(), DEFAULT.hostRefusal(host));
    }

    @Test
    void allowListLetsLiteralAndLocalhostThrough() {
        assertEquals(Optional.empty(), LOOPBACK_ALLOWED.hostRefusal("127.0.0.1"));
        assertEquals(Optional.empty(), LOOPBACK_ALLOWED.hostRefusal("localhost"));
        assertEquals(Optional.empty(), EgressPolicy.fromProperty("192.0.2.0/24").hostRefusal("192.0.2.1"));
    }

    @ParameterizedTest(name = "destination {0}")
    @CsvSource(delimiter = '|', value = {
            "http://0177.0.0.1/hook           | ambiguous",
            "http://0x7f.1/                   | ambiguous",
            "http://127.1:8080/x              | ambiguous",
            "http://user@2130706433/          | ambiguous",
            "http://192.0.2.1/hook            | documentation",
            "https://[2001:db8::5]/hook       | documentation",
            "http://[::ffff:169.254.169.254]/ | cloud metadata",
            "http://localhost:9/              | loopback",
            "ftp://example.com/               | scheme",
            "http:///nohost                   | host",
            "not a url                        | not a valid URL",
    })
    void destinationsAreCheckedOnSaveWithoutDns(String url, String fragment) {
        Optional<String> r = DEFAULT.destinationRefusal(url);
        assertTrue(r.isPresent() && r.get().contains(fragment), url + ": " + r);
    }

    @Test
    void destinationAllowedByTheAllowList() {
        assertEquals(Optional.empty(), EgressPolicy.fromProperty("192.0.2.0/24").destinationRefusal("http://192.0.2.1/hook"));
        assertEquals(Optional.empty(), LOOPBACK_ALLOWED.destinationRefusal("http://127.0.0.1:8080/hook"));
        assertEquals(Optional.empty(), DEFAULT.destinationRefusal("https://hooks.slack.com/services/T0/B0/x"));
        assertTrue(LOOPBACK_ALLOWED.destinationRefusal("http://0177.0.0.1/").isPresent(), "spelling is not an address");
    }

    @Test
    void urlErrorsAreClassified() {
        assertEquals(ErrorClass.BLOCKED, DEFAULT.urlError(URI.create("http://0x7f.1/")).orElseThrow().errorClass());
        assertEquals(ErrorClass.BLOCKED, DEFAULT.urlError(URI.create("gopher://example.com/")).orElseThrow().errorClass());
        assertEquals(ErrorClass.HTTP, DEFAULT.urlError(URI.create("http:///x")).orElseThrow().errorClass());
        assertEquals(Optional.empty(), DEFAULT.urlError(URI.create("http://127.0.0.1/")), "addresses are judged after resolution");
    }
}

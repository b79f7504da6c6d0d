package io.vigil.egress;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SSRF guard shared by every outbound request Vigil makes: probes, notification channels and status-page
 * subscriber webhooks, at send time (every hop, after resolution) and on save ({@link #destinationRefusal} for URLs,
 * {@link #hostRefusal} for hosts; both without DNS).
 *
 * <p>By default every address that is not plainly a public unicast address is refused: loopback,
 * unspecified, RFC 1918 private, link-local (including the cloud metadata address 169.254.169.254),
 * CGNAT, IPv6 unique-local, multicast, broadcast, documentation, benchmarking, reserved ranges, and IPv6
 * forms that embed one of those IPv4 addresses (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96, 6to4,
 * Teredo). The operator's allow-list ({@value #ALLOW_PROPERTY}) overrides all of it. Hosts spelled so that
 * parsers disagree on the address ({@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1}, {@code 2130706433}) are
 * refused whatever the allow-list says: see {@link HostForms}.
 *
 * <p>Immutable and thread-safe.
 */
public final class EgressPolicy {

    /** The configuration property operators use to allow networks; named in refusal messages. */
    public static final String ALLOW_PROPERTY = "vigil.egress.allowed-networks";

    private static final Pattern CIDR_SHAPE = Pattern.compile("[0-9A-Fa-f:.]+(/[0-9]{1,3})?");

    private static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
            .allowEmpty(false)
            .allowAll(false)
            .allowSingleSegment(false)
            .allowMask(false)
            .allowPrefixOnly(false)
            .allowWildcardedSeparator(false)
            .allow_inet_aton(false)
            .getIPv4AddressParametersBuilder().allowLeadingZeros(false).allowPrefixesBeyondAddressSize(false).getParentBuilder()
            .toParams();

    private record Range(IPAddress block, String label) {
    }

    /** IPv4 ranges refused by default; more specific entries first so the label is the most precise one. */
    private static final List<Range> BLOCKED_V4 = List.of(
            range("169.254.169.254/32", "cloud metadata (link-local)"),
            range("255.255.255.255/32", "broadcast"),
            range("127.0.0.0/8", "loopback"),
            range("0.0.0.0/8", "unspecified (\"this network\")"),
            range("10.0.0.0/8", "private (RFC 1918)"),
            range("172.16.0.0/12", "private (RFC 1918)"),
            range("192.168.0.0/16", "private (RFC 1918)"),
            range("169.254.0.0/16", "link-local"),
            range("100.64.0.0/10", "carrier-grade NAT (shared, RFC 6598)"),
            range("192.0.0.0/24", "IETF protocol-assignment (special-purpose)"),
            range("192.0.2.0/24", "documentation (TEST-NET-1)"),
            range("198.51.100.0/24", "documentation (TEST-NET-2)"),
            range("203.0.113.0/24", "documentation (TEST-NET-3)"),
            range("192.88.99.0/24", "reserved (former 6to4 relay anycast)"),
            range("198.18.0.0/15", "benchmarking (RFC 2544)"),
            range("224.0.0.0/4", "multicast"),
            range("240.0.0.0/4", "reserved"));

    /** IPv6 ranges refused by default (embedded-IPv4 forms are handled separately, see {@link #embeddedIpv4}). */
    private static final List<Range> BLOCKED_V6 = List.of(
            range("::1/128", "loopback"),
            range("::/128", "unspecified"),
            range("fe80::/10", "link-local"),
            range("fec0::/10", "site-local (deprecated)"),
            range("fc00::/7", "unique-local (ULA)"),
            range("ff00::/8", "multicast"),
            range("64:ff9b:1::/48", "local-use NAT64 (RFC 8215)"),
            range("100::/64", "discard-only (RFC 6666)"),
            range("2001:2::/48", "benchmarking (RFC 5180)"),
            range("2001:db8::/32", "documentation"),
            range("3fff::/20", "documentation"));

    private static final InetAddress LOOPBACK = NetUtil.LOCALHOST4;

    private static final IPAddress V4_MAPPED = parse("::ffff:0:0/96");
    private static final IPAddress V4_COMPATIBLE = parse("::/96");
    private static final IPAddress NAT64 = parse("64:ff9b::/96");
    private static final IPAddress SIX_TO_FOUR = parse("2002::/16");
    private static final IPAddress TEREDO = parse("2001::/32");

    private final List<IPAddress> allowed;

    /** A policy with no allow-list: every non-public address is refused. */
    public static EgressPolicy defaults() {
        return new EgressPolicy(List.of());
    }

    /**
     * Parses a comma-separated allow-list as found in {@value #ALLOW_PROPERTY} (blank or null = none).
     *
     * @throws IllegalArgumentException on a malformed entry
     */
    public static EgressPolicy fromProperty(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return defaults();
        }
        return new EgressPolicy(Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    /**
     * @param allowedCidrs operator-allowed networks, e.g. {@code 127.0.0.0/8} or {@code ::1/128}; a bare address
     *                     means that single address
     * @throws IllegalArgumentException naming the offending entry when one is not a valid CIDR
     */
    public EgressPolicy(Collection<String> allowedCidrs) {
        List<IPAddress> list = new ArrayList<>();
        for (String cidr : allowedCidrs == null ? List.<String>of() : allowedCidrs) {
            list.add(parseCidr(cidr));
        }
        this.allowed = List.copyOf(list);
    }

    /** Allowed networks in canonical CIDR form, for logging at boot. */
    public List<String> allowedNetworks() {
        return allowed.stream().map(IPAddress::toCanonicalString).toList();
    }

    /**
     * Why a request to {@code url} must not even be attempted (scheme, shape or host spelling), or empty when the URL
     * may proceed to address resolution. The address itself is checked with {@link #refusal(InetAddress)} after
     * resolution.
     */
    public Optional<String> refusal(URI url) {
        return urlError(url).map(ProbeError::message);
    }

    /**
     * {@link #refusal(URI)} as the client reports it: {@link ErrorClass#BLOCKED} for a scheme or a host spelling the
     * policy refuses, {@link ErrorClass#HTTP} for a URL without a usable host.
     */
    public Optional<ProbeError> urlError(URI url) {
        if (url == null) {
            return Optional.of(new ProbeError(ErrorClass.HTTP, "no URL given"));
        }
        String scheme = url.getScheme();
        if (scheme == null) {
            return Optional.of(new ProbeError(ErrorClass.BLOCKED, "URL '" + url + "' has no scheme; only http and https are allowed"));
        }
        if (!schemeAllowed(scheme)) {
            return Optional.of(new ProbeError(ErrorClass.BLOCKED, "scheme '" + scheme + "' is not allowed; only http and https are allowed"));
        }
        Optional<String> spelling = spellingRefusal(url);
        if (spelling.isPresent()) {
            return Optional.of(new ProbeError(ErrorClass.BLOCKED, spelling.get()));
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            return Optional.of(new ProbeError(ErrorClass.HTTP, "URL '" + url + "' has no valid host name"));
        }
        return Optional.empty();
    }

    /**
     * Why the host of {@code url} is refused for its spelling alone ({@code http://0x7f.1/}, {@code http://0177.0.0.1/}),
     * or empty. No allow-list permits such a host, so this needs no policy; it also explains hosts that
     * {@link URI#getHost()} gives up on.
     */
    public static Optional<String> spellingRefusal(URI url) {
        String host = HostForms.hostAsWritten(url);
        return host == null || host.isEmpty() ? Optional.empty() : HostForms.refusal(host);
    }

    /**
     * The save-time check of a URL Vigil will send to (a webhook, a channel's endpoint, a subscriber's webhook): why
     * it is refused, or empty. Scheme, host spelling, and the address of a literal host (or {@code localhost}) are
     * judged here without DNS; a host name is checked when it resolves, at every send, like a check's.
     */
    public Optional<String> destinationRefusal(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("no URL given");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            return Optional.of("'" + url + "' is not a valid URL: " + e.getReason());
        }
        Optional<String> shape = refusal(uri);
        return shape.isPresent() ? shape : hostRefusal(uri.getHost());
    }

    /**
     * Why {@code host} (as written in a URL, brackets allowed) must not be contacted, judged without DNS: its spelling,
     * and for a literal address (or {@code localhost}, which names loopback) the address. Empty for other host names,
     * which are checked once they resolve.
     */
    public Optional<String> hostRefusal(String host) {
        Optional<String> spelling = HostForms.refusal(host);
        if (spelling.isPresent()) {
            return spelling;
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.equals("localhost") || lower.endsWith(".localhost") || lower.equals("localhost.")) {
            // RFC 6761 §6.3: localhost names are loopback whatever DNS says.
            return refusal(LOOPBACK).map(why -> host + " names the loopback address: " + why);
        }
        InetAddress literal = HostForms.literal(host);
        return literal == null ? Optional.empty() : refusal(literal);
    }

    /** Whether {@code scheme} is one outbound requests may use (http or https, case-insensitive). */
    public static boolean schemeAllowed(String scheme) {
        return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"));
    }

    /**
     * Why a connection to {@code address} is refused, as a sentence a person can act on, or empty when it is allowed.
     */
    public Optional<String> refusal(InetAddress address) {
        if (address == null) {
            return Optional.of("no address to check");
        }
        IPAddress ip = toIpAddress(address);
        String shown = ip.toCanonicalString();
        if (isAllowed(ip)) {
            return Optional.empty();
        }
        if (ip.isIPv4()) {
            return v4Label(ip.toIPv4()).map(label -> shown + " is " + article(label) + " address; " + hint(shown));
        }
        IPv6Address v6 = ip.toIPv6();
        Optional<String> v6Label = BLOCKED_V6.stream().filter(r -> r.block.contains(v6)).map(Range::label).findFirst();
        if (v6Label.isPresent()) {
            return Optional.of(shown + " is " + article(v6Label.get()) + " address; " + hint(shown));
        }
        Embedded embedded = embeddedIpv4(v6);
        if (embedded != null) {
            if (isAllowed(embedded.v4)) {
                return Optional.empty();
            }
            String v4Text = embedded.v4.toCanonicalString();
            return v4Label(embedded.v4).map(label -> shown + " is " + article(embedded.form) + " form of " + v4Text + ", which is "
                    + article(label) + " address; " + hint(shown));
        }
        return Optional.empty();
    }

    private boolean isAllowed(IPAddress ip) {
        for (IPAddress net : allowed) {
            if (net.getIPVersion() == ip.getIPVersion() && net.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> v4Label(IPv4Address v4) {
        return BLOCKED_V4.stream().filter(r -> r.block.contains(v4)).map(Range::label).findFirst();
    }

    private record Embedded(IPv4Address v4, String form) {
    }

    /** The IPv4 address carried inside an IPv6 transition form, or null when there is none. */
    private static Embedded embeddedIpv4(IPv6Address v6) {
        byte[] b = v6.getBytes();
        if (V4_MAPPED.contains(v6)) {
            return new Embedded(v4(b[12], b[13], b[14], b[15]), "IPv4-mapped");
        }
        if (V4_COMPATIBLE.contains(v6)) {
            return new Embedded(v4(b[12], b[13], b[14], b[15]), "IPv4-compatible");
        }
        if (NAT64.contains(v6)) {
            return new Embedded(v4(b[12], b[13], b[14], b[15]), "NAT64");
        }
        if (SIX_TO_FOUR.contains(v6)) {
            return new Embedded(v4(b[2], b[3], b[4], b[5]), "6to4");
        }
        if (TEREDO.contains(v6)) {
            // RFC 4380: the client's public IPv4 address is stored bit-inverted in the last 32 bits.
            return new Embedded(v4((byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]), "Teredo");
        }
        return null;
    }

    private static IPv4Address v4(byte a, byte b, byte c, byte d) {
        return new IPv4Address(new byte[]{a, b, c, d});
    }

    private static IPAddress toIpAddress(InetAddress address) {
        byte[] bytes = address.getAddress(); // drops any IPv6 scope id, which is irrelevant to the decision
        return bytes.length == 4 ? new IPv4Address(bytes) : new IPv6Address(bytes);
    }

    private static String hint(String ignored) {
        return "allow it with " + ALLOW_PROPERTY;
    }

    private static String article(String label) {
        char c = Character.toLowerCase(label.charAt(0));
        boolean vowelSound = "aeiou".indexOf(c) >= 0 || label.startsWith("IPv4");
        return (vowelSound ? "an " : "a ") + label;
    }

    private static IPAddress parseCidr(String raw) {
        String cidr = raw == null ? "" : raw.trim();
        if (cidr.isEmpty() || !CIDR_SHAPE.matcher(cidr).matches()) {
            throw new IllegalArgumentException(badCidr(raw, "expected an address or CIDR such as 10.0.0.0/8 or fd00::/8"));
        }
        try {
            IPAddress addr = new IPAddressString(cidr, STRICT).toAddress();
            if (addr == null) {
                throw new IllegalArgumentException(badCidr(raw, "not an IP address"));
            }
            // 10.1.2.3/8 means the whole 10.0.0.0/8 block; a bare address is a single-address block.
            return addr.isPrefixed() ? addr.toPrefixBlock() : addr.withoutPrefixLength();
        } catch (AddressStringException e) {
            throw new IllegalArgumentException(badCidr(raw, e.getMessage()));
        }
    }

    private static String badCidr(String raw, String why) {
        return "invalid network '" + raw + "' in " + ALLOW_PROPERTY + ": " + why;
    }

    private static Range range(String cidr, String label) {
        return new Range(parse(cidr), label);
    }

    private static IPAddress parse(String cidr) {
        return new IPAddressString(cidr).getAddress().toPrefixBlock();
    }

    @Override
    public String toString() {
        return "EgressPolicy" + allowedNetworks();
    }
}

package io.vigil.egress;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Host spellings that parsers disagree on. curl, browsers (WHATWG URL) and {@code inet_aton} read {@code 0177.0.0.1}
 * as octal 127.0.0.1, {@code 0x7f.1} and {@code 127.1} as 127.0.0.1 and {@code 2130706433} as one 32-bit number,
 * while Java and Netty read some of them as decimal or as host names. A check made on one reading and a connection
 * made on another is an SSRF hole, so the only numeric IPv4 form accepted is four decimal numbers without leading
 * zeros; any other host whose last label is a number (decimal or {@code 0x} hex, as WHATWG decides) is refused.
 */
final class HostForms {

    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern DOTTED_QUAD = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

    /** How curl and browsers read IPv4 numbers: inet_aton forms, octal for a leading zero, hex for 0x. */
    private static final IPAddressStringParameters INET_ATON = new IPAddressStringParameters.Builder()
            .allowIPv6(false).allowEmpty(false).allowAll(false).allowMask(false).allowPrefix(false)
            .allowWildcardedSeparator(false).toParams();

    private HostForms() {
    }

    /** The host with IPv6 brackets removed. */
    static String unbracketed(String host) {
        return host.length() >= 2 && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Why {@code host} (brackets allowed) is refused for its spelling alone, or empty when it is a name or a plain literal. */
    static Optional<String> refusal(String host) {
        if (host == null || host.isEmpty()) {
            return Optional.of("no host given");
        }
        String h = unbracketed(host);
        if (h.indexOf(':') >= 0) {
            return validIpv6(h) ? Optional.empty() : Optional.of("'" + h + "' is not a valid IPv6 address");
        }
        String name = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
        String last = name.substring(name.lastIndexOf('.') + 1);
        if (!NUMERIC_LABEL.matcher(last).matches()) {
            return Optional.empty();   // a host name: checked once it resolves
        }
        if (name.equals(h) && DOTTED_QUAD.matcher(h).matches()) {
            return Optional.empty();
        }
        IPAddress read = new IPAddressString(name, INET_ATON).getAddress();
        if (read == null) {
            return Optional.of("'" + h + "' is not a valid IPv4 address (a host name cannot end in a number)");
        }
        return Optional.of("'" + h + "' is an ambiguous IPv4 address (curl and browsers read it as " + read
                + "); write it as four decimal numbers without leading zeros, e.g. " + read);
    }

    /** The address a literal host stands for, or null for a name. Only meaningful once {@link #refusal} is empty. */
    static InetAddress literal(String host) {
        return NetUtil.createInetAddressFromIpAddressString(unbracketed(host));
    }

    /**
     * The host of {@code url} as written, also when {@link URI#getHost()} gave up on it ({@code http://0x7f.1/} has a
     * registry-based authority and no host): user info and port removed, brackets kept. Null without an authority.
     */
    static String hostAsWritten(URI url) {
        if (url.getHost() != null) {
            return url.getHost();
        }
        String authority = url.getRawAuthority();
        if (authority == null) {
            return null;
        }
        String h = authority.substring(authority.lastIndexOf('@') + 1);
        int close = h.lastIndexOf(']');
        int colon = h.lastIndexOf(':');
        return colon > close ? h.substring(0, colon) : h;
    }

    private static boolean validIpv6(String h) {
        String address = h.indexOf('%') >= 0 ? h.substring(0, h.indexOf('%')) : h;   // a zone id is not the address
        if (!NetUtil.isValidIpV6Address(address)) {
            return false;
        }
        int dot = address.indexOf('.');
        return dot < 0 || DOTTED_QUAD.matcher(address.substring(address.lastIndexOf(':') + 1)).matches();
    }
}

package io.vigil.egress;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/** The pieces of an http(s) URL a hop needs: host to connect to, Host header, request target, origin. */
final class HttpUrls {

    private HttpUrls() {
    }

    static String hostOf(URI url) {
        String host = url.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host;
    }

    /** The Host header for {@code url}: host as written (IPv6 in brackets) plus the port when it is not the default. */
    static String hostHeader(URI url) {
        String host = url.getHost();
        boolean https = url.getScheme().equalsIgnoreCase("https");
        int port = url.getPort();
        return port < 0 || port == (https ? 443 : 80) ? host : host + ":" + port;
    }

    static String requestUri(URI url) {
        String path = url.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && Objects.equals(hostOf(a).toLowerCase(Locale.ROOT), b.getHost() == null ? null : hostOf(b).toLowerCase(Locale.ROOT))
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI u) {
        return u.getPort() > 0 ? u.getPort() : (u.getScheme().equalsIgnoreCase("https") ? 443 : 80);
    }
}

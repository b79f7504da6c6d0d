package io.vigil.egress;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One outbound HTTP request as {@link GuardedHttpClient} understands it.
 *
 * @param method          HTTP method, e.g. {@code GET}; null means GET
 * @param url             absolute http(s) URL
 * @param headers         request headers (may be null); a {@code Host} entry is ignored, the URL decides it
 * @param body            request body sent as UTF-8, or null for none
 * @param timeout         overall deadline for the whole exchange: DNS, connect, TLS, response and every redirect
 *                        hop; null or non-positive means the client's default
 * @param followRedirects follow 301/302/303/307/308 manually, re-resolving and re-checking every hop
 * @param maxRedirects    hop limit when following; non-positive means the client's default (10)
 * @param maxBodyBytes    response body cap; non-positive means the client's default (64 KiB)
 */
public record OutboundRequest(String method, URI url, Map<String, String> headers, String body, Duration timeout,
                              boolean followRedirects, int maxRedirects, int maxBodyBytes) {

    public OutboundRequest {
        Objects.requireNonNull(url, "url");
        method = method == null || method.isBlank() ? "GET" : method.trim().toUpperCase(java.util.Locale.ROOT);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** A GET with client defaults and no redirect following. */
    public static OutboundRequest get(URI url) {
        return new OutboundRequest("GET", url, Map.of(), null, null, false, 0, 0);
    }

    public OutboundRequest withTimeout(Duration t) {
        return new OutboundRequest(method, url, headers, body, t, followRedirects, maxRedirects, maxBodyBytes);
    }

    public OutboundRequest withFollowRedirects(boolean follow, int max) {
        return new OutboundRequest(method, url, headers, body, timeout, follow, max, maxBodyBytes);
    }

    public OutboundRequest withMaxBodyBytes(int max) {
        return new OutboundRequest(method, url, headers, body, timeout, followRedirects, maxRedirects, max);
    }
}

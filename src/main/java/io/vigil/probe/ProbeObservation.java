package io.vigil.probe;

import io.vigil.egress.HttpExchange;
import io.vigil.egress.ProbeError;
import io.vigil.egress.SocketExchange;
import io.vigil.egress.Timings;
import io.vigil.egress.TlsInfo;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What any probe saw, in the shape the assertion language reads: an HTTP status and headers when there are any,
 * a body (HTTP body, bytes read back over TCP, DNS answers one per line), timings, the TLS leaf and the error.
 */
public record ProbeObservation(Integer status, Map<String, List<String>> headers, String body, Timings timings,
                               TlsInfo tls, ProbeError error) {

    public ProbeObservation {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        }
        headers = Collections.unmodifiableMap(copy);
        timings = timings == null ? Timings.NONE : timings;
    }

    /**
     * Whether the target answered at all: an HTTP status, bytes/records for the other types, or a probe that ended
     * without error (a TCP connect or TLS handshake that succeeded is an answer).
     */
    public boolean responded() {
        return status != null || body != null || error == null;
    }

    public static ProbeObservation of(HttpExchange x) {
        return new ProbeObservation(x.status(), x.headers(), x.body(), x.timings(), x.tls(), x.error());
    }

    /** A raw socket session ({@code tcp}, {@code tls}): no status or headers, the bytes read back as the body. */
    public static ProbeObservation of(SocketExchange x) {
        return new ProbeObservation(null, null, x.body(), x.timings(), x.tls(), x.error());
    }
}

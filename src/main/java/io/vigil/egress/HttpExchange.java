package io.vigil.egress;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What happened on one outbound request. Network failures are data here ({@link #error()}), never exceptions.
 *
 * @param status    HTTP status of the final response, or null when no response arrived
 * @param headers   response headers of the final response; case-insensitive keys, values in arrival order
 * @param body      response body text (decoded with the Content-Type charset, UTF-8 by default), up to the cap;
 *                  null when no response arrived
 * @param truncated true when the body exceeded the cap and the rest was not read (the connection was closed)
 * @param timings   phase timings; see {@link GuardedHttpClient} for how each is measured
 * @param tls       the leaf certificate of the final https hop, or null for http / no handshake
 * @param error     the classified failure, or null when a response was received completely (any status)
 * @param finalUrl  the URL of the last request made (after redirects)
 * @param redirects the redirect targets followed, in order (empty when none); the last one equals finalUrl
 */
public record HttpExchange(Integer status, Map<String, List<String>> headers, String body, boolean truncated,
                           Timings timings, TlsInfo tls, ProbeError error, String finalUrl, List<String> redirects) {

    public HttpExchange {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        }
        headers = Collections.unmodifiableMap(copy);
        timings = timings == null ? Timings.NONE : timings;
        redirects = redirects == null ? List.of() : List.copyOf(redirects);
    }

    /** True when a complete response arrived (whatever its status). */
    public boolean responded() {
        return error == null && status != null;
    }

    /** The first value of a response header, case-insensitively. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}

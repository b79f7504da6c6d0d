package io.vigil.egress;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Response headers as a case-insensitive map, and the body as text in the charset the response declares. */
final class Responses {

    private Responses() {
    }

    static Map<String, List<String>> copyHeaders(HttpClientResponse resp) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        resp.headers().forEach(e -> map.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return map;
    }

    static Charset charsetOf(Map<String, List<String>> headers) {
        if (headers == null) {
            return StandardCharsets.UTF_8;
        }
        List<String> ct = headers.get("Content-Type");
        if (ct == null || ct.isEmpty()) {
            return StandardCharsets.UTF_8;
        }
        for (String part : ct.get(0).split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = p.substring(8).trim();
                if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                    name = name.substring(1, name.length() - 1);
                }
                try {
                    return Charset.forName(name);
                } catch (RuntimeException unsupported) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    static String decode(Buffer body, Map<String, List<String>> headers) {
        return new String(body.getBytes(), charsetOf(headers));
    }
}

package io.vigil.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Refuses a JSON request body with a string or key holding NUL ({@code \u0000}, which no text column stores) with a 400
 * naming its member, whatever the body binds to (records, maps, trees). Jackson tokenizes each body once, when it binds
 * it: this only scans the (already buffered, at most {@code quarkus.http.limits.max-body-size}) bytes for a
 * {@code \u0000} escape or a raw 0 byte, and only a body holding one is tokenized here to find the member (or to find
 * that the escape was {@code \\u0000}, plain text). A key given twice is refused by Jackson's own parse while binding
 * ({@code STRICT_DUPLICATE_DETECTION}, see {@link JacksonConfig}); {@link ProblemMapper} names the key from the parser.
 */
@Provider
public class JsonBodyGuard implements ReaderInterceptor {

    @Inject
    ObjectMapper mapper;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext ctx) throws IOException {
        MediaType type = ctx.getMediaType();
        if (type == null || !(type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"))) {
            return ctx.proceed();
        }
        byte[] body = ctx.getInputStream().readAllBytes();
        if (mayHoldNul(body)) {
            locateNul(body);
        }
        ctx.setInputStream(new ByteArrayInputStream(body));
        return ctx.proceed();
    }

    /** A raw 0 byte (also in UTF-16/32 text) or a {@code \u0000} escape anywhere: no tokenizing, one look per byte. */
    static boolean mayHoldNul(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b == 0) {
                return true;
            }
            if (b == '\\' && i + 5 < body.length && body[i + 1] == 'u' && body[i + 2] == '0' && body[i + 3] == '0'
                    && body[i + 4] == '0' && body[i + 5] == '0') {
                return true;
            }
        }
        return false;
    }

    /** Tokenizes a body that may hold NUL: a 400 naming the member that does (a malformed body fails as it would bound). */
    private void locateNul(byte[] body) throws IOException {
        try (JsonParser p = mapper.getFactory().createParser(body)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if ((t == JsonToken.VALUE_STRING || t == JsonToken.FIELD_NAME) && p.getText().indexOf('\0') >= 0) {
                    throw ApiException.invalid(path(p.getParsingContext()), UriGuard.NUL_MESSAGE + " (\\u0000)");
                }
            }
        }
    }

    /** Where the parser is, as the API names fields: {@code headers.X-Foo}, {@code assertions[1]}, {@code $} at the top. */
    static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName().replace("\0", "\\u0000"));
            }
        }
        String path = String.join("", parts);
        return path.isEmpty() ? "$" : path.startsWith(".") ? path.substring(1) : path;
    }
}

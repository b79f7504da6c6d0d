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
 * Reads every JSON request body once as tokens before it is bound, whatever it binds to (records, maps, trees):
 * a string or key holding NUL ({@code \u0000}, which no text column stores) is a 400 naming its member; a key given
 * twice is one too (the mapper's factory has {@code STRICT_DUPLICATE_DETECTION}, see {@link JacksonConfig}). The body is
 * already buffered by then (at most {@code quarkus.http.limits.max-body-size}), so this costs one more pass over it.
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
        scan(body);
        ctx.setInputStream(new ByteArrayInputStream(body));
        return ctx.proceed();
    }

    private void scan(byte[] body) throws IOException {
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

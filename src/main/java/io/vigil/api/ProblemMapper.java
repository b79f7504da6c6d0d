package io.vigil.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.vigil.db.DatabaseErrors;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Map;

/**
 * The one place that turns exceptions into RFC 9457 responses. Bad input is always a 4xx naming the field;
 * anything unexpected is a 500 with a generic message (details only in the server log, never class names).
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final Map<Integer, String> TITLES = Map.of(
            400, "Bad request", 401, "Unauthorized", 403, "Forbidden", 404, "Not found",
            405, "Method not allowed", 406, "Not acceptable", 409, "Conflict", 413, "Request body too large",
            415, "Unsupported media type", 429, "Too many requests");

    static String typeFor(int status) {
        return "https://vigil.dev/problems/" + status;
    }

    public static Response response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    public static Response response(int status, String detail) {
        return response(new Problem(typeFor(status), TITLES.getOrDefault(status, "Error"), status, detail, null));
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return render(e);
    }

    public static Response render(ApiException e) {
        Response.ResponseBuilder b = Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(e.toProblem());
        if (e.retryAfter() != null) {
            b.header("Retry-After", e.retryAfter());
        }
        return b.build();
    }

    // Quarkus registers its own mappers for these exact Jackson types; exact-type mappers here take precedence.
    @ServerExceptionMapper
    public Response unrecognized(UnrecognizedPropertyException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response parse(JsonParseException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response mapping(JsonMappingException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        JsonParseException duplicate = duplicateKey(e);
        if (duplicate != null) {
            return invalid(JsonBodyGuard.path(duplicate.getProcessor().getParsingContext()), "is given more than once");
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return invalid(path(u), "unknown field '" + u.getPropertyName() + "'");
        }
        if (e instanceof InvalidFormatException f) {
            return invalid(path(f), "expected " + typeName(f.getTargetType()) + ", got " + render(f.getValue()));
        }
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            return invalid(path(m), "expected " + typeName(m.getTargetType()));
        }
        if (e instanceof JsonParseException p) {
            return response(400, "malformed JSON at line " + p.getLocation().getLineNr()
                    + ", column " + p.getLocation().getColumnNr() + ": " + p.getOriginalMessage());
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return invalid(path(m), m.getOriginalMessage());
        }
        return response(400, "the request body is not valid JSON for this resource");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            // The JSON reader reports a body it cannot parse as a bare 400 wrapping Jackson's exception.
            return json(json);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed here";
            case 415 -> "send application/json";
            case 406 -> "this resource answers application/json";
            default -> TITLES.getOrDefault(status, "request refused");
        };
        return response(status, detail);
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        if (DatabaseErrors.isUnreachable(e)) {
            LOG.warnf("Answering 503: the database is unreachable (%s)", e.getMessage());
            return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", "5")
                    .entity(new Problem(typeFor(503), "Service unavailable", 503,
                            "the database is unreachable; try again shortly", null))
                    .build();
        }
        LOG.error("Unhandled error while serving a request", e);
        return response(new Problem(typeFor(500), "Internal error", 500,
                "the server could not complete the request; the error was logged", null));
    }

    /**
     * The parser's refusal of a key given twice ({@code STRICT_DUPLICATE_DETECTION}), raised while the body is bound:
     * bare, or wrapped by the deserializer of the member it was in. The parser still stands where it found the key.
     */
    private static JsonParseException duplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonParseException p && p.getProcessor() != null && p.getOriginalMessage() != null
                    && p.getOriginalMessage().startsWith("Duplicate field")) {
                return p;
            }
        }
        return null;
    }

    private static Response invalid(String field, String message) {
        return render(ApiException.invalid(field, message));
    }

    /** Jackson's reference path as {@code headers.X-Foo} / {@code assertions[1]}. */
    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            }
        }
        return sb.isEmpty() ? "$" : sb.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "a different type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }

    private static String render(Object value) {
        String s = String.valueOf(value);
        return value instanceof String ? '"' + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + '"' : s;
    }
}

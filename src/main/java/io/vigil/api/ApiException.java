package io.vigil.api;

import java.util.List;

/** Thrown anywhere in request handling to answer with a problem+json; {@link ProblemMapper} renders it. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<FieldError> errors;
    private final String retryAfter;

    public ApiException(int status, String title, String detail, List<FieldError> errors, String retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = errors;
        this.retryAfter = retryAfter;
    }

    public static ApiException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ApiException(400, "Invalid request", detail, List.copyOf(errors), null);
    }

    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad request", detail, null, null);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "Unauthorized", detail, null, null);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "Forbidden", detail, null, null);
    }

    /** A 403 about one field's value (a role above the caller's own): the problem names the field, as a 400 would. */
    public static ApiException forbidden(String field, String message) {
        return new ApiException(403, "Forbidden", field + ": " + message, List.of(new FieldError(field, message)), null);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "Not found", what + " does not exist", null, null);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail, null, null);
    }

    public int status() {
        return status;
    }

    /** The fields at fault, or null. */
    public List<FieldError> errors() {
        return errors;
    }

    public String retryAfter() {
        return retryAfter;
    }

    public Problem toProblem() {
        return new Problem(ProblemMapper.typeFor(status), title, status, getMessage(), errors);
    }
}

package io.vigil.api;

/** One invalid input member: a JSON-path-like field name ({@code assertions[1]}) and what is wrong with it. */
public record FieldError(String field, String message) {
}

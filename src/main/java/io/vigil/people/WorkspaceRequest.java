package io.vigil.people;

import io.vigil.api.ApiException;
import io.vigil.api.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Body of {@code POST} and {@code PATCH /api/v1/workspaces}: on a PATCH, a member left out keeps its value. */
public record WorkspaceRequest(String name, String slug) {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9-]{2,63}");
    private static final int MAX_NAME = 200;

    /** Both members present and valid (create). */
    WorkspaceRequest complete() {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || name.isBlank()) {
            errors.add(new FieldError("name", "is required"));
        }
        if (slug == null) {
            errors.add(new FieldError("slug", "is required"));
        }
        validate(errors);
        return new WorkspaceRequest(name.trim(), slug);
    }

    /** The members present are valid (patch). */
    WorkspaceRequest partial() {
        List<FieldError> errors = new ArrayList<>();
        if (name != null && name.isBlank()) {
            errors.add(new FieldError("name", "must not be blank"));
        }
        validate(errors);
        return new WorkspaceRequest(name == null ? null : name.trim(), slug);
    }

    private void validate(List<FieldError> errors) {
        if (name != null && name.trim().length() > MAX_NAME) {
            errors.add(new FieldError("name", "must be at most " + MAX_NAME + " characters"));
        }
        if (slug != null && !SLUG.matcher(slug).matches()) {
            errors.add(new FieldError("slug", "must be 2 to 63 lowercase letters, digits or dashes"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }
}

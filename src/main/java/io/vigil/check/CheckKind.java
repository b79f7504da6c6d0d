package io.vigil.check;

import io.vigil.api.FieldError;

import java.util.List;

/**
 * The rules of one check type. Each type is one bean (every probe is one); the set
 * of valid {@code type} values is whatever beans exist, so adding a type is adding one class. Check owns this
 * contract; the types implement it where they live.
 */
public interface CheckKind {

    /** The {@code type} member this kind stands for, e.g. {@code http}. */
    String type();

    /**
     * Checks the members whose meaning depends on the type ({@code url}, {@code periodSeconds},
     * {@code graceSeconds}), adding every problem to {@code errors} under the API's field names; returns them
     * normalized. The members every type shares are checked by {@link CheckValidator}.
     */
    TypeMembers validate(CheckRequest request, List<FieldError> errors);

    /** Whether the check is fed by pings to its own {@code pingUrl} rather than probed. */
    default boolean pinged() {
        return false;
    }
}

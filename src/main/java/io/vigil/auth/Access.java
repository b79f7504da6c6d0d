package io.vigil.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call an API route: every resource method under {@code /api/v1} carries exactly one, enforced by
 * {@link AccessFilter} before the method runs. A route without one is refused (and fails the role-matrix test).
 *
 * <ul>
 *   <li>{@code @Access(Role.EDITOR)}: a member of the caller's workspace with at least that role;</li>
 *   <li>{@code @Access(scope = Scope.PERSONAL)}: any authenticated user, acting on their own account;</li>
 *   <li>{@code @Access(scope = Scope.INSTANCE_ADMIN)}: the instance admin only.</li>
 * </ul>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Access {

    /** The least role in the caller's workspace ({@link Scope#WORKSPACE} only). */
    Role value() default Role.VIEWER;

    Scope scope() default Scope.WORKSPACE;

    /** What the rule is about. */
    enum Scope {
        /** The caller's workspace, with at least {@link #value()}. */
        WORKSPACE,
        /** The caller's own account (their profile, sessions, tokens, second factors, the workspaces they join). */
        PERSONAL,
        /** The whole instance: the instance admin only. */
        INSTANCE_ADMIN
    }
}

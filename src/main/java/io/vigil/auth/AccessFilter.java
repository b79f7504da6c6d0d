package io.vigil.auth;

import io.vigil.api.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies each API route's {@link Access} rule after routing (the caller is known by then: {@link AuthFilter} runs
 * pre-matching). One way to say who may do what: resources declare it, none of them checks roles itself.
 */
public class AccessFilter {

    private static final Logger LOG = Logger.getLogger(AccessFilter.class);
    private static final Map<Method, Access> RULES = new ConcurrentHashMap<>();

    @Inject
    CurrentCaller current;

    @ServerRequestFilter
    public void enforce(ContainerRequestContext ctx, SimpleResourceInfo resource) {
        if (!ctx.getUriInfo().getPath().startsWith("/api/v1/") || resource == null || resource.getResourceClass() == null) {
            return;
        }
        Method method = method(resource);
        Access rule = method == null ? null : RULES.computeIfAbsent(method, m -> m.getAnnotation(Access.class));
        if (rule == null) {
            LOG.errorf("API route %s.%s has no @Access rule: refused", resource.getResourceClass().getSimpleName(),
                    resource.getMethodName());
            throw ApiException.forbidden("this route has no access rule");
        }
        apply(rule, current.get());
    }

    /** Throws the 403 the rule gives this caller, if any. */
    static void apply(Access rule, Caller caller) {
        switch (rule.scope()) {
            case WORKSPACE -> caller.require(rule.value());
            case INSTANCE_ADMIN -> caller.requireInstanceAdmin();
            case PERSONAL -> {
                // authenticated (current.get() refused otherwise); the resource scopes by caller.userId()
            }
        }
    }

    /** The declared method (annotations live there), by name and parameter types. */
    static Method method(SimpleResourceInfo resource) {
        try {
            return resource.getResourceClass().getMethod(resource.getMethodName(), resource.parameterTypes());
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}

package io.vigil.testing;

import io.vigil.auth.Access;
import io.vigil.auth.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The application's own API routes, read at test time from every compiled main class (the JAX-RS annotations the
 * server routes by, and each method's {@link Access}): a new route shows up here without anyone listing it. The classes
 * are found as {@code ArchitectureTest} finds them (the module's compiled classes, not a list) and loaded without being
 * initialised.
 */
public final class ApiRoutes {

    /** Where Maven compiles {@code src/main/java} (tests run in the module's directory, as ArchitectureTest reads sources). */
    private static final java.nio.file.Path MAIN = java.nio.file.Path.of("target/classes");
    private static final Pattern PARAM = Pattern.compile("\\{\\s*([A-Za-z0-9_]+)\\s*(?::[^}]*)?}");
    private static List<Route> all;

    private ApiRoutes() {
    }

    /** Who may call a route, as declared; {@code null} members when the route declares nothing. */
    public record Rule(Access.Scope scope, Role role) {
        @Override
        public String toString() {
            return scope == Access.Scope.WORKSPACE ? role.wire() : scope.name().toLowerCase().replace('_', '-');
        }
    }

    /**
     * One route: HTTP method, full path template ({@code /api/v1/checks/{id}}), the Java method serving it, its rule
     * ({@code null}: no {@code @Access}) and the media type it consumes ({@code null}: none declared).
     */
    public record Route(String method, String path, String javaMethod, Rule rule, String consumes) {

        /** {@code "PUT /api/v1/checks/{id}"}. */
        public String key() {
            return method + " " + path;
        }

        /** The path's parameters, in order, each with the segment before it ({@code checks/{id}} → kind "checks"). */
        public List<Param> params() {
            List<Param> out = new ArrayList<>();
            String[] segments = path.substring(1).split("/");
            for (int i = 0; i < segments.length; i++) {
                Matcher m = PARAM.matcher(segments[i]);
                if (m.matches()) {
                    out.add(new Param(m.group(1), i == 0 ? "" : segments[i - 1]));
                }
            }
            return out;
        }

        /** The path with each parameter replaced by {@code values} in order. */
        public String fill(List<String> values) {
            Matcher m = PARAM.matcher(path);
            StringBuilder sb = new StringBuilder();
            int i = 0;
            while (m.find()) {
                m.appendReplacement(sb, Matcher.quoteReplacement(values.get(i++)));
            }
            m.appendTail(sb);
            return sb.toString();
        }

        public boolean hasBody() {
            return !method.equals("GET") && !method.equals("HEAD");
        }
    }

    /** A path parameter and the collection it names an element of. */
    public record Param(String name, String kind) {
    }

    /** Every route under {@code /api/}, sorted by path then method. */
    public static synchronized List<Route> all() {
        if (all == null) {
            all = discover();
        }
        return all;
    }

    private static List<Route> discover() {
        List<Route> routes = new ArrayList<>();
        for (Class<?> c : mainClasses()) {
            Path base = c.getAnnotation(Path.class);
            for (Method m : c.getDeclaredMethods()) {
                if (m.isBridge() || m.isSynthetic()) {
                    continue;
                }
                Optional<String> verb = Arrays.stream(m.getAnnotations())
                        .map(a -> a.annotationType().getAnnotation(HttpMethod.class))
                        .filter(Objects::nonNull).map(HttpMethod::value).findFirst();
                if (verb.isEmpty()) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                String path = join(base == null ? "" : base.value(), sub == null ? "" : sub.value());
                if (!path.startsWith("/api/")) {
                    continue;
                }
                Consumes consumes = m.isAnnotationPresent(Consumes.class) ? m.getAnnotation(Consumes.class) : c.getAnnotation(Consumes.class);
                routes.add(new Route(verb.get(), path, c.getSimpleName() + "." + m.getName(), rule(m.getAnnotation(Access.class)),
                        consumes == null || consumes.value().length == 0 ? null : consumes.value()[0]));
            }
        }
        routes.sort(Comparator.comparing(Route::path).thenComparing(Route::method));
        return List.copyOf(routes);
    }

    /** Every class compiled from {@code src/main/java}, loaded (not initialised) by the application's class loader. */
    private static List<Class<?>> mainClasses() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (Stream<java.nio.file.Path> files = Files.walk(MAIN)) {
            List<Class<?>> out = new ArrayList<>();
            for (java.nio.file.Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = MAIN.relativize(f).toString().replace(File.separatorChar, '.').replaceAll("\\.class$", "");
                out.add(Class.forName(name, false, loader));
            }
            return out;
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read the compiled main classes under " + MAIN.toAbsolutePath(), e);
        }
    }

    private static Rule rule(Access access) {
        if (access == null) {
            return null;
        }
        return new Rule(access.scope(), access.scope() == Access.Scope.WORKSPACE ? access.value() : null);
    }

    /** {@code /api/v1/checks} + {@code {id}} → {@code /api/v1/checks/{id}}, parameters written {@code {name}}. */
    private static String join(String base, String sub) {
        String path = ("/" + base + "/" + sub).replaceAll("/+", "/");
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return PARAM.matcher(path).replaceAll("{$1}");
    }
}

package io.vigil.probe;

import io.vigil.api.FieldError;
import io.vigil.egress.EgressPolicy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The {@code url} rules the probed check types share. Each method adds at most one problem for {@code url} and
 * returns null (or false) once it has, so a type reports the first thing wrong with its URL.
 */
final class TargetUrls {

    private static final int MAX_URL = 2048;

    private TargetUrls() {
    }

    /** Present, not too long, and a URI. */
    static URI parse(String url, List<FieldError> errors) {
        if (url == null || url.isEmpty()) {
            return fail("is required", errors);
        }
        if (url.length() > MAX_URL) {
            return fail("must be at most " + MAX_URL + " characters", errors);
        }
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            return fail("is not a valid URL: " + e.getReason() + " at index " + e.getIndex(), errors);
        }
    }

    /** An http(s) URL naming a host, without credentials, not at a refused literal address. */
    static void web(String url, EgressPolicy policy, List<FieldError> errors) {
        URI uri = parse(url, errors);
        if (uri == null) {
            return;
        }
        String scheme = scheme(uri);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            fail("must be an http:// or https:// URL", errors);
        } else if (host(uri, errors)) {
            refuseLiteral(uri.getHost(), "", policy, errors);
        }
    }

    /**
     * Just {@code scheme://host[:port]}, as {@code form} shows it (e.g. {@code tcp://host:port}), not at a refused
     * literal address.
     */
    static void endpoint(String url, String scheme, String form, boolean portRequired, EgressPolicy policy,
                         List<FieldError> errors) {
        URI uri = parse(url, errors);
        if (uri == null) {
            return;
        }
        if (!scheme.equals(scheme(uri))) {
            fail("must be a " + form + " URL for " + scheme + " checks", errors);
            return;
        }
        if (!host(uri, errors)) {
            return;
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            fail("must be just " + form + ", without a path or query", errors);
        } else if (portRequired && uri.getPort() <= 0) {
            fail("must name a port: " + form, errors);
        } else {
            refuseLiteral(uri.getHost(), "", policy, errors);
        }
    }

    /**
     * The host's spelling and, for literal addresses (and localhost), the address are checked against the egress
     * policy on save, without DNS; names are checked per probe.
     *
     * @param what what the host is, for the message ({@code "resolver"}), or empty for the target itself
     */
    static void refuseLiteral(String host, String what, EgressPolicy policy, List<FieldError> errors) {
        policy.hostRefusal(host).ifPresent(why -> fail(
                (what.isEmpty() ? "" : what + " ") + "is refused by the egress policy: " + why, errors));
    }

    private static boolean host(URI uri, List<FieldError> errors) {
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            fail(EgressPolicy.spellingRefusal(uri).orElse("must name a host"), errors);
            return false;
        }
        if (uri.getRawUserInfo() != null) {
            fail("must not carry credentials; send an Authorization header instead", errors);
            return false;
        }
        return true;
    }

    private static String scheme(URI uri) {
        return uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    }

    private static URI fail(String message, List<FieldError> errors) {
        errors.add(new FieldError("url", message));
        return null;
    }
}

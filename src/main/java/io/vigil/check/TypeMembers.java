package io.vigil.check;

/**
 * The type-dependent members of a check as its {@link CheckKind} normalized them.
 *
 * @param defaultIntervalSeconds the interval to use when the request gives none; null for the general default
 */
public record TypeMembers(String url, Integer periodSeconds, Integer graceSeconds, Integer defaultIntervalSeconds) {

    /** For a probed type: just the url ({@code periodSeconds} and {@code graceSeconds} belong to pinged types). */
    public static TypeMembers probed(String url) {
        return new TypeMembers(url, null, null, null);
    }

    /** The request's url, trimmed; null when absent. */
    public static String url(CheckRequest request) {
        return request.url() == null ? null : request.url().trim();
    }
}

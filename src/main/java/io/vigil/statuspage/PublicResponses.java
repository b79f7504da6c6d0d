package io.vigil.statuspage;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.Date;

/**
 * Caching of public responses: a strong ETag per snapshot version and representation, Last-Modified from the last
 * state change, a short max-age, and 304 for a matching If-None-Match (or an unmodified If-Modified-Since).
 */
public final class PublicResponses {

    /** Browsers and CDNs may reuse a page this long without asking; then they revalidate with the ETag. */
    static final int MAX_AGE_SECONDS = 10;

    private PublicResponses() {
    }

    /** The ETag of one representation ({@code html}, {@code summary.json}, ...) of a snapshot. */
    public static EntityTag etag(StatusSnapshot s, String representation) {
        return new EntityTag(s.version() + "-" + representation);
    }

    /** 304 when the client's copy is current, else 200 with the entity; caching headers on both. */
    public static Response respond(HttpHeaders headers, StatusSnapshot s, String representation, Object entity, String mediaType) {
        EntityTag tag = etag(s, representation);
        Instant modified = s.lastChange();
        String ifNoneMatch = headers.getHeaderString(HttpHeaders.IF_NONE_MATCH);
        boolean fresh = ifNoneMatch != null
                ? ifNoneMatch.trim().equals("*") || java.util.Arrays.stream(ifNoneMatch.split(","))
                .map(String::trim).map(t -> t.startsWith("W/") ? t.substring(2) : t).anyMatch(t -> t.equals("\"" + tag.getValue() + "\""))
                : notModifiedSince(headers, modified);
        Response.ResponseBuilder b = fresh ? Response.notModified(tag) : Response.ok(entity, mediaType).tag(tag);
        return b.lastModified(Date.from(modified))
                .header(HttpHeaders.CACHE_CONTROL, cacheControl(s))
                .header(HttpHeaders.VARY, s.page().isPublic() ? "Accept-Encoding" : "Accept-Encoding, Cookie")
                .build();
    }

    /**
     * Public pages may be kept by browsers and shared caches for a few seconds; a password-protected page's content
     * (and its login form, at the same URL) only by the visitor's own browser, revalidated every time. Callers answer
     * a protected page's content, and so its 304, only after {@link PageAccess#allowed}.
     */
    public static String cacheControl(StatusSnapshot s) {
        return s.page().isPublic() ? "public, max-age=" + MAX_AGE_SECONDS + ", must-revalidate" : "private, no-cache";
    }

    private static boolean notModifiedSince(HttpHeaders headers, Instant modified) {
        String since = headers.getHeaderString(HttpHeaders.IF_MODIFIED_SINCE);
        if (since == null) {
            return false;
        }
        try {
            Instant client = java.time.ZonedDateTime.parse(since, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return !modified.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).isAfter(client);
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }
}

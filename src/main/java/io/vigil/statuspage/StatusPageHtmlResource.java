package io.vigil.statuspage;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vigil.statuspage.html.PageModel;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

/**
 * The public status page, {@code /status/{slug}}, and its incident history. Server-rendered and complete without
 * JavaScript. A page is rendered once per snapshot version and then served from memory, so a traffic spike costs a
 * map lookup per request; caching headers and 304s come from {@link PublicResponses}.
 */
@Singleton
@Tag(name = "Public status pages")
@Path("/status/{slug}")
public class StatusPageHtmlResource {

    static final String HTML = "text/html;charset=UTF-8";
    static final int HISTORY_PAGE = 20;
    /** Rendered pages kept; past this the map starts over (each page re-renders once). */
    static final int MAX_RENDERED = 2_000;

    @CheckedTemplate
    static class Templates {
        /** {@code logout}: the logout form's token on a protected page, null on a public one (no button). */
        static native TemplateInstance page(PageModel.Chrome chrome, PageModel.Page page, String logout);

        static native TemplateInstance history(PageModel.Chrome chrome, PageModel.History history, String logout);

        static native TemplateInstance incident(PageModel.Chrome chrome, PageModel.Incident incident, String logout);

        static native TemplateInstance locked(PageModel.Chrome chrome, String csrf, boolean error);

        static native TemplateInstance problem(PageModel.Chrome chrome, String message);
    }

    /**
     * One page version's HTML, plain and gzipped (compressed once here, never per request). On a protected page the
     * version includes the logout form's token (the same for every visitor, renewed hourly).
     */
    record Rendered(String version, byte[] html, byte[] gzip) {
    }

    @Inject
    StatusSnapshots snapshots;
    @Inject
    PageAccess access;
    @Inject
    Clock clock;

    private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();
    private volatile byte[] notFound;

    @Operation(summary = "Show a status page")
    @GET
    public Uni<Response> page(@PathParam("slug") String slug, @QueryParam(PageAccess.ERROR_PARAM) String error,
                              @Context HttpHeaders headers) {
        return snapshots.bySlug(slug).map(found -> found.map(s -> access.allowed(s, headers) ? respond(s, headers)
                        : login(s, error != null, headers))
                .orElseGet(this::notFound));
    }

    /** The password form: the page's title and nothing else; its form token changes hourly, so it is not cached here. */
    private Response login(StatusSnapshot s, boolean error, HttpHeaders headers) {
        String token = access.loginFormToken(s);
        byte[] html = bytes(Templates.locked(PageModel.Chrome.locked(s.page()), token, error));
        return PublicResponses.respond(headers, s, "html-locked-" + Integer.toHexString(token.hashCode()) + (error ? "-error" : ""),
                html, HTML);
    }

    private Response respond(StatusSnapshot s, HttpHeaders headers) {
        String logout = logoutToken(s);
        Rendered page = cached(s, logout);
        // the token is part of what the page shows, so of its tag: a browser never revalidates into an expired token
        String representation = logout == null ? "html" : "html-" + Integer.toHexString(logout.hashCode());
        if (!acceptsGzip(headers)) {
            return PublicResponses.respond(headers, s, representation, page.html(), HTML);
        }
        Response r = PublicResponses.respond(headers, s, representation + "-gzip", page.gzip(), HTML);
        return r.getStatus() == 200 ? Response.fromResponse(r).header("Content-Encoding", "gzip").build() : r;
    }

    static boolean acceptsGzip(HttpHeaders headers) {
        String accept = headers.getHeaderString(HttpHeaders.ACCEPT_ENCODING);
        if (accept == null) {
            return false;
        }
        for (String coding : accept.split(",")) {
            String[] parts = coding.trim().split(";");
            if (parts[0].trim().equalsIgnoreCase("gzip")) {
                return parts.length == 1 || !parts[1].replace(" ", "").matches("q=0(\\.0*)?");
            }
        }
        return false;
    }

    @Operation(summary = "Show a status page's incident history")
    @GET
    @Path("history")
    public Uni<Response> history(@PathParam("slug") String slug, @QueryParam("before") String before, @Context HttpHeaders headers) {
        Instant cursor;
        try {
            cursor = before == null || before.isBlank() ? clock.instant().plusSeconds(1) : OffsetDateTime.parse(before.trim()).toInstant();
        } catch (DateTimeParseException e) {
            return Uni.createFrom().item(problem(400, "Bad request",
                    "The 'before' parameter must be an RFC 3339 time such as 2026-11-21T10:00:00Z."));
        }
        boolean first = before == null || before.isBlank();
        return snapshots.bySlug(slug).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(notFound());
            }
            StatusSnapshot s = found.get();
            if (!access.allowed(s, headers)) {
                return Uni.createFrom().item(login(s, false, headers));
            }
            return snapshots.history(s, cursor, HISTORY_PAGE + 1).map(incidents -> historyPage(s, incidents, cursor, first, headers));
        });
    }

    /** One incident with all its updates: where the feeds and the JSON's {@code shortlink} point. */
    @Operation(summary = "Show an incident on a status page")
    @GET
    @Path("incidents/{id}")
    public Uni<Response> incident(@PathParam("slug") String slug, @PathParam("id") String id, @Context HttpHeaders headers) {
        UUID incidentId;
        try {
            incidentId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(incidentNotFound());
        }
        return snapshots.bySlug(slug).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(notFound());
            }
            StatusSnapshot s = found.get();
            if (!access.allowed(s, headers)) {
                return Uni.createFrom().item(login(s, false, headers));
            }
            return snapshots.incident(s, incidentId).map(incident -> incident.map(i -> {
                byte[] html = bytes(Templates.incident(PageModel.chrome(s), PageModel.incident(i, PageModel.componentNames(s), "/status/" + s.page().slug()),
                        logoutToken(s)));
                CRC32 crc = new CRC32();
                crc.update(html);
                return PublicResponses.respond(headers, s, "incident-" + Long.toHexString(crc.getValue()), html, HTML);
            }).orElseGet(this::incidentNotFound));
        });
    }

    private Response incidentNotFound() {
        return problem(404, "Incident not found", "This page has no incident at this address.");
    }

    private Response historyPage(StatusSnapshot s, List<StatusSnapshot.Incident> incidents, Instant cursor, boolean first,
                                 HttpHeaders headers) {
        // Completed maintenance comes from the snapshot (bounded: the last 90 days), interleaved with the incidents.
        List<StatusSnapshot.CompletedMaintenance> maintenance = s.completedMaintenance().stream()
                .filter(m -> m.startsAt().isBefore(cursor)).toList();
        PageModel.History model = PageModel.history(incidents, maintenance, HISTORY_PAGE, PageModel.componentNames(s), first,
                "/status/" + s.page().slug());
        byte[] html = bytes(Templates.history(PageModel.chrome(s), model, logoutToken(s)));
        // older incidents are outside the snapshot's version, so the tag also follows what this page shows
        CRC32 crc = new CRC32();
        crc.update(html);
        return PublicResponses.respond(headers, s, "history-" + Long.toHexString(crc.getValue()), html, HTML);
    }

    /** Shown to visitors of a protected page who are let in: the token of its "Log out" form. */
    private String logoutToken(StatusSnapshot s) {
        return s.page().isPublic() ? null : access.logoutFormToken(s);
    }

    /** The page's HTML for this snapshot version (and logout token), rendered at most once per version. */
    Rendered cached(StatusSnapshot s, String logout) {
        String key = s.page().slug();
        String version = logout == null ? s.version() : s.version() + "|" + logout;
        Rendered r = rendered.get(key);
        if (r != null && r.version().equals(version)) {
            return r;
        }
        byte[] html = bytes(Templates.page(PageModel.chrome(s), PageModel.page(s), logout));
        if (rendered.size() >= MAX_RENDERED) {
            rendered.clear();
        }
        Rendered fresh = new Rendered(version, html, gzip(html));
        rendered.put(key, fresh);
        return fresh;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 8 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private Response notFound() {
        byte[] html = notFound;
        if (html == null) {
            html = bytes(Templates.problem(PageModel.Chrome.plain("Status page not found"),
                    "There is no status page at this address. Check the link, or ask the people who gave it to you."));
            notFound = html;
        }
        return Response.status(404).entity(html).type(HTML).header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
    }

    private static Response problem(int status, String title, String message) {
        return Response.status(status).entity(bytes(Templates.problem(PageModel.Chrome.plain(title), message))).type(HTML)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
    }

    private static byte[] bytes(TemplateInstance template) {
        return template.render().getBytes(StandardCharsets.UTF_8);
    }
}

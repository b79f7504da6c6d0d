package io.vigil.statuspage.v2;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.smallrye.mutiny.Uni;
import io.vigil.check.CheckRegistry;
import io.vigil.check.CheckSpec;
import io.vigil.statuspage.PublicResponses;
import io.vigil.statuspage.StatusSnapshot;
import io.vigil.statuspage.VisibleSnapshots;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.function.Function;

/**
 * The Atlassian Statuspage v2 public API of a page ({@code /status/{slug}/api/v2/...}), so widgets and integrations
 * written for Statuspage read Vigil pages unchanged. No token: these are public (a protected page answers 401).
 */
@Tag(name = "Statuspage v2 API")
@Path("/status/{slug}/api/v2")
@Produces(MediaType.APPLICATION_JSON)
public class StatuspageApiResource {

    @Inject
    VisibleSnapshots pages;
    @Inject
    CheckRegistry registry;
    @Inject
    com.fasterxml.jackson.databind.ObjectMapper objectMapper;

    @Operation(summary = "Get the page summary (Statuspage v2)")
    @GET
    @Path("summary.json")
    public Uni<Response> summary(@PathParam("slug") String slug, @Context HttpHeaders headers) {
        return render(slug, headers, "summary.json", StatuspageMapper::summary);
    }

    @Operation(summary = "Get the overall status (Statuspage v2)")
    @GET
    @Path("status.json")
    public Uni<Response> status(@PathParam("slug") String slug, @Context HttpHeaders headers) {
        return render(slug, headers, "status.json", StatuspageMapper::statusDocument);
    }

    @Operation(summary = "List components (Statuspage v2)")
    @GET
    @Path("components.json")
    public Uni<Response> components(@PathParam("slug") String slug, @Context HttpHeaders headers) {
        return render(slug, headers, "components.json", StatuspageMapper::componentsDocument);
    }

    @Operation(summary = "List incidents (Statuspage v2)")
    @GET
    @Path("incidents.json")
    public Uni<Response> incidents(@PathParam("slug") String slug, @Context HttpHeaders headers) {
        return render(slug, headers, "incidents.json", StatuspageMapper::incidentsDocument);
    }

    @Operation(summary = "List unresolved incidents (Statuspage v2)")
    @GET
    @Path("incidents/unresolved.json")
    public Uni<Response> unresolved(@PathParam("slug") String slug, @Context HttpHeaders headers) {
        return render(slug, headers, "incidents-unresolved.json", StatuspageMapper::unresolvedDocument);
    }

    @Operation(summary = "List scheduled maintenances (Statuspage v2)")
    @GET
    @Path("scheduled-maintenances.json")
    public Uni<Response> maintenances(@PathParam("slug") String slug, @Context HttpHeaders headers) {
        return render(slug, headers, "scheduled-maintenances.json", StatuspageMapper::maintenancesDocument);
    }

    @Operation(summary = "List upcoming maintenances (Statuspage v2)")
    @GET
    @Path("scheduled-maintenances/upcoming.json")
    public Uni<Response> upcoming(@PathParam("slug") String slug, @Context HttpHeaders headers) {
        return render(slug, headers, "scheduled-maintenances-upcoming.json", StatuspageMapper::upcomingDocument);
    }

    @Operation(summary = "List active maintenances (Statuspage v2)")
    @GET
    @Path("scheduled-maintenances/active.json")
    public Uni<Response> active(@PathParam("slug") String slug, @Context HttpHeaders headers) {
        return render(slug, headers, "scheduled-maintenances-active.json", StatuspageMapper::activeDocument);
    }

    /** One serialized document per (page, document) and snapshot version: a burst of readers serializes once. */
    private record Serialized(String version, byte[] json) {
    }

    private final java.util.Map<String, Serialized> serialized = new java.util.concurrent.ConcurrentHashMap<>();

    private Uni<Response> render(String slug, HttpHeaders headers, String representation,
                                 Function<StatuspageMapper, Object> document) {
        return pages.forVisitor(slug, headers).map(s -> PublicResponses.respond(headers, s, representation,
                json(s, representation, document), MediaType.APPLICATION_JSON));
    }

    private byte[] json(StatusSnapshot s, String representation, Function<StatuspageMapper, Object> document) {
        String key = s.page().id() + "/" + representation;
        Serialized cached = serialized.get(key);
        if (cached != null && cached.version().equals(s.version())) {
            return cached.json();
        }
        try {
            byte[] json = objectMapper.writeValueAsBytes(document.apply(mapper(s)));
            if (serialized.size() > 10_000) {
                serialized.clear();
            }
            serialized.put(key, new Serialized(s.version(), json));
            return json;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private StatuspageMapper mapper(StatusSnapshot s) {
        return new StatuspageMapper(s, pages.pageUrl(s), s.generatedAt(), check -> {
            CheckSpec spec = registry.get(check);
            return spec == null ? List.of() : spec.tags();
        });
    }
}

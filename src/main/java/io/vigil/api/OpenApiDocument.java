package io.vigil.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The global parts of the served OpenAPI document, applied at build time over what the resources' annotations describe:
 * the security schemes and which routes need them (as {@code AuthFilter} and {@code AgentAuthFilter} decide), the RFC 9457
 * problem answers every operation can give, the {@code Location} header of every 201, operation ids, tags per resource,
 * integer paging parameters, and nullable optional members ({@code quarkus.jackson.serialization-inclusion=always}
 * writes absent values as {@code null}).
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiDocument implements OASFilter {

    static final String BEARER = "bearerAuth";
    static final String BASIC = "basicAuth";
    static final String AGENT = "agentToken";
    static final String PROBLEM = "Problem";
    static final String TOKENS = "/api/v1/tokens";
    static final String LOCATION = "Location";

    private static final Map<Integer, String> PROBLEMS = Map.of(
            400, "Invalid input: the problem names each wrong field in `errors`",
            401, "Missing, unknown or expired credentials",
            403, "The credentials' role may not do this",
            404, "No such resource in this workspace",
            409, "Conflicts with the current state (a duplicate name, a resource in use, ...)",
            413, "Request body too large",
            415, "Unsupported media type",
            429, "Too many requests; retry after the `Retry-After` header");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getServers() == null || openAPI.getServers().isEmpty()) {
            openAPI.addServer(OASFactory.createServer().url("/").description("this Vigil instance"));
        }
        if (openAPI.getComponents() == null) {
            openAPI.components(OASFactory.createComponents());
        }
        openAPI.getComponents()
                .addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .bearerFormat("vgl_…").description("An API token: `POST /api/v1/tokens` mints one (shown once)."))
                .addSecurityScheme(BASIC, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                        .description("E-mail and password; accepted on `/api/v1/tokens` only, to mint the first token."))
                .addSecurityScheme(AGENT, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("A region agent's token: `POST /api/v1/regions/{name}/tokens` mints one."))
                .addSchema(PROBLEM, problemSchema());
        Set<String> ids = new HashSet<>();
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
                    .forEach((method, op) -> operation(path, method, op, ids)));
        }
        if (openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().getSchemas().values().forEach(OpenApiDocument::nullableOptionals);
        }
    }

    private static void operation(String path, PathItem.HttpMethod method, Operation op, Set<String> ids) {
        boolean api = path.startsWith("/api/");
        boolean agent = path.startsWith("/agent/");
        if (api) {
            op.setSecurity(new ArrayList<>(List.of(requirement(BEARER))));
            if (path.equals(TOKENS)) {
                op.addSecurityRequirement(requirement(BASIC));
            }
        } else if (agent) {
            op.setSecurity(new ArrayList<>(List.of(requirement(AGENT))));
        } else if (op.getSecurity() == null) {
            op.setSecurity(new ArrayList<>()); // public: status pages, badges, heartbeat pings
        }
        if (op.getOperationId() == null) {
            op.setOperationId(uniqueId(method, path, ids));
        } else {
            ids.add(op.getOperationId());
        }
        if (op.getTags() != null) {
            op.setTags(op.getTags().stream().map(OpenApiDocument::tag).toList());
        }
        if (op.getParameters() != null) {
            op.getParameters().forEach(OpenApiDocument::parameter);
        }
        APIResponses responses = op.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            op.setResponses(responses);
        }
        if (method == PathItem.HttpMethod.DELETE && !responses.hasAPIResponse("204")) {
            responses.removeAPIResponse("200");
            responses.addAPIResponse("204", OASFactory.createAPIResponse().description("Deleted"));
        }
        APIResponse created = responses.getAPIResponse("201");
        if (created != null && (created.getHeaders() == null || !created.getHeaders().containsKey(LOCATION))) {
            created.addHeader(LOCATION, OASFactory.createHeader().required(true)
                    .description("The created resource (`/api/v1/checks/{id}`, ...)")
                    .schema(OASFactory.createSchema().addType(SchemaType.STRING).format("uri-reference")));
        }
        boolean body = op.getRequestBody() != null;
        boolean params = op.getParameters() != null && !op.getParameters().isEmpty();
        List<Integer> codes = new ArrayList<>();
        if (api || agent) {
            if (body || params) {
                codes.add(400);
            }
            codes.add(401);
            if (api && method != PathItem.HttpMethod.GET) {
                codes.add(403);
            }
            if (path.contains("{")) {
                codes.add(404);
            }
            if (api && (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT
                    || method == PathItem.HttpMethod.PATCH)) {
                codes.add(409);
            }
            if (body) {
                codes.add(413);
                codes.add(415);
            }
        } else if (path.contains("{")) {
            codes.add(404);
        }
        for (int code : codes) {
            String key = Integer.toString(code);
            APIResponse existing = responses.getAPIResponse(key);
            if (existing == null || existing.getContent() == null || existing.getContent().getMediaTypes() == null
                    || existing.getContent().getMediaTypes().isEmpty()) {
                responses.addAPIResponse(key, problemResponse(existing == null || existing.getDescription() == null
                        || existing.getDescription().isBlank() || existing.getDescription().equals("Bad Request")
                        ? PROBLEMS.get(code) : existing.getDescription()));
            }
        }
    }

    static APIResponse problemResponse(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(PROBLEM))));
    }

    /** Mirrors {@link Problem} and {@link FieldError}; {@code OpenApiTest} checks that the members match. */
    static Schema problemSchema() {
        Schema fieldError = OASFactory.createSchema().addType(SchemaType.OBJECT)
                .addProperty("field", OASFactory.createSchema().addType(SchemaType.STRING).description("the member, e.g. `assertions[1]`"))
                .addProperty("message", OASFactory.createSchema().addType(SchemaType.STRING))
                .addRequired("field").addRequired("message");
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("RFC 9457 problem details, the body of every error answer")
                .addProperty("type", OASFactory.createSchema().addType(SchemaType.STRING).format("uri"))
                .addProperty("title", OASFactory.createSchema().addType(SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32"))
                .addProperty("detail", OASFactory.createSchema().addType(SchemaType.STRING))
                .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY).items(fieldError)
                        .description("one entry per invalid member"))
                .addRequired("type").addRequired("title").addRequired("status");
    }

    private static SecurityRequirement requirement(String scheme) {
        return OASFactory.createSecurityRequirement().addScheme(scheme);
    }

    /** "Check Resource" → "Checks" for a class without its own {@code @Tag}; a tag names a resource of the API, not a Java class. */
    static String tag(String generated) {
        if (!generated.endsWith(" Resource")) {
            return generated; // a class's own @Tag
        }
        String t = generated.replaceAll(" Resource$", "").trim();
        return t.endsWith("s") || t.endsWith("Api") || t.endsWith("Html") || t.endsWith("Login") || t.endsWith("Logout")
                || t.equals("Maintenance") ? t : t + "s";
    }

    /** {@code limit} is a whole number from 1 to {@link Paging#MAX_LIMIT}, parsed by {@link Paging#limit}. */
    private static void parameter(Parameter p) {
        if (p.getIn() == Parameter.In.QUERY && "limit".equals(p.getName())) {
            p.schema(OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32").minimum(java.math.BigDecimal.ONE)
                    .maximum(java.math.BigDecimal.valueOf(Paging.MAX_LIMIT))
                    .defaultValue(Paging.DEFAULT_LIMIT));
            p.description("page size");
        }
    }

    /** get /api/v1/checks/{id}/results → getCheckResults; unique within the document. */
    static String uniqueId(PathItem.HttpMethod method, String path, Set<String> ids) {
        StringBuilder id = new StringBuilder(method.name().toLowerCase(Locale.ROOT));
        for (String seg : path.split("/")) {
            if (seg.isEmpty() || seg.equals("api") || seg.equals("agent") || seg.matches("v[0-9]+")) {
                continue;
            }
            String words = seg.startsWith("{") ? "by " + seg.substring(1, seg.length() - 1) : seg;
            for (String w : words.split("[^A-Za-z0-9]+")) {
                if (!w.isEmpty()) {
                    id.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
                }
            }
        }
        String base = id.toString();
        String candidate = base;
        for (int n = 2; !ids.add(candidate); n++) {
            candidate = base + n;
        }
        return candidate;
    }

    /** Members not required may be absent, and absent members are written as null. */
    private static void nullableOptionals(Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        Map<String, Schema> props = new LinkedHashMap<>(schema.getProperties());
        props.forEach((name, p) -> {
            if (required.contains(name)) {
                return;
            }
            if (p.getRef() != null) {
                schema.addProperty(name, OASFactory.createSchema()
                        .addAnyOf(OASFactory.createSchema().ref(p.getRef()))
                        .addAnyOf(OASFactory.createSchema().addType(SchemaType.NULL)));
            } else if (p.getType() != null && !p.getType().isEmpty() && !p.getType().contains(SchemaType.NULL)) {
                p.addType(SchemaType.NULL);
                if (p.getEnumeration() != null && !p.getEnumeration().contains(null)) {
                    p.addEnumeration(null); // an enum admits only its values: null is one of them now
                }
            }
        });
    }
}

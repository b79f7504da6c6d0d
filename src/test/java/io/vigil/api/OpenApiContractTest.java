package io.vigil.api;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vigil.testing.Api;
import io.vigil.testing.PostgresResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Contract test: requests go through Atlassian's swagger-request-validator, which checks each request and each answer
 * (status, media type, body schema) against the document served at {@code /q/openapi}; any mismatch fails the test.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class OpenApiContractTest {

    static final String BIND_TYPE = "bind-type";
    private OpenApiInteractionValidator validator;
    private OpenApiValidationFilter validation;
    /** For requests that are wrong on purpose (and that the document refuses too): only the answer is validated. */
    private OpenApiValidationFilter badInput;
    /** For requests sent without credentials on purpose: the request's missing security is the point; the answer is validated. */
    private OpenApiValidationFilter anonymous;
    private String token;
    private String doc;

    /**
     * The validator's parser keeps an OpenAPI 3.1 {@code type} only in its type set, which its JSON Schema engine never
     * sees, unless {@code bind-type} is set: then a single type binds as {@code type} (and is checked, as is the string
     * type of the {@code type} discriminator). Only for the channel tests: bound, the parser also gives the
     * {@code anyOf [$ref, null]} members of the other schemas a stray {@code object} type. Type arrays
     * ({@code [x, "null"]}) stay unchecked either way; {@link #nullableMembersAreDeclaredPerMember} asserts them.
     */
    private void bindTypes() {
        System.setProperty(BIND_TYPE, "true");
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(doc).build();
        validation = new OpenApiValidationFilter(validator);
        badInput = badInput();
    }

    @AfterEach
    void unbindTypes() {
        System.clearProperty(BIND_TYPE);
    }

    private OpenApiValidationFilter badInput() {
        return new OpenApiValidationFilter(OpenApiInteractionValidator.createForInlineApiSpecification(doc)
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request.body", ValidationReport.Level.IGNORE).build())
                .build());
    }

    @BeforeEach
    void setUp() {
        doc = RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(doc).build();
        validation = new OpenApiValidationFilter(validator);
        badInput = badInput();
        anonymous = new OpenApiValidationFilter(OpenApiInteractionValidator.createForInlineApiSpecification(doc)
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request.security.missing", ValidationReport.Level.IGNORE).build())
                .build());
        token = Api.adminToken();
    }

    private RequestSpecification as(String bearer) {
        return RestAssured.given().filter(validation).header("Authorization", "Bearer " + bearer).contentType(ContentType.JSON);
    }

    @Test
    void tokensAnswerAsDocumented() {
        RestAssured.given().filter(validation).auth().preemptive().basic(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD)
                .contentType(ContentType.JSON).body(Map.of("name", "contract")).post("/api/v1/tokens").then().statusCode(201);
        as(token).get("/api/v1/tokens").then().statusCode(200);
        as(token).body(Map.of("expiresAt", "2001-01-01T00:00:00Z")).post("/api/v1/tokens").then().statusCode(400);
        RestAssured.given().filter(anonymous).get("/api/v1/tokens").then().statusCode(401);
        as(token).delete("/api/v1/tokens/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void checksAnswerAsDocumented() {
        Map<String, Object> check = Map.of("name", "contract", "url", "https://status.example.invalid/health",
                "intervalSeconds", 60, "assertions", List.of("status == 200"));
        String id = as(token).body(check).post("/api/v1/checks").then().statusCode(201).extract().path("id");
        as(token).get("/api/v1/checks").then().statusCode(200);
        as(token).queryParam("limit", 2).get("/api/v1/checks").then().statusCode(200);
        as(token).get("/api/v1/checks/" + id).then().statusCode(200);
        as(token).body(check).put("/api/v1/checks/" + id).then().statusCode(200);
        as(token).contentType("application/merge-patch+json").body("{\"name\": \"contract patched\", \"tags\": null}")
                .patch("/api/v1/checks/" + id).then().statusCode(200);
        as(token).contentType("application/merge-patch+json").body("{\"intervalSeconds\": 0}")
                .patch("/api/v1/checks/" + id).then().statusCode(400);
        as(token).post("/api/v1/checks/" + id + "/pause").then().statusCode(200);
        as(token).post("/api/v1/checks/" + id + "/resume").then().statusCode(200);
        as(token).get("/api/v1/checks/" + UUID.randomUUID()).then().statusCode(404);
        as(token).body(Map.of("name", "")).post("/api/v1/checks").then().statusCode(400);
        RestAssured.given().filter(anonymous).get("/api/v1/checks").then().statusCode(401);
        as(token).delete("/api/v1/checks/" + id).then().statusCode(204);
    }

    /**
     * A webhook and a Slack channel each validate against the schema of their type; the webhook's answer carries null
     * members (remindMinutes, groupSeconds, disabledReason), declared nullable.
     */
    @Test
    void channelsAnswerAsDocumented() {
        bindTypes();
        Map<String, Object> channel = Map.of("type", "webhook", "name", "contract hook", "url", "http://127.0.0.1:9/hook");
        var created = as(token).body(channel).post("/api/v1/channels").then().statusCode(201)
                .body("$", hasKey("disabledReason")).body("disabledReason", nullValue()).body("remindMinutes", nullValue())
                .body("secret", startsWith("whsec_"))
                .extract();
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/api/v1/channels/" + id);
        as(token).get("/api/v1/channels").then().statusCode(200);
        as(token).get("/api/v1/channels/" + id).then().statusCode(200).body("secret", equalTo("••••••"));
        as(token).body(channel).put("/api/v1/channels/" + id).then().statusCode(200);
        as(token).post("/api/v1/channels/" + id + "/test").then().statusCode(202);
        as(token).get("/api/v1/channels/" + id + "/deliveries").then().statusCode(200);
        as(token).get("/api/v1/channels/" + UUID.randomUUID()).then().statusCode(404);
        as(token).delete("/api/v1/channels/" + id).then().statusCode(204);

        Map<String, Object> slack = Map.of("type", "slack", "name", "contract slack",
                "url", "https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX", "channel", "#alerts");
        String slackId = as(token).body(slack).post("/api/v1/channels").then().statusCode(201)
                .body("url", equalTo(slack.get("url"))).body("channel", equalTo("#alerts")).extract().path("id");
        as(token).get("/api/v1/channels/" + slackId).then().statusCode(200).body("url", equalTo("https://hooks.slack.com/…"));
        as(token).get("/api/v1/channels").then().statusCode(200).body("items.type", hasItems("slack"));
        as(token).delete("/api/v1/channels/" + slackId).then().statusCode(204);
    }

    /** What the server refuses, the document refuses too: an unknown type, a missing name, a missing required setting. */
    @Test
    void channelRequestsTheServerRefusesTheDocumentRefuses() {
        bindTypes();
        for (Map<String, Object> bad : List.of(Map.<String, Object>of("type", "carrier-pigeon", "name", "x"),
                Map.<String, Object>of("type", "webhook", "url", "http://127.0.0.1:9/hook"),
                Map.<String, Object>of("type", "email", "name", "x"))) {
            ValidationReport report = validator.validateRequest(SimpleRequest.Builder.post("/api/v1/channels")
                    .withAuthorization("Bearer " + token).withContentType("application/json").withBody(json(bad)).build());
            assertThat(report.getMessages()).as("the document refuses " + bad)
                    .anyMatch(m -> m.getKey().startsWith("validation.request.body"));
            RestAssured.given().filter(badInput).header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                    .body(bad).post("/api/v1/channels").then().statusCode(400);
        }
        // A setting of another type: the server refuses it, and the type's schema admits no other member (the validator
        // leaves additionalProperties unchecked by default, so this is read from the document).
        RestAssured.given().filter(badInput).header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("type", "slack", "name", "x", "url", "https://hooks.slack.com/services/T/B/X", "previousSecret", "x"))
                .post("/api/v1/channels").then().statusCode(400).body("errors[0].field", equalTo("previousSecret"));
        var document = RestAssured.given().queryParam("format", "json").get("/q/openapi").then().extract().jsonPath();
        assertThat(document.getBoolean("components.schemas.SlackChannelRequest.additionalProperties")).isFalse();
        assertThat(document.getMap("components.schemas.SlackChannelRequest.properties"))
                .containsKeys("url", "channel", "username", "iconEmoji").doesNotContainKey("previousSecret");
        assertThat(document.getMap("components.schemas.WebhookChannelRequest.properties")).containsKey("previousSecret");
    }

    /** The channel view schemas are the types' own: a Slack view without its url fails, as do an unknown type and a wrong kind. */
    @Test
    void aChannelViewOfTheWrongShapeDoesNotValidate() {
        bindTypes();
        String common = "\"id\": \"" + UUID.randomUUID() + "\", \"name\": \"n\", \"isDefault\": false, \"events\": [], "
                + "\"tags\": [], \"delayMinutes\": 0, \"remindMinutes\": null, \"groupSeconds\": null, \"enabled\": true, "
                + "\"disabledReason\": null, \"createdAt\": \"2026-01-01T00:00:00Z\", \"updatedAt\": \"2026-01-01T00:00:00Z\"";
        String path = "/api/v1/channels/" + UUID.randomUUID();
        assertThat(validateGet(path, "{\"type\": \"slack\", \"url\": \"https://hooks.slack.com/…\", " + common + "}")
                .getMessages()).as("a well-formed slack view").noneMatch(m -> m.getLevel() == ValidationReport.Level.ERROR);
        assertThat(validateGet(path, "{\"type\": \"slack\", " + common + "}").hasErrors()).as("slack without url").isTrue();
        assertThat(validateGet(path, "{\"type\": \"pigeon\", " + common + "}").hasErrors()).as("no such type").isTrue();
        assertThat(validateGet(path, "{\"type\": \"slack\", \"url\": \"https://hooks.slack.com/…\", "
                + common.replace("\"enabled\": true", "\"enabled\": \"yes\"") + "}").hasErrors()).as("a string for enabled").isTrue();
    }

    /**
     * Members that can be null say so in their own schema (OpenAPI 3.1 {@code type: [x, "null"]}); those that cannot do
     * not. (The validator reads a 3.1 document's type arrays loosely, so this is asserted on the document itself.) An
     * enum that admits null lists it among its values, or a null would still be refused.
     */
    @Test
    void nullableMembersAreDeclaredPerMember() {
        var doc = RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        for (String type : List.of("Webhook", "Slack", "Email")) {
            String view = "components.schemas." + type + "ChannelView";
            assertThat(doc.getList(view + ".required")).as(view).contains("id", "name", "remindMinutes", "disabledReason", "createdAt");
            for (String nullable : List.of("remindMinutes", "groupSeconds", "disabledReason")) {
                assertThat(doc.getList(view + ".properties." + nullable + ".type")).as(view + "." + nullable).contains("null");
            }
            for (String never : List.of("id", "name", "isDefault", "createdAt")) {
                assertThat(doc.getString(view + ".properties." + never + ".type")).as(view + "." + never).doesNotContain("null");
            }
        }
        Map<String, Map<String, Object>> schemas = doc.getMap("components.schemas");
        for (var schema : schemas.entrySet()) {
            Object props = schema.getValue().get("properties");
            if (!(props instanceof Map<?, ?> properties)) {
                continue;
            }
            properties.forEach((name, p) -> {
                if (p instanceof Map<?, ?> member && member.get("type") instanceof List<?> types && types.contains("null")
                        && member.get("enum") instanceof List<?> values) {
                    assertThat(values).as(schema.getKey() + "." + name + " admits null").containsNull();
                }
            });
        }
    }

    /** Every 201 of the document declares the Location header, required; the validator then insists on it. */
    @Test
    void everyCreatedAnswerDocumentsItsLocation() {
        Map<String, Map<String, Map<String, Object>>> paths = RestAssured.given().queryParam("format", "json")
                .get("/q/openapi").then().statusCode(200).extract().path("paths");
        int created = 0;
        for (var path : paths.entrySet()) {
            for (var op : path.getValue().entrySet()) {
                Object responses = op.getValue().get("responses");
                if (responses instanceof Map<?, ?> r && r.get("201") instanceof Map<?, ?> ok) {
                    created++;
                    assertThat(ok.get("headers")).as(op.getKey() + " " + path.getKey()).isInstanceOf(Map.class);
                    Object location = ((Map<?, ?>) ok.get("headers")).get("Location");
                    assertThat(location).as(op.getKey() + " " + path.getKey() + " Location").isInstanceOf(Map.class);
                    assertThat(((Map<?, ?>) location).get("required")).isEqualTo(true);
                }
            }
        }
        assertThat(created).isGreaterThanOrEqualTo(10);
        ValidationReport missing = validator.validateResponse("/api/v1/checks", Request.Method.POST,
                SimpleResponse.Builder.status(201).withContentType("application/json").withBody("{}").build());
        assertThat(missing.getMessages()).anyMatch(m -> m.getKey().equals("validation.response.header.missing"));
    }

    private ValidationReport validateGet(String path, String body) {
        return validator.validateResponse(path, Request.Method.GET,
                SimpleResponse.Builder.ok().withContentType("application/json").withBody(body).build());
    }

    private static String json(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void incidentsAnswerAsDocumented() {
        String id = as(token).body(Map.of("title", "Contract outage", "impact", "minor", "phase", "investigating",
                "message", "Looking into it")).post("/api/v1/incidents").then().statusCode(201).extract().path("id");
        as(token).get("/api/v1/incidents").then().statusCode(200);
        as(token).queryParam("limit", 5).get("/api/v1/incidents").then().statusCode(200);
        as(token).get("/api/v1/incidents/" + id).then().statusCode(200);
        as(token).body(Map.of("phase", "resolved", "message", "Fixed")).post("/api/v1/incidents/" + id + "/updates")
                .then().statusCode(201);
        as(token).body(Map.of("title", "")).post("/api/v1/incidents").then().statusCode(400);
        as(token).get("/api/v1/incidents/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void maintenanceAnswersAsDocumented() {
        String id = as(token).body(Map.of("name", "contract upgrade", "tags", List.of("contract"),
                        "startsAt", Instant.now().plusSeconds(3600).toString(), "endsAt", Instant.now().plusSeconds(7200).toString()))
                .post("/api/v1/maintenance").then().statusCode(201).extract().path("id");
        as(token).get("/api/v1/maintenance").then().statusCode(200);
        as(token).get("/api/v1/maintenance/" + id).then().statusCode(200);
        as(token).body(Map.of("name", "backwards", "startsAt", Instant.now().plusSeconds(7200).toString(),
                "endsAt", Instant.now().plusSeconds(3600).toString())).post("/api/v1/maintenance").then().statusCode(400);
        as(token).get("/api/v1/maintenance/" + UUID.randomUUID()).then().statusCode(404);
        as(token).delete("/api/v1/maintenance/" + id).then().statusCode(204);
    }

    @Test
    void regionsAnswerAsDocumented() {
        String name = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        as(token).body(Map.of("name", name, "displayName", "Contract", "location", "Nowhere"))
                .post("/api/v1/regions").then().statusCode(201);
        as(token).get("/api/v1/regions").then().statusCode(200);
        as(token).get("/api/v1/regions/" + name).then().statusCode(200);
        as(token).post("/api/v1/regions/" + name + "/tokens").then().statusCode(201);
        as(token).body(Map.of("name", "Not A Name!")).post("/api/v1/regions").then().statusCode(400);
        as(token).get("/api/v1/regions/no-such-region").then().statusCode(404);
        as(token).delete("/api/v1/regions/" + name).then().statusCode(204);
    }

    @Test
    void statusPagesAnswerAsDocumented() {
        String slug = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        String check = as(token).body(Map.of("name", "contract page", "url", "https://status.example.invalid/health",
                "intervalSeconds", 60)).post("/api/v1/checks").then().statusCode(201).extract().path("id");
        Map<String, Object> page = Map.of("slug", slug, "title", "Contract status",
                "components", List.of(Map.of("name", "Web", "checkId", check)));
        String id = as(token).body(page).post("/api/v1/status-pages").then().statusCode(201).extract().path("id");
        as(token).get("/api/v1/status-pages").then().statusCode(200);
        as(token).get("/api/v1/status-pages/" + id).then().statusCode(200);
        as(token).body(page).put("/api/v1/status-pages/" + id).then().statusCode(200);
        as(token).get("/api/v1/status-pages/" + id + "/subscribers").then().statusCode(200);
        as(token).body(Map.of("slug", "Bad Slug", "title", "x")).post("/api/v1/status-pages").then().statusCode(400);
        as(token).get("/api/v1/status-pages/" + UUID.randomUUID()).then().statusCode(404);
        as(token).delete("/api/v1/status-pages/" + id).then().statusCode(204);
    }
}

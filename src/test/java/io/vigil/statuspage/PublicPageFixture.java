package io.vigil.statuspage;

import io.restassured.RestAssured;
import io.vigil.testing.Api;
import io.vigil.testing.Await;
import io.vigil.testing.Receiver;
import org.w3c.dom.Document;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Checks, pages and incidents through the real API, for the tests of the public formats. */
public final class PublicPageFixture {

    private final String token;

    public PublicPageFixture(String token) {
        this.token = token;
    }

    /** A check probing the receiver's /target every second, down after one failure. */
    public String check(String name, Receiver receiver) {
        return Api.as(token).body(Map.of("name", name, "url", receiver.url("/target"), "intervalSeconds", 1, "timeoutMs", 800,
                "failureThreshold", 1)).post("/api/v1/checks").then().statusCode(201).extract().path("id");
    }

    public static String slug() {
        return "fmt-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A page; {@code password} null for a public one. Returns the page id. */
    public String page(String slug, String title, String password, List<Map<String, Object>> components) {
        Map<String, Object> body = new HashMap<>(Map.of("slug", slug, "title", title, "components", components));
        body.put("description", "Live status of " + title);
        if (password != null) {
            body.put("public", false);
            body.put("password", password);
        }
        return Api.as(token).body(body).post("/api/v1/status-pages").then().statusCode(201).extract().path("id");
    }

    public static Map<String, Object> component(String name, String checkId, String group) {
        Map<String, Object> c = new HashMap<>(Map.of("name", name, "checkId", checkId));
        if (group != null) {
            c.put("group", group);
        }
        return c;
    }

    /** A manual incident of the workspace (shown on all its pages). Returns its id. */
    public String incident(String title, String message) {
        return Api.as(token).body(Map.of("title", title, "message", message, "impact", "minor"))
                .post("/api/v1/incidents").then().statusCode(201).extract().path("id");
    }

    public void update(String incidentId, String phase, String message) {
        Api.as(token).body(Map.of("phase", phase, "message", message))
                .post("/api/v1/incidents/" + incidentId + "/updates").then().statusCode(201);
    }

    public void awaitStatus(String checkId, String status) {
        Await.until(checkId + " " + status, Duration.ofSeconds(30), () ->
                status.equals(Api.as(token).get("/api/v1/checks/" + checkId).jsonPath().getString("status")));
    }

    /** Waits until a public path's body satisfies the condition (the page cache keeps a snapshot a few seconds). */
    public static String awaitBody(String path, String what, java.util.function.Predicate<String> condition) {
        String[] last = new String[1];
        Await.until(what, Duration.ofSeconds(40), () -> {
            var r = RestAssured.get(path);
            last[0] = r.asString();
            return r.statusCode() == 200 && condition.test(last[0]);
        });
        return last[0];
    }

    /** Parses XML the safe way: no DTDs, no external entities. */
    public static Document xml(String body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage() + "\n" + body, e);
        }
    }
}

package io.vigil.statuspage;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.testing.Api;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Tenants;
import jakarta.inject.Inject;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code %00} in the form bodies of the status page routes (subscribe, login, logout), sent with a valid form token to
 * a real page: a 400 naming the field before the route acts on any of it (problem+json; the subscribe form answers with
 * the form again, the field marked, as it answers any refused subscription).
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class FormNulTest {

    static final String PASSWORD = "open sesame, please";

    @Inject
    Pool pool;
    String token;
    String checkId;

    @BeforeEach
    void setUp() {
        token = Tenants.workspaceWithToken(pool);
        checkId = Api.as(token).body(Map.of("name", "Form API", "url", "https://example.invalid/", "intervalSeconds", 60))
                .post("/api/v1/checks").then().statusCode(201).extract().path("id");
    }

    /** The subscribe form answers what it refuses with the form again, the field marked, as for any bad address. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "email=a%00b@example.com            | email      | The e-mail address must not contain the NUL character",
            "webhookUrl=https://example.com/%00 | webhookUrl | The webhook URL must not contain the NUL character",
            "e%00mail=a@example.com             |            | The form must not contain the NUL character",
            "email=a@example.com&csrf=%00       |            | The form must not contain the NUL character",
    })
    void subscribe(String fields, String marked, String alert) {
        String slug = slug();
        String pageId = page(slug, null);
        String csrf = Jsoup.parse(RestAssured.get("/status/" + slug + "/subscribe").then().statusCode(200).extract().asString())
                .selectFirst("input[name=csrf]").attr("value");
        String html = form().body(fields + (fields.contains("csrf=") ? "" : "&csrf=" + encode(csrf)))
                .post("/status/" + slug + "/subscribe").then().statusCode(400).contentType(ContentType.HTML)
                .extract().asString();
        Document page = Jsoup.parse(html);
        assertThat(page.selectFirst("[role=alert]").text()).startsWith(alert);
        assertThat(page.select("input[aria-invalid=true]").eachAttr("name"))
                .isEqualTo(marked == null ? List.of() : List.of(marked));
        assertThat(page.select("input[name=email], input[name=webhookUrl]").eachAttr("value")).containsOnly("");
        assertThat(page.selectFirst("input[name=csrf]").attr("value")).as("a fresh form token").isNotEmpty();
        Api.as(token).get("/api/v1/status-pages/" + pageId + "/subscribers").then().statusCode(200)
                .body("items.size()", equalTo(0));
    }

    /** On a page the visitor may not see, the guard's own answer: a problem+json naming the field. */
    @Test
    void subscribeToAPageNotUnlocked() {
        String slug = slug();
        page(slug, PASSWORD);
        refused(form().body("email=a%00@example.com&csrf=x").post("/status/" + slug + "/subscribe"), "email");
        refused(form().body("email=a%00@example.com&csrf=x").post("/status/no-such-" + slug + "/subscribe"), "email");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "password=open%00sesame | password",
            "password=x&csrf%00=1   | csrf%00",
    })
    void login(String fields, String field) {
        String slug = slug();
        page(slug, PASSWORD);
        refused(form().body(fields + "&csrf=" + encode(loginToken(slug))).post("/status/" + slug + "/login"), field);
    }

    @Test
    void logout() {
        String slug = slug();
        page(slug, PASSWORD);
        CookieFilter jar = new CookieFilter();
        form().filter(jar).body("password=" + encode(PASSWORD) + "&csrf=" + encode(loginToken(slug)))
                .post("/status/" + slug + "/login").then().statusCode(303);
        String html = RestAssured.given().filter(jar).get("/status/" + slug).then().statusCode(200).extract().asString();
        String logoutToken = Jsoup.parse(html).selectFirst("form.logout input[name=csrf]").attr("value");

        refused(form().filter(jar).body("csrf=" + encode(logoutToken) + "%00").post("/status/" + slug + "/logout"), "csrf");
        assertThat(RestAssured.given().filter(jar).get("/status/" + slug).asString()).as("still unlocked")
                .contains("Payroll backend");
    }

    private static void refused(Response response, String field) {
        response.then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors[0].field", equalTo(field))
                .body("errors[0].message", containsString("NUL"));
        assertThat(response.headers().getValues("Set-Cookie")).isEmpty();
    }

    private String page(String slug, String password) {
        Map<String, Object> body = new HashMap<>(Map.of("slug", slug, "title", "Form status",
                "components", List.of(Map.of("name", "Payroll backend", "checkId", checkId))));
        if (password != null) {
            body.put("public", false);
            body.put("password", password);
        }
        return Api.as(token).body(body).post("/api/v1/status-pages").then().statusCode(201).extract().path("id");
    }

    private static String loginToken(String slug) {
        return Jsoup.parse(RestAssured.get("/status/" + slug).then().statusCode(200).extract().asString())
                .selectFirst("form.login input[name=csrf]").attr("value");
    }

    private static RequestSpecification form() {
        return RestAssured.given().redirects().follow(false).urlEncodingEnabled(false).contentType(ContentType.URLENC);
    }

    private static String slug() {
        return "form-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

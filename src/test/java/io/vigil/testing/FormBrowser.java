package io.vigil.testing;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

import java.util.HashMap;
import java.util.Map;

/**
 * A browser without script for the server-rendered forms: keeps the session cookie, sends its own client address
 * (X-Forwarded-For, for tests under {@link TrustForwarded}) and a same-site Origin, and reads CSRF fields from pages.
 */
public final class FormBrowser {

    public static final String COOKIE = "vigil_session";

    private final String from;
    private String session;

    private final Map<String, String> cookies = new HashMap<>();

    public FormBrowser(String from) {
        this.from = from;
    }

    public String session() {
        return session;
    }

    public FormBrowser session(String value) {
        this.session = value;
        return this;
    }

    public RequestSpecification request() {
        RequestSpecification r = RestAssured.given().redirects().follow(false).header("X-Forwarded-For", from)
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36");
        r = r.cookies(cookies);
        return session == null ? r : r.cookie(COOKIE, session);
    }

    /** Another cookie this browser sends from now on (the console's workspace choice). */
    public FormBrowser cookie(String name, String value) {
        cookies.put(name, value);
        return this;
    }

    public Response get(String path) {
        return keep(request().get(path));
    }

    /** The CSRF field of the form whose action is {@code action} (or the first form) on the page at {@code page}. */
    public String csrf(String page, String action) {
        Response r = get(page);
        Element form = action == null ? Jsoup.parse(r.asString()).selectFirst("form")
                : Jsoup.parse(r.asString()).selectFirst("form[action=" + action + "]");
        if (form == null) {
            throw new AssertionError("no form " + action + " on " + page + " (" + r.statusCode() + "): " + r.asString());
        }
        return form.selectFirst("input[name=csrf]").attr("value");
    }

    /** Posts the form at {@code path} with a same-site Origin and the fields, CSRF included by the caller. */
    public Response post(String path, Map<String, String> fields) {
        return keep(request().header("Origin", "http://localhost:" + RestAssured.port).contentType(ContentType.URLENC)
                .formParams(new HashMap<>(fields)).post(path));
    }

    /** Signs in with e-mail and password; returns the answer to the POST (a 303 on success). */
    public Response login(String email, String password) {
        String csrf = csrf("/login", "/login");
        return post("/login", Map.of("email", email, "password", password, "csrf", csrf));
    }

    private Response keep(Response r) {
        String set = r.getCookie(COOKIE);
        if (set != null) {
            session = set.isEmpty() ? null : set;
        }
        return r;
    }
}

package io.vigil.api;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vigil.testing.Api;
import io.vigil.testing.PostgresResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** What a hostile client sends: NUL characters, duplicate keys, bad paging, oversized bodies and URIs. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class HostileInputTest {

    @TestHTTPResource
    URL base;

    String token;

    @BeforeEach
    void login() {
        token = Api.adminToken();
    }

    /** Every route that stores text, with a NUL in a member at some depth: a 400 naming that member. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "POST  | /api/v1/checks                         | {\"name\":\"a\\u0000b\",\"type\":\"http\"}                | name",
            "POST  | /api/v1/checks                         | {\"name\":\"ok\",\"headers\":{\"X-A\":\"\\u0000\"}}        | headers.X-A",
            "POST  | /api/v1/checks                         | {\"name\":\"ok\",\"tags\":[\"prod\",\"we\\u0000b\"]}       | tags[1]",
            "PATCH | /api/v1/checks/" + "00000000-0000-0000-0000-000000000001 | {\"url\":\"http://x/\\u0000\"}    | url",
            "POST  | /api/v1/tokens                         | {\"name\":\"\\u0000\"}                                     | name",
            "POST  | /api/v1/channels                       | {\"type\":\"webhook\",\"settings\":{\"url\":\"\\u0000\"}} | settings.url",
            "POST  | /api/v1/channels                       | {\"type\":\"webhook\",\"n\\u0000\":1}                       | n\\u0000",
            "POST  | /api/v1/incidents                      | {\"title\":\"down\\u0000\"}                                | title",
            "POST  | /api/v1/incidents/00000000-0000-0000-0000-000000000001/updates | {\"message\":\"\\u0000\"} | message",
            "POST  | /api/v1/status-pages                   | {\"slug\":\"s\",\"components\":[{\"name\":\"\\u0000\"}]}  | components[0].name",
            "POST  | /api/v1/regions                        | {\"name\":\"eu\\u0000\"}                                   | name",
            "POST  | /api/v1/maintenance                    | {\"name\":\"\\u0000\"}                                     | name",
            "POST  | /status/no-such-page/subscribe         | {\"email\":\"a\\u0000@example.com\"}                       | email",
    })
    void nulInAnyStoredStringIsA400NamingTheMember(String method, String path, String json, String field) {
        Api.as(token).body(json).request(method, path)
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(400))
                .body("errors[0].field", equalTo(field))
                .body("errors[0].message", containsString("NUL"));
    }

    @Test
    void anEscapedBackslashBeforeU0000IsPlainText() {
        Api.as(token).body("{\"name\":\"back\\\\u0000slash\"}").post("/api/v1/tokens")
                .then().statusCode(201).body("name", equalTo("back\\u0000slash"));
    }

    /** %00 in paths and queries, public and API routes: a problem+json 400 before any route sees it. */
    @ParameterizedTest
    @ValueSource(strings = {"/ping/%00", "/ping/%00/start", "/status/%00", "/status/%00/api/v2/summary.json",
            "/status/a%00b/history", "/api/v1/regions/%00", "/api/v1/checks/%00",
            "/api/v1/checks/00000000-0000-0000-0000-000000000001/results?region=%00",
            "/api/v1/incidents?state=open&cursor=x%00y"})
    void nulInPathOrQueryIsA400(String uri) {
        given().urlEncodingEnabled(false).header("Authorization", "Bearer " + token).get(uri)
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(400))
                .body("errors[0].field", anyOf(equalTo("path"), equalTo("region"), equalTo("cursor")));
    }

    @Test
    void theQueryParameterIsNamed() {
        given().urlEncodingEnabled(false).header("Authorization", "Bearer " + token)
                .get("/api/v1/checks/00000000-0000-0000-0000-000000000001/results?region=%00")
                .then().statusCode(400).body("errors[0].field", equalTo("region"));
    }

    @Test
    void duplicateKeysAreRefusedNamingTheKey() {
        Api.as(token).body("{\"name\":\"a\",\"name\":\"b\"}").post("/api/v1/tokens")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("name"))
                .body("errors[0].message", containsString("more than once"));
        Api.as(token).body("{\"name\":\"x\",\"headers\":{\"A\":\"1\",\"A\":\"2\"}}").post("/api/v1/checks")
                .then().statusCode(400).body("errors[0].field", equalTo("headers.A"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "0", "abc", "501", "1.5", "99999999999"})
    void badLimitsAreA400NamingLimit(String limit) {
        for (String list : List.of("/api/v1/checks", "/api/v1/incidents", "/api/v1/channels", "/api/v1/status-pages")) {
            Api.as(token).queryParam("limit", limit).get(list)
                    .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                    .body("errors[0].field", equalTo("limit"));
        }
    }

    @Test
    void aDeclaredOversizedBodyIsA413() {
        given().contentType(ContentType.JSON).body(new byte[2 * 1024 * 1024]).post("/status/any/subscribe")
                .then().statusCode(413).contentType(Problem.MEDIA_TYPE).body("status", equalTo(413));
    }

    /** 50 MiB chunked: refused once the limit is passed, with one answer and at most one log line. */
    @Test
    void aChunkedOversizedBodyIsOne413AndOneLogLine() throws Exception {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        String response;
        try {
            response = chunkedPost("/status/" + UUID.randomUUID() + "/subscribe", 50 * 1024 * 1024);
        } finally {
            root.removeHandler(capture);
        }
        assertThat(response).startsWith("HTTP/1.1 413");
        assertThat(response.toLowerCase()).contains("content-type: application/problem+json");
        assertThat(response).contains("\"status\":413");
        List<LogRecord> ours = records.stream().filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
                .filter(r -> r.getThrown() != null || r.getLevel().intValue() >= Level.WARNING.intValue()
                        || r.getLoggerName().startsWith("io.vigil.api") || r.getLoggerName().startsWith("io.vertx")
                        || r.getLoggerName().startsWith("io.quarkus.vertx") || r.getLoggerName().startsWith("org.jboss.resteasy"))
                .toList();
        assertThat(ours).as(ours.stream().map(LogRecord::getMessage).toList().toString()).hasSizeLessThanOrEqualTo(1);
        assertThat(ours).allSatisfy(r -> assertThat(r.getThrown()).isNull());
    }

    @Test
    void aTwentyKilobyteUriIsA414() {
        given().get("/status/x?q=" + "a".repeat(20_000))
                .then().statusCode(414).contentType(Problem.MEDIA_TYPE).body("status", equalTo(414));
    }

    /**
     * Streams a chunked body of up to {@code total} bytes (stopping when the server closes), reading the answer
     * meanwhile; bounded by a 15 s read timeout.
     */
    private String chunkedPost(String path, long total) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", base.getPort())) {
            socket.setSoTimeout(15_000);
            InputStream in = socket.getInputStream();
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                ByteArrayOutputStream read = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                try {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        read.write(buf, 0, n);
                    }
                } catch (java.net.SocketTimeoutException stuck) {
                    return "no end of the answer within 15 s: " + read.toString(StandardCharsets.ISO_8859_1);
                } catch (IOException closed) {
                    // the server reset the connection: what was read is the answer
                }
                return read.toString(StandardCharsets.ISO_8859_1);
            });
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                for (long sent = 0; sent < total && !answer.isDone(); sent += chunk.length) {
                    out.write(head);
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closed) {
                // refused mid-body, as it should be
            }
            return answer.get(30, TimeUnit.SECONDS);
        }
    }
}

package io.vigil.statuspage;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.vigil.api.SecurityHeaders;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.TrustForwarded;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/** Behind a trusted TLS-terminating proxy, HTML pages add Strict-Transport-Security; over its plain http, they do not. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(TrustForwarded.class)
class SecurityHeadersTrustedProxyTest {

    @Test
    void hstsFollowsTheForwardedProtocol() {
        String path = "/status/no-such-page-here";
        Response tls = RestAssured.given().header("X-Forwarded-Proto", "https").get(path);
        assertThat(tls.statusCode()).isEqualTo(404);
        assertThat(tls.contentType()).startsWith("text/html");
        assertThat(tls.header("Strict-Transport-Security")).isEqualTo(SecurityHeaders.HSTS).startsWith("max-age=");
        assertThat(tls.header("Content-Security-Policy")).isEqualTo(SecurityHeaders.CSP);

        Response chain = RestAssured.given().header("X-Forwarded-Proto", "https, http").get(path);
        assertThat(chain.header("Strict-Transport-Security")).isEqualTo(SecurityHeaders.HSTS);

        Response plain = RestAssured.given().header("X-Forwarded-Proto", "http").get(path);
        assertThat(plain.header("Strict-Transport-Security")).isNull();
        assertThat(plain.header("Content-Security-Policy")).isEqualTo(SecurityHeaders.CSP);
        assertThat(RestAssured.get(path).header("Strict-Transport-Security")).isNull();

        // HSTS is for pages; a JSON answer over the same proxy gets nosniff only
        Response json = RestAssured.given().header("X-Forwarded-Proto", "https").get("/api/v1/checks");
        assertThat(json.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(json.header("Strict-Transport-Security")).isNull();
    }
}

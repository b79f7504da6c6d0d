package io.vigil.check;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vigil.testing.Api;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** URL rules per check type; nothing here is probed (intervals are long, hosts are .invalid or literals). */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class CheckTypesValidationTest {

    @Inject
    CheckKinds kinds;

    String token;

    @BeforeEach
    void token() {
        token = Api.adminToken();
    }

    private static Map<String, Object> check(String type, String url) {
        Map<String, Object> c = new HashMap<>();
        c.put("name", type + " check");
        c.put("type", type);
        c.put("url", url);
        c.put("intervalSeconds", 3600);
        c.put("assertions", List.of());
        return c;
    }

    private ValidatableResponse created(String type, String url) {
        return Api.as(token).body(check(type, url)).post("/api/v1/checks").then().statusCode(201)
                .body("type", equalTo(type)).body("url", equalTo(url));
    }

    private ValidatableResponse urlInvalid(String type, String url) {
        return Api.as(token).body(check(type, url)).post("/api/v1/checks").then().statusCode(400)
                .body("errors[0].field", equalTo("url"));
    }

    @Test
    void tcpNeedsTcpSchemeAndPort() {
        created("tcp", "tcp://db.example.invalid:5432");
        created("tcp", "tcp://[::1]:9");   // loopback is allowed in the test profile; never a public address
        urlInvalid("tcp", "tcp://db.example.invalid").body("errors[0].message", containsString("port"));
        urlInvalid("tcp", "https://db.example.invalid:5432").body("errors[0].message", containsString("tcp://"));
        urlInvalid("tcp", "tcp://db.example.invalid:5432/path").body("errors[0].message", containsString("without a path"));
        urlInvalid("tcp", "tcp://user:pw@db.example.invalid:5432");
    }

    @Test
    void tlsNeedsTlsSchemePortOptional() {
        created("tls", "tls://www.example.invalid");
        created("tls", "tls://www.example.invalid:8443");
        urlInvalid("tls", "https://www.example.invalid").body("errors[0].message", containsString("tls://"));
        urlInvalid("tls", "tls://www.example.invalid/x?y=1");
    }

    @Test
    void httpStillNeedsHttpScheme() {
        created("http", "https://www.example.invalid/health");
        urlInvalid("http", "tcp://www.example.invalid:80").body("errors[0].message", containsString("http://"));
    }

    @Test
    void literalAddressesAreRefusedForEveryType() {
        // The test profile allows 127.0.0.0/8 and ::1; link-local metadata and private ranges stay refused.
        urlInvalid("tcp", "tcp://169.254.169.254:80").body("errors[0].message", containsString("egress policy"));
        urlInvalid("tls", "tls://10.0.0.1").body("errors[0].message", containsString("egress policy"));
        urlInvalid("tcp", "tcp://[fe80::1]:22").body("errors[0].message", containsString("egress policy"));
        urlInvalid("http", "http://192.168.1.1/").body("errors[0].message", containsString("egress policy"));
        urlInvalid("tls", "tls://192.0.2.1").body("errors[0].message", containsString("documentation"));
        // Spellings curl and browsers read as 127.0.0.1 are refused although loopback is allowed here.
        urlInvalid("tcp", "tcp://0177.0.0.1:22").body("errors[0].message", containsString("ambiguous IPv4 address"));
        urlInvalid("http", "http://0x7f.1/").body("errors[0].message", containsString("ambiguous IPv4 address"));
        urlInvalid("dns", "dns://2130706433/www.example.invalid?type=A").body("errors[0].message", containsString("ambiguous"));
    }

    @Test
    void dnsNeedsNameAndRecordType() {
        created("dns", "dns:///www.example.invalid?type=A");
        created("dns", "dns://127.0.0.1:5353/www.example.invalid?type=TXT");
        urlInvalid("dns", "dns:///www.example.invalid").body("errors[0].message", containsString("type="));
        urlInvalid("dns", "dns:///www.example.invalid?type=SOA");
        urlInvalid("dns", "dns://127.0.0.1/?type=A").body("errors[0].message", containsString("name the domain"));
        urlInvalid("dns", "https://www.example.invalid/?type=A").body("errors[0].message", containsString("dns://"));
        urlInvalid("dns", "dns://10.0.0.53/www.example.invalid?type=A")
                .body("errors[0].message", containsString("resolver is refused by the egress policy"));
    }

    @Test
    void unknownTypesAreRefused() {
        Api.as(token).body(check("smtp", "smtp://mail.example.invalid/")).post("/api/v1/checks").then().statusCode(400)
                .body("errors[0].field", equalTo("type"))
                .body("errors[0].message", containsString("must be one of"));
    }

    @Test
    void unknownTypeNamesEveryTypeThereIsABeanFor() {
        assertThat(kinds.types()).isNotEmpty();
        ValidatableResponse refused = Api.as(token).body(check("smtp", "smtp://mail.example.invalid/")).post("/api/v1/checks")
                .then().statusCode(400).body("errors[0].field", equalTo("type"));
        for (String type : kinds.types()) {
            refused.body("errors[0].message", containsString(type));
        }
    }

    @Test
    void pingMembersBelongToPingedTypesOnly() {
        Map<String, Object> probed = check("tcp", "tcp://db.example.invalid:5432");
        probed.put("periodSeconds", 3600);
        Api.as(token).body(probed).post("/api/v1/checks").then().statusCode(400)
                .body("errors[0].field", equalTo("periodSeconds"))
                .body("errors[0].message", equalTo("applies to heartbeat checks only"));
    }
}

package io.vigil.statuspage.subscribe;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.statuspage.PublicPageFixture;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Receiver;
import io.vigil.testing.Tenants;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A visitor's webhook URL is checked against the egress policy when they subscribe (400 naming {@code webhookUrl}), so
 * no subscriber row ever points at an internal address. The test profile allows loopback (the receiver).
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class SubscriberWebhookEgressTest {

    @Inject
    Pool pool;
    Receiver receiver;
    String slug;

    @BeforeEach
    void page() {
        receiver = new Receiver();
        PublicPageFixture fixture = new PublicPageFixture(Tenants.workspaceWithToken(pool));
        slug = PublicPageFixture.slug();
        fixture.page(slug, "Egress Status", null, List.of(PublicPageFixture.component("Web",
                fixture.check("egress-page-probe", receiver), null)));
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    private Response subscribe(String webhookUrl) {
        return RestAssured.given().contentType(ContentType.JSON).body(Map.of("webhookUrl", webhookUrl))
                .post("/status/" + slug + "/subscribe");
    }

    private long subscribers() {
        return pool.preparedQuery("SELECT count(*) FROM channels c JOIN status_pages p ON p.id = c.page_id WHERE p.slug = $1")
                .execute(Tuple.of(slug)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    @Test
    void internalAndAmbiguousAddressesAreRefusedWhenSubscribing() {
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/hook", "http://192.0.2.1/hook",
                "http://[::ffff:192.168.1.1]/hook", "http://0177.0.0.1/hook", "http://2130706433/hook")) {
            subscribe(url).then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("webhookUrl"))
                    .body("errors[0].message", containsString(url.contains("0177") || url.contains("2130706433")
                            ? "ambiguous IPv4 address" : "egress policy"));
        }
        assertThat(subscribers()).as("no subscriber stored").isZero();
        subscribe(receiver.url("/hook")).then().statusCode(201).body("webhookUrl", equalTo(receiver.url("/hook")));
        assertThat(subscribers()).isEqualTo(1);
    }
}

package io.vigil.statuspage.badge;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.statuspage.PublicPageFixture;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Receiver;
import io.vigil.testing.Tenants;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import java.util.List;
import java.util.UUID;

import static io.vigil.statuspage.PublicPageFixture.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Badges for checks on public pages only; everything else is a 404 that reveals nothing. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BadgeTest {

    @Inject
    Pool pool;
    Receiver receiver;
    PublicPageFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new PublicPageFixture(Tenants.workspaceWithToken(pool));
        receiver = new Receiver();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Test
    void badgesOfACheckOnAPublicPage() {
        String check = fixture.check("API", receiver);
        fixture.page(PublicPageFixture.slug(), "Shop", null, List.of(component("API", check, null)));
        fixture.awaitStatus(check, "up");
        String base = "/badge/" + check + "/";

        String status = PublicPageFixture.awaitBody(base + "status.svg", "up", b -> b.contains(">up<"));
        Document svg = PublicPageFixture.xml(status);
        assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(svg.getDocumentElement().getAttribute("aria-label")).isEqualTo("status: up");
        assertThat(status).contains("#4c1");
        var r = RestAssured.get(base + "status.svg").then().statusCode(200).contentType(startsWith("image/svg+xml")).extract();
        io.vigil.testing.Conditional.assertRevalidates(base + "status.svg");

        String uptime = PublicPageFixture.awaitBody(base + "uptime.svg?window=24h", "100%", b -> b.contains(">100%<"));
        assertThat(PublicPageFixture.xml(uptime).getDocumentElement().getAttribute("aria-label")).isEqualTo("uptime 24h: 100%");
        for (String window : List.of("7d", "30d", "90d")) {
            RestAssured.get(base + "uptime.svg?window=" + window).then().statusCode(200).contentType(startsWith("image/svg+xml"));
        }
        assertThat(RestAssured.get(base + "uptime.svg").asString()).contains("uptime 30d");
        String latency = PublicPageFixture.awaitBody(base + "response-time.svg", "a response time", b -> b.matches("(?s).*>\\d+ ms<.*"));
        PublicPageFixture.xml(latency);

        // A custom label is user text in XML: escaped.
        String labelled = RestAssured.given().queryParam("label", "<api> & \"co\"").get(base + "status.svg").then().statusCode(200)
                .extract().asString();
        assertThat(PublicPageFixture.xml(labelled).getDocumentElement().getAttribute("aria-label")).isEqualTo("<api> & \"co\": up");
        assertThat(labelled).doesNotContain("<api>");

        receiver.targetStatus.set(500);
        String down = PublicPageFixture.awaitBody(base + "status.svg", "down", b -> b.contains(">down<"));
        assertThat(down).contains("#e05d44");
    }

    @Test
    void noBadgeForAnyOtherCheck() {
        String onNoPage = fixture.check("Lonely", receiver);
        String onPrivatePage = fixture.check("Secret", receiver);
        String onPublicPage = fixture.check("Public", receiver);
        fixture.page(PublicPageFixture.slug(), "Internal", "let-me-in-please", List.of(component("Secret", onPrivatePage, null)));
        fixture.page(PublicPageFixture.slug(), "Shop", null, List.of(component("Public", onPublicPage, null)));
        RestAssured.get("/badge/" + onPublicPage + "/status.svg").then().statusCode(200);

        for (String id : List.of(onNoPage, onPrivatePage, UUID.randomUUID().toString(), "not-a-uuid", "1-1-1-1-1",
                onPublicPage + "0", onPublicPage.replace("-", ""))) {
            for (String badge : List.of("status.svg", "uptime.svg", "uptime.svg?window=7d", "response-time.svg")) {
                String body = RestAssured.get("/badge/" + id + "/" + badge).then().statusCode(404)
                        .contentType(startsWith("application/problem+json")).extract().asString();
                assertThat(body).doesNotContain("Secret").doesNotContain("Internal");
            }
        }
        RestAssured.get("/badge/" + onPublicPage + "/uptime.svg?window=1y").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("errors[0].field", equalTo("window"));
    }
}

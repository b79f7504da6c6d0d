package io.vigil.statuspage.feed;

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
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static io.vigil.statuspage.PublicPageFixture.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

/** Atom and RSS feeds of a page's incidents parse as XML, carry the required elements and escape user text. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class FeedTest {

    static final String ATOM = "http://www.w3.org/2005/Atom";
    static final String NASTY = "Checkout <b>down</b> & \"slow\"";

    @Inject
    Pool pool;
    Receiver receiver;
    PublicPageFixture fixture;
    String slug;
    String incident;

    @BeforeEach
    void setUp() {
        fixture = new PublicPageFixture(Tenants.workspaceWithToken(pool));
        receiver = new Receiver();
        slug = PublicPageFixture.slug();
        fixture.page(slug, "Shop & Co", null, List.of(component("API", fixture.check("API", receiver), null)));
        incident = fixture.incident(NASTY, "Investigating <script>alert(1)</script> & more");
        fixture.update(incident, "identified", "Found it: a <i>bad</i> deploy");
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Test
    void atom() {
        String body = PublicPageFixture.awaitBody("/status/" + slug + "/feed.atom", "the incident in the feed", b -> b.contains(incident));
        RestAssured.get("/status/" + slug + "/feed.atom").then().statusCode(200).contentType(startsWith("application/atom+xml"));
        Document doc = PublicPageFixture.xml(body);
        Element feed = doc.getDocumentElement();
        assertThat(feed.getLocalName()).isEqualTo("feed");
        assertThat(feed.getNamespaceURI()).isEqualTo(ATOM);
        assertThat(child(feed, "id").getTextContent()).startsWith("urn:uuid:");
        assertThat(child(feed, "title").getTextContent()).isEqualTo("Shop & Co status");
        OffsetDateTime.parse(child(feed, "updated").getTextContent());
        assertThat(child(feed, "author")).isNotNull();
        NodeList entries = feed.getElementsByTagNameNS(ATOM, "entry");
        assertThat(entries.getLength()).isEqualTo(1);
        Element entry = (Element) entries.item(0);
        assertThat(child(entry, "id").getTextContent()).isEqualTo("urn:uuid:" + incident);
        assertThat(child(entry, "title").getTextContent()).isEqualTo(NASTY);
        OffsetDateTime.parse(child(entry, "updated").getTextContent());
        Element link = child(entry, "link");
        assertThat(link.getAttribute("href")).endsWith("/status/" + slug + "/incidents/" + incident);
        Element content = child(entry, "content");
        assertThat(content.getAttribute("type")).isEqualTo("html");
        // The content is HTML in which the user's text is itself escaped: no live markup from an incident update.
        assertThat(content.getTextContent()).contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more")
                .contains("a &lt;i&gt;bad&lt;/i&gt; deploy").doesNotContain("<script>");
        assertThat(body).contains("Checkout &lt;b&gt;down&lt;/b&gt; &amp; \"slow\"").doesNotContain("<b>");
    }

    @Test
    void rss() {
        String body = PublicPageFixture.awaitBody("/status/" + slug + "/feed.rss", "the incident in the feed", b -> b.contains(incident));
        RestAssured.get("/status/" + slug + "/feed.rss").then().statusCode(200).contentType(startsWith("application/rss+xml"));
        Document doc = PublicPageFixture.xml(body);
        Element rss = doc.getDocumentElement();
        assertThat(rss.getLocalName()).isEqualTo("rss");
        assertThat(rss.getAttribute("version")).isEqualTo("2.0");
        Element channel = child(rss, "channel");
        assertThat(child(channel, "title").getTextContent()).isEqualTo("Shop & Co status");
        assertThat(child(channel, "link").getTextContent()).endsWith("/status/" + slug);
        assertThat(child(channel, "description").getTextContent()).isNotBlank();
        Element item = child(channel, "item");
        assertThat(child(item, "title").getTextContent()).isEqualTo(NASTY);
        assertThat(child(item, "link").getTextContent()).endsWith("/status/" + slug + "/incidents/" + incident);
        assertThat(child(item, "guid").getTextContent()).isEqualTo("urn:uuid:" + incident);
        assertThat(child(item, "guid").getAttribute("isPermaLink")).isEqualTo("false");
        ZonedDateTime.parse(child(item, "pubDate").getTextContent(), DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(child(item, "description").getTextContent()).contains("Found it: a &lt;i&gt;bad&lt;/i&gt; deploy");
    }

    @Test
    void cachingUnknownAndProtected() {
        String path = "/status/" + slug + "/feed.atom";
        String etag = io.vigil.testing.Conditional.assertRevalidates(path);
        assertThat(RestAssured.get("/status/" + slug + "/feed.rss").header("ETag")).isNotEqualTo(etag);
        RestAssured.get("/status/no-such-page/feed.atom").then().statusCode(404);
        RestAssured.get("/status/no-such-page/feed.rss").then().statusCode(404);
        RestAssured.get("/status/" + slug + "/feed.json").then().statusCode(404);
        String locked = PublicPageFixture.slug();
        fixture.page(locked, "Internal", "let-me-in-please", List.of());
        assertThat(RestAssured.get("/status/" + locked + "/feed.rss").then().statusCode(401).extract().asString())
                .doesNotContain(incident).doesNotContain("Checkout");
        RestAssured.get("/status/" + locked + "/feed.atom").then().statusCode(401);
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                return e;
            }
        }
        throw new AssertionError("no <" + name + "> in <" + parent.getLocalName() + ">");
    }
}

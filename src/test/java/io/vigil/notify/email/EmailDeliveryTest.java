package io.vigil.notify.email;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.testing.Api;
import io.vigil.testing.Await;
import io.vigil.testing.GreenMailResource;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Receiver;
import io.vigil.testing.Tenants;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** E-mail channels and owner notices against a real SMTP server (GreenMail). */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(GreenMailResource.class)
class EmailDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;
    String token;

    @BeforeEach
    void setUp() throws Exception {
        GreenMailResource.startServer();
        GreenMailResource.server().purgeEmailFromAllMailboxes();
        token = Tenants.workspaceWithToken(pool);
    }

    @AfterEach
    void tearDown() {
        GreenMailResource.startServer();
    }

    private String createEmailChannel(String name, List<String> to) {
        return Api.as(token).body(Map.of("type", "email", "name", name, "to", to))
                .post("/api/v1/channels").then().statusCode(201)
                .body("to", equalTo(to)).extract().path("id");
    }

    private JsonPath deliveries(String channel) {
        return Api.as(token).get("/api/v1/channels/" + channel + "/deliveries").then().statusCode(200).extract().jsonPath();
    }

    private static List<MimeMessage> received(String subject) {
        return Arrays.stream(GreenMailResource.server().getReceivedMessages()).filter(m -> {
            try {
                return subject.equals(m.getSubject());
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of() : Arrays.stream(addresses).map(Address::toString).toList();
    }

    @Test
    void aTestEventArrivesAsTextAndHtmlAndIsLoggedDelivered() throws Exception {
        String id = createEmailChannel("ops mail", List.of("ops@example.com"));
        String eventId = Api.as(token).post("/api/v1/channels/" + id + "/test").then().statusCode(202)
                .body("state", equalTo("pending")).extract().path("eventId");

        String subject = "[Vigil] 🧪 Test notification from Vigil";
        Await.until("the test e-mail", WAIT, () -> received(subject).size() == 1);
        MimeMessage mail = received(subject).get(0);
        assertThat(addresses(mail.getFrom())).containsExactly("vigil@localhost");
        assertThat(addresses(mail.getRecipients(jakarta.mail.Message.RecipientType.TO))).containsExactly("ops@example.com");
        assertThat(mail.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(mail.getHeader("X-Vigil-Event", null)).isEqualTo(eventId);

        assertThat(mail.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        BodyPart text = part(parts, "text/plain");
        BodyPart html = part(parts, "text/html");
        assertThat((String) text.getContent()).startsWith("🧪 Test notification from Vigil")
                .contains("This is a test notification for channel \"ops mail\". If you can read it, Vigil can reach you.");
        assertThat((String) html.getContent()).contains("<title>🧪 Test notification from Vigil</title>")
                .contains("This is a test notification for channel &quot;ops mail&quot;.")
                .contains(">Open in Vigil</a>");

        Await.until("delivered in the log", WAIT, () -> "delivered".equals(deliveries(id).getString("items[0].state")));
        JsonPath log = deliveries(id);
        assertThat(log.getString("items[0].eventId")).isEqualTo(eventId);
        assertThat(log.getInt("items[0].attempts")).isEqualTo(1);
        assertThat(log.getInt("items[0].log[0].status")).isEqualTo(250);
        assertThat(log.getString("items[0].log[0].response")).isEqualTo("accepted by SMTP server");
        assertThat(log.getString("items[0].log[0].error")).isNull();
    }

    @Test
    void whileTheSmtpServerIsDownTheDeliveryWaitsAndRetriesThenArrives() throws Exception {
        String id = createEmailChannel("ops mail", List.of("ops@example.com", "oncall@example.com"));
        GreenMailResource.stopServer();
        Api.as(token).post("/api/v1/channels/" + id + "/test").then().statusCode(202);

        Await.until("two failed attempts", WAIT, () -> deliveries(id).getInt("items[0].attempts") >= 2);
        JsonPath failing = deliveries(id);
        assertThat(failing.getString("items[0].state")).isEqualTo("pending");
        assertThat(failing.<String>getList("items[0].log.error")).isNotEmpty().doesNotContainNull();
        assertThat(failing.<Integer>getList("items[0].log.status")).containsOnlyNulls();
        assertThat(failing.getString("items[0].lastError")).startsWith("connect: ").contains("refused");
        Api.as(token).get("/api/v1/channels/" + id).then().body("enabled", equalTo(true));

        GreenMailResource.startServer();
        Await.until("delivered after the server came back", WAIT,
                () -> "delivered".equals(deliveries(id).getString("items[0].state")));
        MimeMessage mail = received("[Vigil] 🧪 Test notification from Vigil").get(0);
        assertThat(addresses(mail.getRecipients(jakarta.mail.Message.RecipientType.TO)))
                .containsExactly("ops@example.com", "oncall@example.com");
        JsonPath log = deliveries(id);
        int attempts = log.getInt("items[0].attempts");
        assertThat(attempts).isGreaterThanOrEqualTo(3);
        assertThat(log.<Integer>getList("items[0].log.status")).hasSize(attempts).last().isEqualTo(250);
    }

    @Test
    void aDisabledChannelIsReportedToTheWorkspaceOwners() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.answer(410);
            String name = "gone hook " + UUID.randomUUID();
            String id = Api.as(token).body(Map.of("type", "webhook", "name", name, "url", receiver.url("/hook")))
                    .post("/api/v1/channels").then().statusCode(201).extract().path("id");
            Api.as(token).post("/api/v1/channels/" + id + "/test").then().statusCode(202);

            String subject = "Vigil disabled channel " + name;
            Await.until("the owner notice", WAIT, () -> received(subject).size() == 1);
            MimeMessage mail = received(subject).get(0);
            String owner = pool.preparedQuery("SELECT u.email FROM users u JOIN memberships m ON m.user_id = u.id "
                            + "JOIN channels c ON c.workspace_id = m.workspace_id WHERE c.id = $1 AND m.role = 'owner'")
                    .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(10))
                    .iterator().next().getString("email");
            assertThat(owner).endsWith("@example.com");
            assertThat(addresses(mail.getRecipients(jakarta.mail.Message.RecipientType.TO))).containsExactly(owner);
            assertThat(addresses(mail.getFrom())).containsExactly("vigil@localhost");
            assertThat(((String) mail.getContent()).replace("\r\n", "\n"))
                    .contains("Vigil disabled the webhook channel \"" + name + "\" of your workspace.")
                    .contains("Reason: the receiver answered 410 Gone")
                    .contains("/api/v1/channels/" + id);
            Api.as(token).get("/api/v1/channels/" + id).then().body("enabled", equalTo(false));
        }
    }

    @Test
    void badRecipientsAreRefusedNamingTheEntry() {
        Api.as(token).body(Map.of("type", "email", "name", "x", "to", List.of("ops@example.com", "ops")))
                .post("/api/v1/channels").then().statusCode(400)
                .body("errors[0].field", equalTo("to[1]"));
        Api.as(token).body(Map.of("type", "email", "name", "x", "to", List.of()))
                .post("/api/v1/channels").then().statusCode(400)
                .body("errors[0].field", equalTo("to"));
        Api.as(token).body(Map.of("type", "email", "name", "x", "to", "ops@example.com"))
                .post("/api/v1/channels").then().statusCode(400)
                .body("errors[0].field", equalTo("to")).body("errors[0].message", equalTo("must be an array of strings"));
    }

    private static BodyPart part(MimeMultipart parts, String type) throws MessagingException, IOException {
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).isMimeType(type)) {
                return parts.getBodyPart(i);
            }
        }
        throw new AssertionError("no " + type + " part");
    }
}

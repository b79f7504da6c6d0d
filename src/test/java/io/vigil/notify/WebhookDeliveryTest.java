package io.vigil.notify;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.testing.Api;
import io.vigil.testing.Await;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Receiver;
import io.vigil.testing.Tenants;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Webhook deliveries against a real receiver, verified with an independent Standard Webhooks implementation. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class WebhookDeliveryTest extends NotifyTestBase {

    private JsonPath createWebhook(Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("type", "webhook", "name", "ops hook",
                "url", receiver.url("/hook"), "isDefault", true));
        body.putAll(extra);
        return Api.as(token).body(body).post("/api/v1/channels").then().statusCode(201).extract().jsonPath();
    }

    @Test
    void aTestEventArrivesSignedAndTheSecretIsShownOnlyOnce() throws Exception {
        JsonPath created = createWebhook(Map.of());
        String id = created.getString("id");
        String secret = created.getString("secret");
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        Api.as(token).get("/api/v1/channels/" + id).then().statusCode(200)
                .body("secret", equalTo("••••••")).body("url", equalTo(receiver.url("/hook")));
        assertThat(Api.as(token).get("/api/v1/channels").asString()).doesNotContain(secret.substring(6, 20));

        String eventId = Api.as(token).post("/api/v1/channels/" + id + "/test").then().statusCode(202)
                .body("state", equalTo("pending")).extract().path("eventId");
        Await.until("the test event", WAIT, () -> receiver.requests.size() == 1);
        Receiver.Request r = receiver.requests.get(0);
        assertThat(r.header("webhook-id")).isEqualTo(eventId);
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(Long.parseLong(r.header("webhook-timestamp"))).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(30L));
        assertThat(verify(secret, r)).as("signature verifies").isTrue();
        assertThat(verify("whsec_" + Base64.getEncoder().encodeToString(new byte[32]), r)).as("a wrong key does not").isFalse();
        JsonPath body = JsonPath.from(r.body());
        assertThat(body.getString("type")).isEqualTo("test");
        assertThat(body.getString("timestamp")).isNotBlank();
        assertThat(body.getMap("data")).containsKeys("check", "incident", "regions", "error", "links");

        Await.until("delivered in the log", WAIT, () -> "delivered".equals(deliveries(id).getString("items[0].state")));
        JsonPath log = deliveries(id);
        assertThat(log.getString("items[0].eventId")).isEqualTo(eventId);
        assertThat(log.getInt("items[0].attempts")).isEqualTo(1);
        assertThat(log.getInt("items[0].log[0].status")).isEqualTo(200);
        assertThat(log.getString("items[0].log[0].response")).isEqualTo("answer 200");
    }

    @Test
    void threeFailuresThenSuccessIsOneEventWithFourAttemptsAndOneId() {
        receiver.answer(500, 500, 500);
        String id = createWebhook(Map.of()).getString("id");
        Api.as(token).post("/api/v1/channels/" + id + "/test").then().statusCode(202);
        Await.until("four attempts", WAIT, () -> receiver.requests.size() == 4);
        Await.until("delivered", WAIT, () -> "delivered".equals(deliveries(id).getString("items[0].state")));
        assertThat(receiver.requests.stream().map(r -> r.header("webhook-id")).distinct()).hasSize(1);
        assertThat(receiver.requests.stream().map(Receiver.Request::body).distinct()).hasSize(1);
        JsonPath log = deliveries(id);
        assertThat(log.getList("items")).hasSize(1);
        assertThat(log.getInt("items[0].attempts")).isEqualTo(4);
        assertThat(log.<Integer>getList("items[0].log.status")).containsExactly(500, 500, 500, 200);
        assertThat(log.getString("items[0].log[0].error")).isEqualTo("receiver answered 500");
        // Retries back off: each gap is at least the schedule's delay less its jitter.
        for (int i = 1; i < 4; i++) {
            assertThat(Duration.between(receiver.requests.get(i - 1).at(), receiver.requests.get(i).at()).toMillis())
                    .isGreaterThanOrEqualTo(170);
        }
        // Still enabled, nothing more sent.
        Api.as(token).get("/api/v1/channels/" + id).then().body("enabled", equalTo(true));
    }

    @Test
    void gone410DisablesTheChannelAndStopsRetrying() throws InterruptedException {
        receiver.answer(410);
        String id = createWebhook(Map.of()).getString("id");
        Api.as(token).post("/api/v1/channels/" + id + "/test").then().statusCode(202);
        Await.until("failed", WAIT, () -> "failed".equals(deliveries(id).getString("items[0].state")));
        Api.as(token).get("/api/v1/channels/" + id).then()
                .body("enabled", equalTo(false)).body("disabledReason", equalTo("the receiver answered 410 Gone"));
        // the workspace's audit log says the service did it, and why
        Api.as(token).queryParam("action", "channel.disabled").queryParam("objectId", id).get("/api/v1/audit").then()
                .statusCode(200).body("items.size()", equalTo(1)).body("items[0].actor.type", equalTo("system"))
                .body("items[0].changes.enabled[1]", equalTo(false))
                .body("items[0].changes.disabledReason[1]", equalTo("the receiver answered 410 Gone"));
        // A further event for a disabled channel is not sent.
        Api.as(token).post("/api/v1/channels/" + id + "/test").then().statusCode(202);
        Thread.sleep(1000);
        assertThat(receiver.requests).hasSize(1);
        // Re-sending needs the channel enabled again.
        String delivery = deliveries(id).getString("items[1].id");
        Api.as(token).post("/api/v1/channels/" + id + "/deliveries/" + delivery + "/resend").then().statusCode(409);
    }

    @Test
    void aChannelFailingForTheWholeScheduleIsDisabled() {
        receiver.status.set(500);
        String id = createWebhook(Map.of()).getString("id");
        Api.as(token).post("/api/v1/channels/" + id + "/test").then().statusCode(202);
        Await.until("a failed attempt", WAIT, () -> deliveries(id).getInt("items[0].attempts") >= 1);
        Api.as(token).get("/api/v1/channels/" + id).then().body("enabled", equalTo(true));
        // A day passes for the delivery: its next failure is past its give-up time.
        pool.preparedQuery("UPDATE deliveries SET give_up_at = now() WHERE channel_id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(java.util.UUID.fromString(id))).await().indefinitely();
        Await.until("given up", WAIT, () -> "failed".equals(deliveries(id).getString("items[0].state")));
        Api.as(token).get("/api/v1/channels/" + id).then().body("enabled", equalTo(false))
                .body("disabledReason", equalTo("deliveries failed for 24 h (last: receiver answered 500)"));
        // Enabled again by a PUT, and a re-send goes out under the same id.
        receiver.status.set(200);
        Api.as(token).body(Map.of("type", "webhook", "name", "ops hook", "url", receiver.url("/hook"), "enabled", true))
                .put("/api/v1/channels/" + id).then().statusCode(200).body("enabled", equalTo(true))
                .body("disabledReason", equalTo(null));
        String delivery = deliveries(id).getString("items[0].id");
        int before = receiver.requests.size();
        Api.as(token).post("/api/v1/channels/" + id + "/deliveries/" + delivery + "/resend").then().statusCode(202);
        Await.until("delivered", WAIT, () -> "delivered".equals(deliveries(id).getString("items[0].state")));
        assertThat(receiver.requests.get(before).header("webhook-id")).isEqualTo(receiver.requests.get(0).header("webhook-id"));
    }

    @Test
    void redirectsAreNotFollowedAndCountAsFailures() {
        receiver.answer(302, 302);
        String id = createWebhook(Map.of()).getString("id");
        Api.as(token).post("/api/v1/channels/" + id + "/test").then().statusCode(202);
        Await.until("delivered on the third attempt", WAIT, () -> "delivered".equals(deliveries(id).getString("items[0].state")));
        assertThat(deliveries(id).<Integer>getList("items[0].log.status")).containsExactly(302, 302, 200);
        assertThat(receiver.requests).allMatch(r -> r.path().equals("/hook"));
    }

    @Test
    void retryAfterIsHonouredAsAMinimumDelay() {
        receiver.answer(429).headerOn(429, "Retry-After: 2");
        String id = createWebhook(Map.of()).getString("id");
        Api.as(token).post("/api/v1/channels/" + id + "/test").then().statusCode(202);
        Await.until("two attempts", WAIT, () -> receiver.requests.size() == 2);
        assertThat(Duration.between(receiver.requests.get(0).at(), receiver.requests.get(1).at()).toMillis())
                .isGreaterThanOrEqualTo(1900);
    }

    @Test
    void aResendKeepsTheEventId() {
        String id = createWebhook(Map.of()).getString("id");
        Api.as(token).post("/api/v1/channels/" + id + "/test").then().statusCode(202);
        Await.until("delivered", WAIT, () -> "delivered".equals(deliveries(id).getString("items[0].state")));
        String delivery = deliveries(id).getString("items[0].id");
        Api.as(token).post("/api/v1/channels/" + id + "/deliveries/" + delivery + "/resend").then().statusCode(202)
                .body("state", equalTo("pending"));
        Await.until("sent again", WAIT, () -> receiver.requests.size() == 2);
        assertThat(receiver.requests.get(1).header("webhook-id")).isEqualTo(receiver.requests.get(0).header("webhook-id"));
    }

    @Test
    void duringRotationBothSignaturesAreSent() {
        String oldSecret = createWebhook(Map.of()).getString("secret");
        String newSecret = "whsec_" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        String id = Api.as(token).get("/api/v1/channels").jsonPath().getString("items[0].id");
        Api.as(token).body(Map.of("type", "webhook", "name", "ops hook", "url", receiver.url("/hook"),
                        "secret", newSecret, "previousSecret", oldSecret))
                .put("/api/v1/channels/" + id).then().statusCode(200).body("secret", equalTo("••••••"));
        Api.as(token).post("/api/v1/channels/" + id + "/test").then().statusCode(202);
        Await.until("sent", WAIT, () -> receiver.requests.size() == 1);
        Receiver.Request r = receiver.requests.get(0);
        assertThat(r.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(verify(newSecret, r)).isTrue();
        assertThat(verify(oldSecret, r)).isTrue();
    }

    @Test
    void badSettingsAreRefusedNamingTheField() {
        Api.as(token).body(Map.of("type", "webhook", "name", "x", "url", "ftp://example.com/x"))
                .post("/api/v1/channels").then().statusCode(400)
                .body("errors[0].field", equalTo("url")).body("errors[0].message", startsWith("must be an http or https URL"));
        Api.as(token).body(Map.of("type", "webhook", "name", "x", "url", "https://example.com/x", "secret", "not-a-secret"))
                .post("/api/v1/channels").then().statusCode(400).body("errors[0].field", equalTo("secret"));
        Api.as(token).body(Map.of("type", "carrier-pigeon", "name", "x"))
                .post("/api/v1/channels").then().statusCode(400).body("errors[0].field", equalTo("type"));
        Api.as(token).body(Map.of("type", "webhook", "name", "x", "url", "https://example.com/x", "colour", "red"))
                .post("/api/v1/channels").then().statusCode(400).body("errors[0].field", equalTo("colour"));
        Api.as(token).body(Map.of("type", "webhook", "name", "x", "url", "https://example.com/x", "events", List.of("incident.exploded")))
                .post("/api/v1/channels").then().statusCode(400).body("errors[0].field", equalTo("events[0]"));
        Api.as(token).body(Map.of("type", "webhook", "name", "x", "url", "https://example.com/x",
                        "headers", Map.of("webhook-id", "mine")))
                .post("/api/v1/channels").then().statusCode(400).body("errors[0].field", equalTo("headers.webhook-id"));
        Api.as(token).body(Map.of("type", "webhook", "url", "https://example.com/x"))
                .post("/api/v1/channels").then().statusCode(400).body("errors[0].field", equalTo("name"));
    }

    @Test
    void anotherWorkspaceSeesNoneOfIt() {
        String id = createWebhook(Map.of()).getString("id");
        String other = Tenants.workspaceWithToken(pool);
        Api.as(other).get("/api/v1/channels/" + id).then().statusCode(404);
        Api.as(other).get("/api/v1/channels/" + id + "/deliveries").then().statusCode(404);
        Api.as(other).post("/api/v1/channels/" + id + "/test").then().statusCode(404);
        Api.as(other).body(Map.of("type", "webhook", "name", "x", "url", "https://example.com/x"))
                .put("/api/v1/channels/" + id).then().statusCode(404);
        Api.as(other).delete("/api/v1/channels/" + id).then().statusCode(404);
        assertThat(Api.as(other).get("/api/v1/channels").jsonPath().getList("items")).isEmpty();
    }

    @Test
    void secretsAreEncryptedAtRest() {
        JsonPath created = createWebhook(Map.of());
        String secret = created.getString("secret");
        var row = pool.preparedQuery("SELECT settings::text, secrets FROM channels WHERE id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(java.util.UUID.fromString(created.getString("id"))))
                .await().indefinitely().iterator().next();
        assertThat(row.getString(0)).contains(receiver.url("/hook")).doesNotContain(secret);
        assertThat(row.getString(1)).startsWith("v1:").doesNotContain(secret).doesNotContain(secret.substring(6));
    }

    @Test
    void aHangingReceiverDelaysOnlyItsOwnChannel() {
        try (Receiver hanging = new Receiver()) {
            hanging.delayMs.set(8000);
            String slow = Api.as(token).body(Map.of("type", "webhook", "name", "slow", "url", hanging.url("/hook")))
                    .post("/api/v1/channels").then().statusCode(201).extract().path("id");
            String fast = createWebhook(Map.of()).getString("id");
            for (int i = 0; i < 20; i++) {
                Api.as(token).post("/api/v1/channels/" + slow + "/test").then().statusCode(202);
            }
            Await.until("the slow receiver is busy", WAIT, () -> hanging.requests.size() >= 4);
            long start = System.nanoTime();
            Api.as(token).post("/api/v1/channels/" + fast + "/test").then().statusCode(202);
            Await.until("the other channel's event", WAIT, () -> receiver.requests.size() == 1);
            int hangingSoFar = hanging.requests.size();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            // none of the first answers has come back yet (8 s), so every request seen is still in flight
            assertThat(hangingSoFar).as("at most per-channel-concurrency in flight: " + hanging.requests.stream()
                    .map(r -> r.header("webhook-id") + "@" + r.at()).toList()).isLessThanOrEqualTo(8);
        }
    }

    @Test
    void theEgressGuardAppliesToWebhooksToo() {
        String metadata = "http://169.254.169.254/latest/meta-data";
        Api.as(token).body(Map.of("type", "webhook", "name", "metadata", "url", metadata))
                .post("/api/v1/channels").then().statusCode(400).body("errors[0].field", equalTo("url"));
        // A channel stored before its address was refused (say the allow-list was narrowed since) is blocked at send.
        String id = Api.as(token).body(Map.of("type", "webhook", "name", "metadata", "url", receiver.url("/hook")))
                .post("/api/v1/channels").then().statusCode(201).extract().path("id");
        pool.preparedQuery("UPDATE channels SET settings = jsonb_set(settings, '{url}', to_jsonb($2::text)), "
                        + "updated_at = now() WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id), metadata)).await().atMost(Duration.ofSeconds(10));
        Api.as(token).post("/api/v1/channels/" + id + "/test").then().statusCode(202);
        Await.until("an attempt", WAIT, () -> deliveries(id).getInt("items[0].attempts") >= 1
                && deliveries(id).getString("items[0].log[0].error") != null);
        assertThat(deliveries(id).getString("items[0].log[0].error")).startsWith("blocked");
        assertThat(deliveries(id).getString("items[0].log[0].status")).isNull();
        assertThat(receiver.requests).isEmpty();
    }

    /** Standard Webhooks verification written from the spec, sharing no code with Vigil. */
    static boolean verify(String secret, Receiver.Request r) {
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String signed = r.header("webhook-id") + "." + r.header("webhook-timestamp") + "." + r.body();
            byte[] expected = mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
            for (String sig : r.header("webhook-signature").split(" ")) {
                String[] parts = sig.split(",", 2);
                if (parts[0].equals("v1") && MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

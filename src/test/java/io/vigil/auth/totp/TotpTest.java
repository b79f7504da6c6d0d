package io.vigil.auth.totp;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.auth.Secrets;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.TrustForwarded;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

/**
 * TOTP against the real app and database, codes computed here from the secret the API hands out. Each test has its
 * own user and its own client address (X-Forwarded-For, trusted by the profile), so the admin never gets TOTP and the
 * failures counted here throttle no other test.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(TrustForwarded.class)
class TotpTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String PASSWORD = "a password for the totp test";

    @Inject
    Pool pool;

    private final String from = String.format("2001:db8:%x:%x::1",
            ThreadLocalRandom.current().nextInt(1, 0xffff), ThreadLocalRandom.current().nextInt(1, 0xffff));

    @Test
    void enrolConfirmThenBasicNeedsEachCodeOnceAndBearerTokensKeepWorking() {
        String email = user();
        String token = mint(email, null).then().statusCode(201).extract().path("token");
        long step = steadyStep();

        Response enrolment = as(token).post("/api/v1/me/totp");
        enrolment.then().statusCode(200)
                .body("secret", matchesPattern("[A-Z2-7]{32}"))
                .body("otpauthUri", startsWith("otpauth://totp/Vigil:"))
                .body("qrSvg", startsWith("<svg "));
        String secret = enrolment.path("secret");
        assertThat((String) enrolment.path("otpauthUri")).contains("secret=" + secret).contains("issuer=Vigil");
        assertThat(sealedSecret(email)).doesNotContain(secret).startsWith("v1:");
        // Not on until confirmed.
        mint(email, null).then().statusCode(201);
        as(token).get("/api/v1/me").then().statusCode(200).body("twoFactor.totp", equalTo(false));

        as(token).body(Map.of("code", wrongCode(secret, step))).post("/api/v1/me/totp/confirm")
                .then().statusCode(400).body("errors[0].field", equalTo("code"));
        List<String> recovery = as(token).body(Map.of("code", TotpCode.codeAt(secret, step - 1)))
                .post("/api/v1/me/totp/confirm")
                .then().statusCode(200).extract().path("recoveryCodes");
        assertThat(recovery).hasSize(10).doesNotHaveDuplicates().allMatch(c -> c.matches("[a-z2-7]{4}-[a-z2-7]{4}"));
        as(token).post("/api/v1/me/totp").then().statusCode(409);
        as(token).get("/api/v1/me").then().statusCode(200).body("twoFactor.totp", equalTo(true));

        mint(email, null).then().statusCode(401).contentType("application/problem+json")
                .body("otpRequired", equalTo(true)).body("status", equalTo(401));
        mint(email, TotpCode.codeAt(secret, step - 1)).then().statusCode(401).body("otpRequired", equalTo(true));
        String withOtp = mint(email, TotpCode.codeAt(secret, step)).then().statusCode(201).extract().path("token");
        mint(email, TotpCode.codeAt(secret, step)).then().statusCode(401).body("otpRequired", equalTo(true));
        mint(email, recovery.get(0).toUpperCase()).then().statusCode(201);
        mint(email, recovery.get(0)).then().statusCode(401);

        as(token).get("/api/v1/tokens").then().statusCode(200);
        as(withOtp).get("/api/v1/tokens").then().statusCode(200);

        as(token).body(Map.of("code", TotpCode.codeAt(secret, step))).delete("/api/v1/me/totp")
                .then().statusCode(400).body("errors[0].field", equalTo("code"));
        as(token).body(Map.of("code", TotpCode.codeAt(secret, step + 1))).delete("/api/v1/me/totp").then().statusCode(204);
        mint(email, null).then().statusCode(201);
        assertThat(recoveryCodesStored(email)).isZero();
    }

    @Test
    void aRecoveryCodeTurnsTotpOffAndAnotherUsersCodesDoNotWork() {
        String email = user();
        String other = user();
        String token = mint(email, null).then().statusCode(201).extract().path("token");
        String otherToken = mint(other, null).then().statusCode(201).extract().path("token");
        long step = steadyStep();
        String secret = as(token).post("/api/v1/me/totp").then().statusCode(200).extract().path("secret");
        List<String> recovery = as(token).body(Map.of("code", TotpCode.codeAt(secret, step)))
                .post("/api/v1/me/totp/confirm").then().statusCode(200).extract().path("recoveryCodes");

        // Not enrolled: nothing to turn off; and this user's codes are not the other's.
        as(otherToken).body(Map.of("code", recovery.get(1))).delete("/api/v1/me/totp").then().statusCode(409);
        mint(other, null).then().statusCode(201);

        as(token).body(Map.of("code", recovery.get(1))).delete("/api/v1/me/totp").then().statusCode(204);
        mint(email, null).then().statusCode(201);
    }

    @Test
    void wrongCodesCountAsFailedLoginsUntil429() {
        String email = user();
        String token = mint(email, null).then().statusCode(201).extract().path("token");
        long step = steadyStep();
        String secret = as(token).post("/api/v1/me/totp").then().statusCode(200).extract().path("secret");
        as(token).body(Map.of("code", TotpCode.codeAt(secret, step))).post("/api/v1/me/totp/confirm").then().statusCode(200);

        // The right password with wrong codes: 10 per account in the window (the default), then 429 even for a right one.
        for (int i = 0; i < 10; i++) {
            mint(email, wrongCode(secret, step)).then().statusCode(401).body("otpRequired", equalTo(true));
        }
        mint(email, TotpCode.codeAt(secret, step + 1)).then().statusCode(429)
                .header("Retry-After", matchesPattern("\\d+"));
        // The bearer token is not a login: it still works, but turning TOTP off is counted on the same account.
        as(token).get("/api/v1/tokens").then().statusCode(200);
        as(token).body(Map.of("code", TotpCode.codeAt(secret, step + 1))).delete("/api/v1/me/totp").then().statusCode(429);
    }

    /** A new user, owner of a new workspace, with a real argon2id password; returns the e-mail. */
    private String user() {
        UUID ws = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String email = "totp-" + user + "@example.com";
        pool.withTransaction(c -> c.preparedQuery("INSERT INTO workspaces (id, slug, name) VALUES ($1, $2, $3)")
                        .execute(Tuple.of(ws, "ws-" + ws, "Totp"))
                        .chain(x -> c.preparedQuery("INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, 'Totp', $3)")
                                .execute(Tuple.of(user, email, Secrets.hashPassword(PASSWORD))))
                        .chain(x -> c.preparedQuery("INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'owner')")
                                .execute(Tuple.of(ws, user))))
                .await().atMost(WAIT);
        return email;
    }

    private Response mint(String email, String otp) {
        RequestSpecification r = given().auth().preemptive().basic(email, PASSWORD).header("X-Forwarded-For", from)
                .contentType(ContentType.JSON).body(Map.of("name", "totp"));
        if (otp != null) {
            r = r.header("Vigil-OTP", otp);
        }
        return r.post("/api/v1/tokens");
    }

    private RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).header("X-Forwarded-For", from)
                .contentType(ContentType.JSON);
    }

    /** The current step, a few seconds away from its end so the server sees the same one. */
    private static long steadyStep() {
        long second = Instant.now().getEpochSecond() % 30;
        if (second >= 25) {
            try {
                Thread.sleep((31 - second) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return TotpCode.stepOf(Instant.now());
    }

    /** Six digits that are no code of the steps around {@code step}. */
    private static String wrongCode(String secret, long step) {
        List<String> valid = List.of(TotpCode.codeAt(secret, step - 2), TotpCode.codeAt(secret, step - 1),
                TotpCode.codeAt(secret, step), TotpCode.codeAt(secret, step + 1), TotpCode.codeAt(secret, step + 2));
        String code;
        do {
            code = String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
        } while (valid.contains(code));
        return code;
    }

    private String sealedSecret(String email) {
        Row r = pool.preparedQuery("SELECT totp_pending_secret FROM users WHERE email = $1").execute(Tuple.of(email))
                .await().atMost(WAIT).iterator().next();
        return r.getString(0);
    }

    private long recoveryCodesStored(String email) {
        return pool.preparedQuery("SELECT count(*) FROM recovery_codes r JOIN users u ON u.id = r.user_id WHERE u.email = $1")
                .execute(Tuple.of(email)).await().atMost(WAIT).iterator().next().getLong(0);
    }
}

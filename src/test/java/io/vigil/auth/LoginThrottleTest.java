package io.vigil.auth;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.AttemptThrottle;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.TrustForwarded;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Brute force on HTTP Basic against the real app and database. Own users and own client addresses (X-Forwarded-For,
 * trusted through the TrustForwarded profile; random IPv6 /64s), so the admin and 127.0.0.1 stay unthrottled for the other test classes. Limits: 10 per
 * account (the default), 15 per address (test profile), 15 minutes.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(TrustForwarded.class)
class LoginThrottleTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String PASSWORD = "right password for the throttle test";

    @Inject
    Pool pool;

    /** A new user in a new workspace; returns its e-mail (mixed case, as someone might type it). */
    private String user() {
        UUID ws = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String email = "throttle-" + user + "@example.com";
        pool.withTransaction(c -> c.preparedQuery("INSERT INTO workspaces (id, slug, name) VALUES ($1, $2, $3)")
                        .execute(Tuple.of(ws, "ws-" + ws, "Throttle"))
                        .chain(x -> c.preparedQuery("INSERT INTO users (id, email, name, password_hash) "
                                        + "VALUES ($1, $2, 'Throttle', $3)")
                                .execute(Tuple.of(user, email, Secrets.hashPassword(PASSWORD))))
                        .chain(x -> c.preparedQuery("INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'owner')")
                                .execute(Tuple.of(ws, user))))
                .await().atMost(WAIT);
        return email;
    }

    /** A client of its own: a random IPv6 /64 (documentation range), one address within it. */
    private static String address() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return String.format("2001:db8:%x:%x::%x", r.nextInt(1, 0xffff), r.nextInt(1, 0xffff), r.nextInt(1, 0xffff));
    }

    private static Response login(String email, String password, String from) {
        return given().auth().preemptive().basic(email, password)
                .header("X-Forwarded-For", "10.9.9.9, " + from) // the last hop is the client
                .contentType(ContentType.JSON).body(Map.of("name", "throttle"))
                .post("/api/v1/tokens");
    }

    private List<Integer> attemptsStored(String key) {
        List<Integer> counts = new ArrayList<>();
        for (Row r : pool.preparedQuery("SELECT cardinality(attempts) FROM attempt_throttle "
                        + "WHERE scope_id = '00000000-0000-0000-0000-000000000000' AND client_key = $1")
                .execute(Tuple.of(key)).await().atMost(WAIT)) {
            counts.add(r.getInteger(0));
        }
        return counts;
    }

    @Test
    void wrongPasswordsPerAccountThen429EvenForTheRightOne() {
        String email = user();
        String shouted = email.toUpperCase();
        String from = address();
        for (int i = 0; i < 10; i++) {
            // alternating case: the account is the e-mail in any case
            login(i % 2 == 0 ? email : shouted, "wrong " + i, from).then().statusCode(401);
        }
        for (int i = 0; i < 3; i++) {
            Response r = login(email, "wrong again", from);
            r.then().statusCode(429)
                    .contentType("application/problem+json")
                    .body("status", equalTo(429))
                    .body("detail", containsString("too many wrong passwords"));
            long retry = Long.parseLong(r.header("Retry-After"));
            assertThat(retry).isBetween(1L, Duration.ofMinutes(15).toSeconds());
        }
        // The right password is refused too until the window lets one more in, from another address as well.
        login(email, PASSWORD, from).then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        login(email, PASSWORD, address()).then().statusCode(429);

        assertThat(attemptsStored("api-login-account|" + email)).containsExactly(10);
        // The client is counted by its /64: 10 wrong passwords, then the 4 the account refused.
        assertThat(AttemptThrottle.clientKey(from)).endsWith("::/64");
        assertThat(attemptsStored("api-login-address|" + AttemptThrottle.clientKey(from))).containsExactly(14);
    }

    @Test
    void anotherAccountFromTheSameClientWorksUntilTheAddressLimit() {
        String from = address();
        String a = user();
        String b = user();
        String c = user();
        for (int i = 0; i < 10; i++) {
            login(a, "wrong " + i, from).then().statusCode(401);
        }
        login(a, "wrong", from).then().statusCode(429); // account a: full (the address counted 11)
        // b from the same client: its own account count is empty; a success takes back only its own attempt
        login(b, PASSWORD, from).then().statusCode(201);
        assertThat(attemptsStored("api-login-address|" + AttemptThrottle.clientKey(from))).containsExactly(11);
        assertThat(attemptsStored("api-login-account|" + a)).containsExactly(10); // b's success reset nothing of a's
        for (int i = 0; i < 4; i++) {
            login(b, "wrong " + i, from).then().statusCode(401);
        }
        // the address is full (15): every account from it waits, the right password included
        login(c, PASSWORD, from).then().statusCode(429).contentType("application/problem+json");
        login(b, PASSWORD, from).then().statusCode(429);
        assertThat(attemptsStored("api-login-address|" + AttemptThrottle.clientKey(from))).containsExactly(15);
        // the same accounts from elsewhere: b and c are fine (a is still locked per account)
        String elsewhere = address();
        login(b, PASSWORD, elsewhere).then().statusCode(201);
        login(c, PASSWORD, elsewhere).then().statusCode(201);
        login(a, PASSWORD, elsewhere).then().statusCode(429);
    }
}

package io.vigil.statuspage;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.AttemptThrottle;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The throttle against the real database; separate instances stand for separate replicas (they share no memory). */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class VisitorThrottleTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    /**
     * Starts at the real time: the application's own prune job (real clock) runs meanwhile and must not see these rows
     * as old.
     */
    static final class MovableClock extends Clock {
        final Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant now = start;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A throttle as another replica would have it: its own instance, the same database. */
    private VisitorThrottle replica(Clock clock) {
        VisitorThrottle throttle = new VisitorThrottle();
        throttle.attempts = new AttemptThrottle(pool, clock);
        return throttle;
    }

    private static Optional<Duration> attempt(VisitorThrottle throttle, UUID page, String client) {
        return throttle.attempt(VisitorThrottle.LOGIN, page, client).await().atMost(WAIT);
    }

    private long rows(UUID page) {
        return pool.preparedQuery("SELECT count(*) FROM attempt_throttle WHERE scope_id = $1").execute(Tuple.of(page))
                .await().atMost(WAIT).iterator().next().getLong(0);
    }

    @Test
    void fiveAttemptsPerSlidingWindow() {
        MovableClock clock = new MovableClock();
        VisitorThrottle throttle = replica(clock);
        UUID page = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            assertThat(attempt(throttle, page, "10.0.0.1")).isEmpty();
            clock.now = clock.now.plusSeconds(30);
        }
        // First attempt at start, now start + 2:30: the next is allowed at start + 5:00.
        assertThat(attempt(throttle, page, "10.0.0.1")).contains(Duration.ofSeconds(150));
        assertThat(attempt(throttle, page, "10.0.0.2")).isEmpty();
        assertThat(attempt(throttle, UUID.randomUUID(), "10.0.0.1")).isEmpty();
        clock.now = clock.start.plus(VisitorThrottle.LOGIN.window());
        assertThat(attempt(throttle, page, "10.0.0.1")).isEmpty(); // the oldest left the window
        assertThat(attempt(throttle, page, "10.0.0.1")).contains(Duration.ofSeconds(30)); // the next oldest, at start + 0:30
        throttle.succeeded(VisitorThrottle.LOGIN, page, "10.0.0.1").await().atMost(WAIT);
        assertThat(attempt(throttle, page, "10.0.0.1")).isEmpty();
    }

    @Test
    void refusedAttemptsDoNotExtendTheWait() {
        MovableClock clock = new MovableClock();
        VisitorThrottle throttle = replica(clock);
        UUID page = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            assertThat(attempt(throttle, page, "10.0.0.1")).isEmpty();
        }
        for (int i = 0; i < 10; i++) {
            clock.now = clock.now.plusSeconds(20);
            assertThat(attempt(throttle, page, "10.0.0.1")).isPresent();
        }
        clock.now = clock.start.plus(VisitorThrottle.LOGIN.window());
        assertThat(attempt(throttle, page, "10.0.0.1")).isEmpty();
    }

    @Test
    void ipv6ClientsCountPerSlash64() {
        assertThat(VisitorThrottle.clientKey("2001:db8:1:2:aaaa::1")).isEqualTo(VisitorThrottle.clientKey("2001:0db8:0001:0002:ffff:1:2:3"));
        assertThat(VisitorThrottle.clientKey("2001:db8:1:2::1")).isNotEqualTo(VisitorThrottle.clientKey("2001:db8:1:3::1"));
        assertThat(VisitorThrottle.clientKey("[2001:db8:1:2::1]")).isEqualTo("2001:db8:1:2::/64");
        assertThat(VisitorThrottle.clientKey("192.0.2.7")).isEqualTo("192.0.2.7");
        VisitorThrottle throttle = replica(new MovableClock());
        UUID page = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            assertThat(attempt(throttle, page, "2001:db8:1:2::" + Integer.toHexString(i + 1))).isEmpty();
        }
        assertThat(attempt(throttle, page, "2001:db8:1:2::99")).isPresent();
        assertThat(attempt(throttle, page, "2001:db8:1:3::1")).isEmpty();
    }

    @Test
    void replicasShareTheCount() {
        MovableClock clock = new MovableClock();
        VisitorThrottle a = replica(clock);
        VisitorThrottle b = replica(clock);
        UUID page = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertThat(attempt(a, page, "10.0.0.1")).isEmpty();
        }
        assertThat(attempt(b, page, "10.0.0.1")).isEmpty();
        assertThat(attempt(b, page, "10.0.0.1")).isEmpty();
        // Five counted between them: both refuse the sixth.
        assertThat(attempt(a, page, "10.0.0.1")).contains(VisitorThrottle.LOGIN.window());
        assertThat(attempt(b, page, "10.0.0.1")).contains(VisitorThrottle.LOGIN.window());
        // A success through one starts the count over for the other.
        b.succeeded(VisitorThrottle.LOGIN, page, "10.0.0.1").await().atMost(WAIT);
        assertThat(attempt(a, page, "10.0.0.1")).isEmpty();
    }

    @Test
    void parallelGuessesThroughTwoReplicasCannotPassTheLimit() {
        MovableClock clock = new MovableClock();
        VisitorThrottle a = replica(clock);
        VisitorThrottle b = replica(clock);
        UUID page = UUID.randomUUID();
        List<Uni<Optional<Duration>>> guesses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            guesses.add((i % 2 == 0 ? a : b).attempt(VisitorThrottle.LOGIN, page, "10.0.0.9"));
        }
        List<Optional<Duration>> outcomes = Uni.join().all(guesses).andFailFast().await().atMost(WAIT);
        assertThat(outcomes.stream().filter(Optional::isEmpty).count()).isEqualTo(VisitorThrottle.LOGIN.max());
        assertThat(rows(page)).isEqualTo(1);
    }

    @Test
    void pruningForgetsClientsWhoseAttemptsLeftTheWindow() {
        MovableClock clock = new MovableClock();
        clock.now = clock.start.minus(VisitorThrottle.LOGIN.window()).minusSeconds(1);
        VisitorThrottle throttle = replica(clock);
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        attempt(throttle, old, "10.0.0.1");
        clock.now = clock.start;
        attempt(throttle, recent, "10.0.0.1");
        throttle.prune().await().atMost(WAIT);
        assertThat(rows(old)).isZero();
        assertThat(rows(recent)).isEqualTo(1);
    }

    @Test
    void eachLimitCountsApartAndIsForgottenAfterItsOwnWindow() {
        // written at the real time, so the application's own prune job (real clock) leaves the rows alone meanwhile
        MovableClock clock = new MovableClock();
        VisitorThrottle throttle = replica(clock);
        UUID page = UUID.randomUUID();
        for (int i = 0; i < VisitorThrottle.SUBSCRIBE.max(); i++) {
            assertThat(throttle.attempt(VisitorThrottle.SUBSCRIBE, page, "10.0.0.7").await().atMost(WAIT)).isEmpty();
        }
        assertThat(throttle.attempt(VisitorThrottle.SUBSCRIBE, page, "10.0.0.7").await().atMost(WAIT)).isPresent();
        // subscribing used none of the password guesses
        assertThat(attempt(throttle, page, "10.0.0.7")).isEmpty();
        assertThat(rows(page)).isEqualTo(2);
        // past the login window: this prune drops the login row; the subscription count (an hour) stays and refuses
        clock.now = clock.start.plus(VisitorThrottle.LOGIN.window()).plusSeconds(1);
        throttle.prune().await().atMost(WAIT);
        assertThat(rows(page)).isEqualTo(1);
        assertThat(throttle.attempt(VisitorThrottle.SUBSCRIBE, page, "10.0.0.7").await().atMost(WAIT)).isPresent();
    }
}

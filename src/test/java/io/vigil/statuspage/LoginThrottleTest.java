package io.vigil.statuspage;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-21T10:00:00Z");

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

    @Test
    void fiveAttemptsPerSlidingWindow() {
        MovableClock clock = new MovableClock();
        LoginThrottle throttle = new LoginThrottle();
        throttle.clock = clock;
        UUID page = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.attempt(page, "10.0.0.1")).isEmpty();
            clock.now = clock.now.plusSeconds(30);
        }
        // First attempt at 10:00:00, now 10:02:30: the next is allowed at 10:05:00.
        assertThat(throttle.attempt(page, "10.0.0.1")).contains(Duration.ofSeconds(150));
        assertThat(throttle.attempt(page, "10.0.0.2")).isEmpty();
        assertThat(throttle.attempt(UUID.randomUUID(), "10.0.0.1")).isEmpty();
        clock.now = Instant.parse("2026-11-21T10:05:00Z");
        assertThat(throttle.attempt(page, "10.0.0.1")).isEmpty(); // the oldest left the window
        assertThat(throttle.attempt(page, "10.0.0.1")).isPresent();
        throttle.succeeded(page, "10.0.0.1");
        assertThat(throttle.attempt(page, "10.0.0.1")).isEmpty();
    }

    @Test
    void ipv6ClientsCountPerSlash64() {
        assertThat(LoginThrottle.clientKey("2001:db8:1:2:aaaa::1")).isEqualTo(LoginThrottle.clientKey("2001:0db8:0001:0002:ffff:1:2:3"));
        assertThat(LoginThrottle.clientKey("2001:db8:1:2::1")).isNotEqualTo(LoginThrottle.clientKey("2001:db8:1:3::1"));
        assertThat(LoginThrottle.clientKey("[2001:db8:1:2::1]")).isEqualTo("2001:db8:1:2::/64");
        assertThat(LoginThrottle.clientKey("192.0.2.7")).isEqualTo("192.0.2.7");
        MovableClock clock = new MovableClock();
        LoginThrottle throttle = new LoginThrottle();
        throttle.clock = clock;
        UUID page = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.attempt(page, "2001:db8:1:2::" + Integer.toHexString(i + 1))).isEmpty();
        }
        assertThat(throttle.attempt(page, "2001:db8:1:2::99")).isPresent();
    }
}

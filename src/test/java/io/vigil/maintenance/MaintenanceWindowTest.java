package io.vigil.maintenance;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MaintenanceWindowTest {

    private static MaintenanceWindow weekly(String cron, int minutes, String zone) {
        return new MaintenanceWindow(UUID.randomUUID(), UUID.randomUUID(), "w", List.of(), List.of("db"), null, null,
                cron, minutes, zone, Instant.EPOCH);
    }

    @Test
    void oneOffWindowsAreHalfOpen() {
        Instant start = Instant.parse("2026-11-21T10:00:00Z");
        MaintenanceWindow w = new MaintenanceWindow(UUID.randomUUID(), UUID.randomUUID(), "w", List.of(), List.of(),
                start, start.plusSeconds(3600), null, null, null, Instant.EPOCH);
        assertThat(w.activeAt(start.minusMillis(1))).isFalse();
        assertThat(w.activeAt(start)).isTrue();
        assertThat(w.activeAt(start.plusSeconds(3599))).isTrue();
        assertThat(w.activeAt(start.plusSeconds(3600))).isFalse();
        assertThat(w.nextStart(start.minusSeconds(10))).contains(start);
        assertThat(w.nextStart(start.plusSeconds(10))).isEmpty();
    }

    @Test
    void cronWindowsFollowTheirTimeZone() {
        // Sundays 02:00–04:00 Berlin time; 2026-11-22 is a Sunday, Berlin is UTC+1 in November.
        MaintenanceWindow w = weekly("0 2 * * SUN", 120, "Europe/Berlin");
        assertThat(w.activeAt(Instant.parse("2026-11-22T00:59:59Z"))).isFalse();
        assertThat(w.activeAt(Instant.parse("2026-11-22T01:00:00Z"))).isTrue();
        assertThat(w.activeAt(Instant.parse("2026-11-22T02:59:59Z"))).isTrue();
        assertThat(w.activeAt(Instant.parse("2026-11-22T03:00:00Z"))).isFalse();
        assertThat(w.activeAt(Instant.parse("2026-11-23T01:30:00Z"))).isFalse();
        assertThat(w.nextStart(Instant.parse("2026-11-22T05:00:00Z"))).contains(Instant.parse("2026-11-29T01:00:00Z"));
    }

    @Test
    void coversByIdOrTag() {
        UUID check = UUID.randomUUID();
        MaintenanceWindow w = new MaintenanceWindow(UUID.randomUUID(), UUID.randomUUID(), "w", List.of(check),
                List.of("db"), Instant.EPOCH, Instant.MAX, null, null, null, Instant.EPOCH);
        assertThat(w.covers(check, List.of())).isTrue();
        assertThat(w.covers(UUID.randomUUID(), List.of("web", "db"))).isTrue();
        assertThat(w.covers(UUID.randomUUID(), List.of("web"))).isFalse();
    }
}

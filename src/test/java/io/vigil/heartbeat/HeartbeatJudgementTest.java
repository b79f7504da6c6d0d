package io.vigil.heartbeat;

import io.vigil.egress.ErrorClass;
import io.vigil.probe.ProbeObservation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatJudgementTest {

    private static final Instant CREATED = Instant.parse("2026-11-21T00:00:00Z");
    private static final Duration PERIOD = Duration.ofMinutes(5);
    private static final Duration GRACE = Duration.ofMinutes(1);

    private static ProbeObservation at(HeartbeatProbe.Pings pings, String now) {
        return HeartbeatProbe.judge(pings, CREATED, PERIOD, GRACE, Instant.parse(now));
    }

    private static HeartbeatProbe.Pings success(String at) {
        return new HeartbeatProbe.Pings(Instant.parse(at), null, null);
    }

    @Test
    void aNewCheckGetsOnePeriodPlusGraceForItsFirstPing() {
        assertThat(at(HeartbeatProbe.Pings.NONE, "2026-11-21T00:05:59Z").error()).isNull();
        ProbeObservation late = at(HeartbeatProbe.Pings.NONE, "2026-11-21T00:06:01Z");
        assertThat(late.error().errorClass()).isEqualTo(ErrorClass.TIMEOUT);
        assertThat(late.error().message()).contains("no ping since the check was created");
    }

    @Test
    void onTimeEarlyAndLatePings() {
        assertThat(at(success("2026-11-21T01:00:00Z"), "2026-11-21T01:00:30Z").error()).as("early").isNull();
        assertThat(at(success("2026-11-21T01:00:00Z"), "2026-11-21T01:05:59Z").error()).as("within grace").isNull();
        ProbeObservation late = at(success("2026-11-21T01:00:00Z"), "2026-11-21T01:06:01Z");
        assertThat(late.error().errorClass()).isEqualTo(ErrorClass.TIMEOUT);
        assertThat(late.error().message()).contains("expected every 300 s (+60 s grace)");
    }

    @Test
    void anExplicitFailureIsDownUntilTheNextSuccess() {
        HeartbeatProbe.Pings failed = new HeartbeatProbe.Pings(Instant.parse("2026-11-21T01:00:00Z"), null,
                Instant.parse("2026-11-21T01:04:00Z"));
        assertThat(at(failed, "2026-11-21T01:04:01Z").error().errorClass()).isEqualTo(ErrorClass.ASSERTION);
        HeartbeatProbe.Pings recovered = new HeartbeatProbe.Pings(Instant.parse("2026-11-21T01:05:00Z"), null,
                Instant.parse("2026-11-21T01:04:00Z"));
        assertThat(at(recovered, "2026-11-21T01:05:01Z").error()).isNull();
    }

    @Test
    void aStartWithoutAFinishIsDownAfterTheGrace() {
        HeartbeatProbe.Pings running = new HeartbeatProbe.Pings(Instant.parse("2026-11-21T01:00:00Z"),
                Instant.parse("2026-11-21T01:02:00Z"), null);
        assertThat(at(running, "2026-11-21T01:02:59Z").error()).as("still within grace").isNull();
        assertThat(at(running, "2026-11-21T01:03:01Z").error().message()).contains("has not finished");
    }
}

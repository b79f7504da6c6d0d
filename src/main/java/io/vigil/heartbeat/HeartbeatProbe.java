package io.vigil.heartbeat;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.check.CheckSpec;
import io.vigil.egress.ErrorClass;
import io.vigil.egress.ProbeError;
import io.vigil.egress.Timings;
import io.vigil.probe.CheckType;
import io.vigil.probe.Probe;
import io.vigil.probe.ProbeObservation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * {@code heartbeat} checks: nothing is probed; at each slot the last pings are judged. A job that reported
 * failure, started and did not finish within the grace time, or has not pinged within period + grace is down.
 */
@ApplicationScoped
@CheckType("heartbeat")
public class HeartbeatProbe implements Probe {

    @Inject
    Pool pool;
    @Inject
    Clock clock;

    /** The last pings of one heartbeat check. */
    record Pings(Instant success, Instant start, Instant fail) {
        static final Pings NONE = new Pings(null, null, null);
    }

    @Override
    public Uni<ProbeObservation> run(CheckSpec check) {
        return pool.preparedQuery("SELECT last_success_at, last_start_at, last_fail_at FROM heartbeats WHERE check_id = $1")
                .execute(Tuple.of(check.id()))
                .map(rows -> {
                    Pings pings = rows.size() == 0 ? Pings.NONE : pings(rows.iterator().next());
                    return judge(pings, check.createdAt(), check.period(), check.grace(), clock.instant());
                });
    }

    /** Pure: what the pings say at {@code now}. */
    static ProbeObservation judge(Pings p, Instant created, Duration period, Duration grace, Instant now) {
        String body = p.success() == null ? "no ping yet" : "last ping " + p.success();
        if (p.fail() != null && (p.success() == null || p.fail().isAfter(p.success()))) {
            return observation(body, ErrorClass.ASSERTION, "the job reported a failure at " + p.fail());
        }
        if (p.start() != null && (p.success() == null || p.start().isAfter(p.success()))
                && now.isAfter(p.start().plus(grace))) {
            return observation(body, ErrorClass.TIMEOUT, "the job started at " + p.start()
                    + " and has not finished within the " + grace.toSeconds() + " s grace time");
        }
        Instant since = p.success() == null ? created : p.success();
        if (now.isAfter(since.plus(period).plus(grace))) {
            return observation(body, ErrorClass.TIMEOUT, (p.success() == null ? "no ping since the check was created at "
                    : "no ping since " + p.success()) + "; expected every " + period.toSeconds() + " s (+"
                    + grace.toSeconds() + " s grace)");
        }
        return new ProbeObservation(null, Map.of(), body, Timings.NONE, null, null);
    }

    private static ProbeObservation observation(String body, ErrorClass errorClass, String message) {
        return new ProbeObservation(null, Map.of(), body, Timings.NONE, null, new ProbeError(errorClass, message));
    }

    private static Pings pings(Row row) {
        return new Pings(instant(row.getOffsetDateTime(0)), instant(row.getOffsetDateTime(1)), instant(row.getOffsetDateTime(2)));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

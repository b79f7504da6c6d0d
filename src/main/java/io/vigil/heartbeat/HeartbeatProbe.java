package io.vigil.heartbeat;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.FieldError;
import io.vigil.check.CheckRequest;
import io.vigil.check.CheckSpec;
import io.vigil.egress.ErrorClass;
import io.vigil.egress.ProbeError;
import io.vigil.egress.Timings;
import io.vigil.check.ChecksConfig;
import io.vigil.check.TypeMembers;
import io.vigil.probe.CheckType;
import io.vigil.probe.Probe;
import io.vigil.probe.ProbeObservation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * {@code heartbeat} checks: nothing is probed; at each slot the last pings are judged. A job that reported
 * failure, started and did not finish within the grace time, or has not pinged within period + grace is down.
 */
@ApplicationScoped
@CheckType("heartbeat")
public class HeartbeatProbe implements Probe {

    private static final int MAX_GRACE_SECONDS = 7 * 24 * 3600;

    @Inject
    Pool pool;
    @Inject
    Clock clock;
    @Inject
    ChecksConfig limits;

    /** The last pings of one heartbeat check. */
    record Pings(Instant success, Instant start, Instant fail) {
        static final Pings NONE = new Pings(null, null, null);
    }

    @Override
    public boolean pinged() {
        return true;
    }

    /** No url (the job pings the check's pingUrl); a period within the interval limits; grace defaults to a fifth. */
    @Override
    public TypeMembers validate(CheckRequest request, List<FieldError> errors) {
        if (request.url() != null) {
            errors.add(new FieldError("url", "heartbeat checks have no url: the job pings the check's pingUrl"));
        }
        Integer period = request.periodSeconds();
        Integer grace = request.graceSeconds();
        long min = Math.max(1, limits.minInterval().toSeconds());
        long max = limits.maxInterval().toSeconds();
        if (period == null) {
            errors.add(new FieldError("periodSeconds", "is required: how often the job pings"));
        } else if (period < min || period > max) {
            errors.add(new FieldError("periodSeconds", "must be between " + min + " and " + max));
        } else if (grace == null) {
            grace = Math.max(1, Math.min(3600, period / 5));
        }
        if (request.graceSeconds() != null && (request.graceSeconds() < 1 || request.graceSeconds() > MAX_GRACE_SECONDS)) {
            errors.add(new FieldError("graceSeconds", "must be between 1 and " + MAX_GRACE_SECONDS));
        }
        // Judged as often as it is expected, at most every minute.
        return new TypeMembers(null, period, grace, period == null ? null : Math.min(period, 60));
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

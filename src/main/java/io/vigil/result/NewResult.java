package io.vigil.result;

import io.vigil.core.Outcome;

import java.time.Instant;
import java.util.UUID;

/** A result just taken or stored, as its consumers (verdicts, certificate expiry) need it. */
public record NewResult(UUID checkId, String region, Instant scheduledAt, Outcome outcome, String errorClass,
                        String errorMessage, Integer tlsDaysLeft, String tlsSubject) {

    static NewResult of(ProbeResult r) {
        return new NewResult(r.checkId(), r.region(), r.scheduledAt(), r.outcome(),
                r.error() == null ? null : r.error().errorClass().wire(), r.error() == null ? null : r.error().message(),
                r.tls() == null ? null : r.tls().daysLeft(), r.tls() == null ? null : r.tls().subject());
    }
}

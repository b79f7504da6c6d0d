package io.vigil.result;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.vigil.check.assertion.AssertionResult;
import io.vigil.core.Outcome;
import io.vigil.egress.ErrorClass;
import io.vigil.egress.ProbeError;
import io.vigil.egress.Timings;
import io.vigil.egress.TlsInfo;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One (check, region, slot) result, as ingested and as the API shows it ({@code id} is null until stored). */
public record ProbeResult(
        Long id,
        UUID checkId,
        @JsonIgnore UUID workspaceId,
        String region,
        Instant scheduledAt,
        Instant startedAt,
        Outcome outcome,
        Integer statusCode,
        Integer latencyMs,
        ProbeError error,
        Timings timings,
        List<AssertionResult> assertions,
        TlsInfo tls) {

    public static ProbeResult missed(UUID checkId, UUID workspaceId, String region, Instant scheduledAt, String why) {
        return new ProbeResult(null, checkId, workspaceId, region, scheduledAt, null, Outcome.MISSED, null, null,
                new ProbeError(ErrorClass.MISSED, why), Timings.NONE, List.of(), null);
    }
}

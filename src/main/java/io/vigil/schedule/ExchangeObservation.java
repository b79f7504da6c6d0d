package io.vigil.schedule;

import io.vigil.check.assertion.Observation;
import io.vigil.egress.Timings;
import io.vigil.probe.ProbeObservation;

import java.util.List;

/** What the assertion language sees of a probe's observation. */
record ExchangeObservation(ProbeObservation seen) implements Observation {

    @Override
    public Integer statusCode() {
        return seen.status();
    }

    @Override
    public String body() {
        return seen.body();
    }

    @Override
    public List<String> header(String name) {
        return seen.headers().getOrDefault(name, List.of());
    }

    @Override
    public Long responseTimeMs() {
        return seen.timings().totalMs();
    }

    @Override
    public Long timingMs(String phase) {
        Timings t = seen.timings();
        return switch (phase) {
            case "dns" -> t.dnsMs();
            case "connect" -> t.connectMs();
            case "tls" -> t.tlsMs();
            case "first_byte" -> t.firstByteMs();
            case "total" -> t.totalMs();
            default -> null;
        };
    }

    @Override
    public Integer tlsDaysLeft() {
        return seen.tls() == null ? null : seen.tls().daysLeft();
    }
}

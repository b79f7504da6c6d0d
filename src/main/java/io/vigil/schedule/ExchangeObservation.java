package io.vigil.schedule;

import io.vigil.check.assertion.Observation;
import io.vigil.probe.HttpExchange;
import io.vigil.probe.Timings;

import java.util.List;

/** What the assertion language sees of an HTTP exchange. */
record ExchangeObservation(HttpExchange exchange) implements Observation {

    @Override
    public Integer statusCode() {
        return exchange.status();
    }

    @Override
    public String body() {
        return exchange.body();
    }

    @Override
    public List<String> header(String name) {
        return exchange.headers().getOrDefault(name, List.of());
    }

    @Override
    public Long responseTimeMs() {
        return exchange.timings().totalMs();
    }

    @Override
    public Long timingMs(String phase) {
        Timings t = exchange.timings();
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
        return exchange.tls() == null ? null : exchange.tls().daysLeft();
    }
}

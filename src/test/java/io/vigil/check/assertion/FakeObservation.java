package io.vigil.check.assertion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A hand-built probe result; counts body reads so tests can prove the body is parsed once. */
final class FakeObservation implements Observation {

    private Integer status;
    private String body;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private Long responseTime;
    private final Map<String, Long> timings = new HashMap<>();
    private Integer tlsDaysLeft;
    int bodyReads;

    /** Nothing happened: no connection, no response. */
    static FakeObservation none() {
        return new FakeObservation();
    }

    static FakeObservation ok() {
        return new FakeObservation().status(200).body("ok").responseTime(120L);
    }

    FakeObservation status(Integer status) {
        this.status = status;
        return this;
    }

    FakeObservation body(String body) {
        this.body = body;
        return this;
    }

    FakeObservation header(String name, String value) {
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    FakeObservation responseTime(Long ms) {
        this.responseTime = ms;
        return this;
    }

    FakeObservation timing(String phase, Long ms) {
        timings.put(phase, ms);
        return this;
    }

    FakeObservation tlsDaysLeft(Integer days) {
        this.tlsDaysLeft = days;
        return this;
    }

    @Override
    public Integer statusCode() {
        return status;
    }

    @Override
    public String body() {
        bodyReads++;
        return body;
    }

    @Override
    public List<String> header(String name) {
        return headers.getOrDefault(name, List.of());
    }

    @Override
    public Long responseTimeMs() {
        return responseTime;
    }

    @Override
    public Long timingMs(String phase) {
        return timings.get(phase);
    }

    @Override
    public Integer tlsDaysLeft() {
        return tlsDaysLeft;
    }
}

package io.vigil.notify;

import io.vigil.check.CheckSpec;
import io.vigil.incident.IncidentChange;
import io.vigil.verdict.CheckVerdict;
import io.vigil.verdict.Transition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class NoticesTest {

    static final Instant AT = Instant.parse("2026-11-21T10:00:00Z");
    static final UUID INCIDENT = UUID.randomUUID();

    static CheckSpec spec(String type) {
        return new CheckSpec(UUID.randomUUID(), UUID.randomUUID(), "Shop", type, "https://shop.example.com/", "GET", Map.of(),
                null, Duration.ofSeconds(30), Duration.ofSeconds(5), true, List.of("eu", "us"), List.of(), null, 2, 1,
                "majority", List.of("payments"), null, List.of(), null, null, AT, false);
    }

    static CheckVerdict.Verdict v(String status, String... failing) {
        return new CheckVerdict.Verdict(status, List.of(failing), List.of());
    }

    static Transition t(CheckSpec spec, CheckVerdict.Verdict from, CheckVerdict.Verdict to, boolean wasFlapping, boolean flapping) {
        return new Transition(spec, from, to, wasFlapping, flapping, AT, List.of(
                new Transition.Evidence("eu", "down", AT, AT, new Transition.LastError("timeout", "no answer in 5000 ms")),
                new Transition.Evidence("us", "up", null, AT, null)), Transition.Suppression.NONE);
    }

    static final IncidentChange OPENED = new IncidentChange(IncidentChange.Kind.OPENED, INCIDENT, "Shop is down", AT, null);
    static final IncidentChange RESOLVED = new IncidentChange(IncidentChange.Kind.RESOLVED, INCIDENT, "Shop is down", AT, AT.plusSeconds(60));

    @Test
    void anOpenedIncidentIsAnnouncedWithItsEvidence() {
        CheckSpec spec = spec("http");
        List<OutboxEvent> events = Notices.of(t(spec, v("up"), v("down", "eu", "us"), false, false), OPENED, false, "https://v.example");
        assertThat(events).hasSize(1);
        OutboxEvent e = events.get(0);
        assertThat(e.type()).isEqualTo("incident.opened");
        assertThat(e.incidentId()).isEqualTo(INCIDENT);
        assertThat(e.tags()).containsExactly("payments");
        Notification.Data d = e.notification().data();
        assertThat(d.regions()).containsExactly("eu", "us");
        assertThat(d.error()).isEqualTo(new Notification.ErrorRef("timeout", "no answer in 5000 ms"));
        assertThat(d.incident().state()).isEqualTo("open");
        assertThat(d.links().console()).isEqualTo("https://v.example/console/checks/" + spec.id());
    }

    @Test
    void aHeartbeatOutageIsAnnouncedAsLate() {
        assertThat(Notices.of(t(spec("heartbeat"), v("up"), v("down", "eu")), OPENED, false, "x").get(0).type())
                .isEqualTo("heartbeat.late");
    }

    private static Transition t(CheckSpec spec, CheckVerdict.Verdict from, CheckVerdict.Verdict to) {
        return t(spec, from, to, false, false);
    }

    @Test
    void aResolutionCarriesTheRegionsThatHadFailedAndNoError() {
        OutboxEvent e = Notices.of(t(spec("http"), v("down", "eu"), v("up")), RESOLVED, false, "x").get(0);
        assertThat(e.type()).isEqualTo("incident.resolved");
        assertThat(e.notification().data().regions()).containsExactly("eu");
        assertThat(e.notification().data().error()).isNull();
        assertThat(e.notification().data().incident().resolvedAt()).isEqualTo(AT.plusSeconds(60));
    }

    @Test
    void aDownWithoutAnIncidentOfItsOwnSaysNothing() {
        // suppressed by maintenance or a parent, or a replica that lost the race: the ledger opened nothing
        assertThat(Notices.of(t(spec("http"), v("up"), v("down", "eu")), IncidentChange.NONE, false, "x")).isEmpty();
    }

    @Test
    void degradedAndRecoveredAreAnnouncedOnTheirOwn() {
        assertThat(Notices.of(t(spec("http"), v("up"), v("degraded")), IncidentChange.NONE, false, "x"))
                .extracting(OutboxEvent::type).containsExactly("check.degraded");
        assertThat(Notices.of(t(spec("http"), v("degraded"), v("up")), IncidentChange.NONE, false, "x"))
                .extracting(OutboxEvent::type).containsExactly("check.recovered");
        assertThat(Notices.of(t(spec("http"), v("pending"), v("up")), IncidentChange.NONE, false, "x")).isEmpty();
        assertThat(Notices.of(t(spec("http"), v("up"), v("unknown")), IncidentChange.NONE, false, "x")).isEmpty();
    }

    @Test
    void whileFlappingOnlyItsStartAndEndAreAnnounced() {
        CheckSpec spec = spec("http");
        List<OutboxEvent> start = Notices.of(t(spec, v("up"), v("down", "eu"), false, true), OPENED, false, "x");
        assertThat(start).extracting(OutboxEvent::type).containsExactly("check.flapping");
        assertThat(start.get(0).notification().data().flapping()).isTrue();
        assertThat(Notices.of(t(spec, v("down"), v("up"), true, true), RESOLVED, false, "x")).isEmpty();
        assertThat(Notices.of(t(spec, v("up"), v("down"), true, true), OPENED, false, "x")).isEmpty();
        List<OutboxEvent> end = Notices.of(t(spec, v("up"), v("up"), true, false), IncidentChange.NONE, false, "x");
        assertThat(end).extracting(OutboxEvent::type).containsExactly("check.flapping");
        assertThat(end.get(0).notification().data().flapping()).isFalse();
    }

    @Test
    void maintenanceMutesEverything() {
        assertThat(Notices.of(t(spec("http"), v("up"), v("degraded")), IncidentChange.NONE, true, "x")).isEmpty();
        assertThat(Notices.of(t(spec("http"), v("up"), v("down"), false, true), OPENED, true, "x")).isEmpty();
    }
}

package io.vigil.incident;

import io.vigil.check.CheckSpec;
import io.vigil.core.CheckStatus;
import io.vigil.core.Quorum;
import io.vigil.notify.Notification;
import io.vigil.notify.OutboxEvent;
import io.vigil.verdict.CheckRules;
import io.vigil.verdict.CheckVerdict;
import io.vigil.verdict.Transition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class OutageNoticesTest {

    static final Instant AT = Instant.parse("2026-11-21T10:00:00Z");
    static final UUID INCIDENT = UUID.randomUUID();

    /** The definitions behind the transitions' rules, as the ledger finds them in the registry. */
    static final Map<UUID, CheckSpec> SPECS = new ConcurrentHashMap<>();

    static CheckSpec spec(String type) {
        CheckSpec spec = new CheckSpec(UUID.randomUUID(), UUID.randomUUID(), "Shop", type, "https://shop.example.com/", "GET", Map.of(),
                null, Duration.ofSeconds(30), Duration.ofSeconds(5), true, List.of("eu", "us"), List.of(), null, 2, 1,
                Quorum.MAJORITY, List.of("payments"), null, List.of(), null, null, AT, false);
        SPECS.put(spec.id(), spec);
        return spec;
    }

    static List<OutboxEvent> of(Transition t, IncidentChange change, boolean muted, String publicUrl) {
        return OutageNotices.of(t, SPECS.get(t.check().checkId()), change, muted, publicUrl);
    }

    static CheckVerdict.Verdict v(String status, String... failing) {
        return new CheckVerdict.Verdict(CheckStatus.of(status), List.of(failing), List.of());
    }

    static Transition t(CheckSpec spec, CheckVerdict.Verdict from, CheckVerdict.Verdict to, boolean wasFlapping, boolean flapping) {
        CheckRules rules = new CheckRules(spec.id(), spec.workspaceId(), spec.name(), spec.regions(), spec.interval(),
                spec.failureThreshold(), spec.successThreshold(), spec.quorum());
        return new Transition(rules, from, to, wasFlapping, flapping, AT, List.of(
                new Transition.Evidence("eu", CheckStatus.DOWN, AT, AT, new Transition.LastError("timeout", "no answer in 5000 ms")),
                new Transition.Evidence("us", CheckStatus.UP, null, AT, null)));
    }

    static final IncidentChange OPENED = new IncidentChange(IncidentChange.Kind.OPENED, INCIDENT, "Shop is down", AT, null);
    static final IncidentChange RESOLVED = new IncidentChange(IncidentChange.Kind.RESOLVED, INCIDENT, "Shop is down", AT, AT.plusSeconds(60));

    @Test
    void anOpenedIncidentIsAnnouncedWithItsEvidence() {
        CheckSpec spec = spec("http");
        List<OutboxEvent> events = of(t(spec, v("up"), v("down", "eu", "us"), false, false), OPENED, false, "https://v.example");
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
        assertThat(of(t(spec("heartbeat"), v("up"), v("down", "eu")), OPENED, false, "x").get(0).type())
                .isEqualTo("heartbeat.late");
    }

    private static Transition t(CheckSpec spec, CheckVerdict.Verdict from, CheckVerdict.Verdict to) {
        return t(spec, from, to, false, false);
    }

    @Test
    void aResolutionCarriesTheRegionsThatHadFailedAndNoError() {
        OutboxEvent e = of(t(spec("http"), v("down", "eu"), v("up")), RESOLVED, false, "x").get(0);
        assertThat(e.type()).isEqualTo("incident.resolved");
        assertThat(e.notification().data().regions()).containsExactly("eu");
        assertThat(e.notification().data().error()).isNull();
        assertThat(e.notification().data().incident().resolvedAt()).isEqualTo(AT.plusSeconds(60));
    }

    @Test
    void aDownWithoutAnIncidentOfItsOwnSaysNothing() {
        // suppressed by maintenance or a parent, or a replica that lost the race: the ledger opened nothing
        assertThat(of(t(spec("http"), v("up"), v("down", "eu")), IncidentChange.NONE, false, "x")).isEmpty();
    }

    @Test
    void degradedAndRecoveredAreAnnouncedOnTheirOwn() {
        assertThat(of(t(spec("http"), v("up"), v("degraded")), IncidentChange.NONE, false, "x"))
                .extracting(OutboxEvent::type).containsExactly("check.degraded");
        assertThat(of(t(spec("http"), v("degraded"), v("up")), IncidentChange.NONE, false, "x"))
                .extracting(OutboxEvent::type).containsExactly("check.recovered");
        assertThat(of(t(spec("http"), v("pending"), v("up")), IncidentChange.NONE, false, "x")).isEmpty();
        assertThat(of(t(spec("http"), v("up"), v("unknown")), IncidentChange.NONE, false, "x")).isEmpty();
    }

    @Test
    void whileFlappingOnlyItsStartAndEndAreAnnounced() {
        CheckSpec spec = spec("http");
        List<OutboxEvent> start = of(t(spec, v("up"), v("down", "eu"), false, true), OPENED, false, "x");
        assertThat(start).extracting(OutboxEvent::type).containsExactly("check.flapping");
        assertThat(start.get(0).notification().data().flapping()).isTrue();
        assertThat(of(t(spec, v("down"), v("up"), true, true), RESOLVED, false, "x")).isEmpty();
        assertThat(of(t(spec, v("up"), v("down"), true, true), OPENED, false, "x")).isEmpty();
        List<OutboxEvent> end = of(t(spec, v("up"), v("up"), true, false), IncidentChange.NONE, false, "x");
        assertThat(end).extracting(OutboxEvent::type).containsExactly("check.flapping");
        assertThat(end.get(0).notification().data().flapping()).isFalse();
    }

    @Test
    void maintenanceMutesEverything() {
        assertThat(of(t(spec("http"), v("up"), v("degraded")), IncidentChange.NONE, true, "x")).isEmpty();
        assertThat(of(t(spec("http"), v("up"), v("down"), false, true), OPENED, true, "x")).isEmpty();
    }
}

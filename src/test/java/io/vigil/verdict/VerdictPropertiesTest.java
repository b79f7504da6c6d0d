package io.vigil.verdict;

import io.vigil.core.CheckStatus;
import io.vigil.core.Outcome;
import io.vigil.core.Quorum;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the pure verdict functions over arbitrary result sequences and region views. */
class VerdictPropertiesTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    @Provide
    Arbitrary<List<String>> outcomes() {
        return Arbitraries.of("up", "down", "degraded", "missed").list().ofMaxSize(60);
    }

    private static List<String> statuses(List<String> outcomes, int failureThreshold, int successThreshold) {
        RegionVerdict.State s = RegionVerdict.State.PENDING;
        List<String> out = new ArrayList<>();
        for (String o : outcomes) {
            s = RegionVerdict.next(s, Outcome.of(o), failureThreshold, successThreshold);
            out.add(s.status().wire());
        }
        return out;
    }

    @Property
    void downNeedsARunOfAtLeastThresholdFailures(@ForAll("outcomes") List<String> outcomes,
                                                 @ForAll @IntRange(min = 1, max = 5) int threshold) {
        List<String> statuses = statuses(outcomes, threshold, 1);
        int run = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            String o = outcomes.get(i);
            if (o.equals("down")) {
                run++;
            } else if (!o.equals("missed")) {
                run = 0;
            }
            boolean becameDown = statuses.get(i).equals("down") && (i == 0 || !statuses.get(i - 1).equals("down"));
            if (becameDown) {
                assertThat(run).as("went down at %d after %s", i, outcomes).isGreaterThanOrEqualTo(threshold);
            }
        }
    }

    @Property
    void missedSlotsNeverChangeTheVerdict(@ForAll("outcomes") List<String> outcomes,
                                          @ForAll @IntRange(min = 1, max = 5) int f, @ForAll @IntRange(min = 1, max = 5) int s) {
        List<String> withMissed = statuses(outcomes, f, s);
        List<String> without = statuses(outcomes.stream().filter(o -> !o.equals("missed")).toList(), f, s);
        List<String> withMissedAtResults = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (!outcomes.get(i).equals("missed")) {
                withMissedAtResults.add(withMissed.get(i));
            }
        }
        assertThat(withMissedAtResults).isEqualTo(without);
    }

    @Property
    void recoveryNeedsSuccessThresholdSuccesses(@ForAll("outcomes") List<String> outcomes,
                                                @ForAll @IntRange(min = 1, max = 5) int s) {
        List<String> statuses = statuses(outcomes, 1, s);
        int successes = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            String o = outcomes.get(i);
            if (o.equals("up") || o.equals("degraded")) {
                successes++;
            } else if (o.equals("down")) {
                successes = 0;
            }
            if (i > 0 && statuses.get(i - 1).equals("down") && !statuses.get(i).equals("down")) {
                assertThat(successes).isGreaterThanOrEqualTo(s);
            }
        }
    }

    @Provide
    Arbitrary<Map<String, CheckVerdict.RegionView>> views() {
        Arbitrary<CheckVerdict.RegionView> view = Combinators.combine(
                Arbitraries.of("pending", "up", "degraded", "down"),
                Arbitraries.integers().between(0, 60)
        ).as((status, ageSeconds) -> new CheckVerdict.RegionView(CheckStatus.of(status), NOW.minusSeconds(ageSeconds)));
        return Arbitraries.maps(Arbitraries.of("eu", "us", "ap", "sa", "af"), view).ofMaxSize(5);
    }

    @Provide
    Arbitrary<Quorum> quorums() {
        return Arbitraries.oneOf(Arbitraries.of(Quorum.MAJORITY, Quorum.parse("any"), Quorum.parse("all")),
                Arbitraries.integers().between(1, 5).map(Quorum::of));
    }

    private static final List<String> REGIONS = List.of("eu", "us", "ap", "sa", "af");

    @Property
    void aRegionThatWentDarkNeverMakesACheckDown(@ForAll("views") Map<String, CheckVerdict.RegionView> views,
                                                 @ForAll("quorums") Quorum quorum) {
        CheckVerdict.Verdict verdict = CheckVerdict.evaluate(REGIONS, views, NOW, INTERVAL, quorum);
        // Drop every stale region: the verdict over the live ones must not change, apart from naming them unknown.
        Map<String, CheckVerdict.RegionView> live = new HashMap<>(views);
        live.values().removeIf(v -> v.lastResultAt().isBefore(NOW.minus(INTERVAL.multipliedBy(2))));
        CheckVerdict.Verdict liveOnly = CheckVerdict.evaluate(REGIONS, live, NOW, INTERVAL, quorum);
        if (!verdict.status().equals(CheckStatus.UNKNOWN)) {
            assertThat(verdict.status()).isEqualTo(liveOnly.status());
        }
        assertThat(verdict.failing()).isEqualTo(liveOnly.failing());
        assertThat(verdict.failing()).allMatch(region -> !verdict.unknown().contains(region));
    }

    @Property
    void downMeansAtLeastTheQuorumOfLiveRegionsAreDown(@ForAll("views") Map<String, CheckVerdict.RegionView> views,
                                                       @ForAll("quorums") Quorum quorum) {
        CheckVerdict.Verdict verdict = CheckVerdict.evaluate(REGIONS, views, NOW, INTERVAL, quorum);
        long live = views.values().stream().filter(v -> v.status() != CheckStatus.PENDING
                && !v.lastResultAt().isBefore(NOW.minus(INTERVAL.multipliedBy(2)))).count();
        if (verdict.status().equals(CheckStatus.DOWN)) {
            assertThat(verdict.failing().size()).isGreaterThanOrEqualTo(quorum.required((int) live));
        } else if (!verdict.failing().isEmpty()) {
            assertThat(verdict.status()).isEqualTo(CheckStatus.DEGRADED);
        }
    }

    @Property
    void steadyStatusesNeverFlap(@ForAll @Size(max = 100) List<@net.jqwik.api.constraints.IntRange(min = 0, max = 0) Integer> ticks) {
        FlapDetector flaps = new FlapDetector();
        for (Integer ignored : ticks) {
            assertThat(flaps.record(CheckStatus.UP)).isFalse();
        }
    }
}

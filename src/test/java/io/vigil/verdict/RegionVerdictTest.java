package io.vigil.verdict;

import io.vigil.core.CheckStatus;
import io.vigil.core.Outcome;
import io.vigil.core.Quorum;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RegionVerdictTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private static List<String> run(int failureThreshold, int successThreshold, String... outcomes) {
        RegionVerdict.State s = RegionVerdict.State.PENDING;
        List<String> statuses = new ArrayList<>();
        for (String o : outcomes) {
            s = RegionVerdict.next(s, Outcome.of(o), failureThreshold, successThreshold);
            statuses.add(s.status().wire());
        }
        return statuses;
    }

    @Test
    void intermittentFailuresBelowTheThresholdNeverGoDown() {
        // F,F,S,F,F,S,S with threshold 3 opens nothing.
        assertThat(run(3, 1, "down", "down", "up", "down", "down", "up", "up")).doesNotContain("down");
    }

    @Test
    void thresholdsGiveOneDownAndOneRecovery() {
        // F,F,F,S,S gives one down and one up.
        assertThat(run(3, 2, "up", "down", "down", "down", "up", "up"))
                .containsExactly("up", "up", "up", "down", "down", "up");
    }

    @Test
    void missedSlotsChangeNothing() {
        assertThat(run(2, 1, "up", "down", "missed", "missed", "down")).containsExactly("up", "up", "up", "up", "down");
    }

    @Test
    void degradedIsNotDownAndPendingWaitsForTheFirstVerdict() {
        assertThat(run(2, 1, "down", "degraded", "up")).containsExactly("pending", "degraded", "up");
    }

    private static CheckVerdict.RegionView view(String status, int ageSeconds) {
        return new CheckVerdict.RegionView(CheckStatus.of(status), NOW.minusSeconds(ageSeconds));
    }

    private static CheckVerdict.Verdict verdict(Map<String, CheckVerdict.RegionView> views, String quorum) {
        return CheckVerdict.evaluate(List.of("eu", "us", "ap"), views, NOW, Duration.ofSeconds(10), Quorum.parse(quorum));
    }

    @Test
    void oneRegionFailingIsDegradedTwoOfThreeIsDown() {
        assertThat(verdict(Map.of("eu", view("down", 1), "us", view("up", 1), "ap", view("up", 1)), "majority"))
                .isEqualTo(new CheckVerdict.Verdict(CheckStatus.DEGRADED, List.of("eu"), List.of()));
        assertThat(verdict(Map.of("eu", view("down", 1), "us", view("down", 1), "ap", view("up", 1)), "majority").status())
                .isEqualTo(CheckStatus.DOWN);
        assertThat(verdict(Map.of("eu", view("down", 1), "us", view("up", 1), "ap", view("up", 1)), "any").status())
                .isEqualTo(CheckStatus.DOWN);
        assertThat(verdict(Map.of("eu", view("down", 1), "us", view("down", 1), "ap", view("up", 1)), "all").status())
                .isEqualTo(CheckStatus.DEGRADED);
        assertThat(verdict(Map.of("eu", view("down", 1), "us", view("down", 1), "ap", view("up", 1)), "2").status())
                .isEqualTo(CheckStatus.DOWN);
    }

    @Test
    void aSilentRegionIsUnknownAndLeavesTheQuorum() {
        // ap stopped reporting 25 s ago (> 2 intervals): 1 of 2 live regions down is not a majority.
        CheckVerdict.Verdict v = verdict(Map.of("eu", view("down", 1), "us", view("up", 1), "ap", view("down", 25)), "majority");
        assertThat(v.status()).isEqualTo(CheckStatus.DEGRADED);
        assertThat(v.unknown()).containsExactly("ap");
        assertThat(verdict(Map.of("eu", view("down", 30), "us", view("down", 30)), "majority").status()).isEqualTo(CheckStatus.UNKNOWN);
        assertThat(verdict(Map.of(), "majority").status()).isEqualTo(CheckStatus.PENDING);
    }

    @Test
    void quorumParsesStringsAndCountsAndRefusesTheRest() {
        assertThat(Quorum.of("any").required(3)).isEqualTo(1);
        assertThat(Quorum.of(2).required(3)).isEqualTo(2);
        assertThat(Quorum.of(5).required(3)).isEqualTo(3);
        assertThat(Quorum.MAJORITY.required(4)).isEqualTo(3);
        assertThat(Quorum.of(2).wire()).isEqualTo(2);
        assertThat(Quorum.parse(Quorum.of("all").toString())).isEqualTo(Quorum.of("all"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Quorum.of("most")).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Quorum.of(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void flappingStartsOnManyChangesAndEndsOnlyWhenCalm() {
        FlapDetector flaps = new FlapDetector();
        boolean flapped = false;
        for (int i = 0; i < 10; i++) {
            flapped |= flaps.record(i % 2 == 0 ? CheckStatus.UP : CheckStatus.DOWN);
        }
        assertThat(flapped).isTrue();
        int calm = 0;
        while (flaps.record(CheckStatus.UP)) {
            calm++;
        }
        assertThat(calm).as("stays flapping until the window calms down").isGreaterThan(3);
    }
}

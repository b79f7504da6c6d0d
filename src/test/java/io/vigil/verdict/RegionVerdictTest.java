package io.vigil.verdict;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RegionVerdictTest {

    private static List<String> run(int failureThreshold, int successThreshold, String... outcomes) {
        RegionVerdict.State s = RegionVerdict.State.PENDING;
        List<String> statuses = new ArrayList<>();
        for (String o : outcomes) {
            s = RegionVerdict.next(s, o, failureThreshold, successThreshold);
            statuses.add(s.status());
        }
        return statuses;
    }

    @Test
    void intermittentFailuresBelowTheThresholdNeverGoDown() {
        assertThat(run(3, 1, "up", "down", "down", "up", "down", "down", "up", "up")).doesNotContain("down");
    }

    @Test
    void thresholdsGiveOneDownAndOneRecovery() {
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

    @Test
    void checkStatusNeedsAMajorityOfRegionsDown() {
        assertThat(CheckStatus.of(false, 3, List.of("down", "up", "up"))).isEqualTo("degraded");
        assertThat(CheckStatus.of(false, 3, List.of("down", "down", "up"))).isEqualTo("down");
        assertThat(CheckStatus.of(false, 1, List.of("down"))).isEqualTo("down");
        assertThat(CheckStatus.of(false, 2, List.of("up", "degraded"))).isEqualTo("degraded");
        assertThat(CheckStatus.of(false, 2, List.of())).isEqualTo("pending");
        assertThat(CheckStatus.of(true, 2, List.of("down", "down"))).isEqualTo("paused");
    }
}

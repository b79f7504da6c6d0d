package io.vigil.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kernel's enums speak the contract's values (docs/api-contract.md), on the wire and in the database. */
class WireValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void checkStatusesAreTheContractsLowercaseValues() throws Exception {
        assertThat(Arrays.stream(CheckStatus.values()).map(CheckStatus::wire))
                .containsExactlyInAnyOrder("pending", "up", "degraded", "down", "paused", "maintenance", "unknown");
        for (CheckStatus s : CheckStatus.values()) {
            assertThat(CheckStatus.of(s.wire())).isEqualTo(s);
            assertThat(JSON.writeValueAsString(s)).isEqualTo("\"" + s.wire() + "\"");
            assertThat(JSON.readValue("\"" + s.wire() + "\"", CheckStatus.class)).isEqualTo(s);
        }
        assertThatThrownBy(() -> CheckStatus.of("sideways")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outcomesAreTheContractsLowercaseValues() throws Exception {
        assertThat(Arrays.stream(Outcome.values()).map(Outcome::wire)).containsExactly("up", "degraded", "down", "missed");
        for (Outcome o : Outcome.values()) {
            assertThat(Outcome.of(o.wire())).isEqualTo(o);
            assertThat(JSON.readValue(JSON.writeValueAsString(o), Outcome.class)).isEqualTo(o);
        }
        assertThatThrownBy(() -> Outcome.of("late")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aQuorumIsAStringOrACountOnTheWireAndItsTextWhenStored() throws Exception {
        for (Quorum q : List.of(Quorum.MAJORITY, Quorum.of("any"), Quorum.of("all"), Quorum.of(2))) {
            assertThat(JSON.readValue(JSON.writeValueAsString(q), Quorum.class)).isEqualTo(q);
            assertThat(Quorum.parse(q.toString())).isEqualTo(q);
        }
        assertThat(JSON.writeValueAsString(Quorum.of(2))).isEqualTo("2");
        assertThat(JSON.writeValueAsString(Quorum.MAJORITY)).isEqualTo("\"majority\"");
        assertThat(Quorum.parse(null)).isEqualTo(Quorum.MAJORITY);
        assertThat(Quorum.of(3).required(5)).isEqualTo(3);
        assertThat(Quorum.of("all").required(0)).isEqualTo(1);
    }
}

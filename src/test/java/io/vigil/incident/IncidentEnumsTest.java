package io.vigil.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.api.ApiException;
import io.vigil.api.FieldError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Incident phases and impacts are the contract's values, spelled exactly (no case folding on input). */
class IncidentEnumsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void phasesAndImpactsAreTheContractsValues() throws Exception {
        assertThat(IncidentPhase.WIRE).containsExactly("identified", "investigating", "monitoring", "resolved");
        assertThat(IncidentImpact.WIRE).containsExactly("critical", "major", "minor", "none");
        for (IncidentPhase p : IncidentPhase.values()) {
            assertThat(IncidentPhase.of(p.wire())).isEqualTo(p);
            assertThat(JSON.writeValueAsString(p)).isEqualTo("\"" + p.wire() + "\"");
        }
        for (IncidentImpact i : IncidentImpact.values()) {
            assertThat(IncidentImpact.of(i.wire())).isEqualTo(i);
            assertThat(JSON.writeValueAsString(i)).isEqualTo("\"" + i.wire() + "\"");
        }
    }

    @Test
    void anythingElseIsRefusedNamingTheField() {
        for (String bad : List.of("Resolved", "RESOLVED", "done", "")) {
            assertThatThrownBy(() -> IncidentPhase.of(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> IncidentImpact.of("Major")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IncidentRequests.AddUpdate("Resolved", "fixed", "huge").validate())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errors()).containsExactly(
                            new FieldError("phase", "must be one of identified, investigating, monitoring, resolved"),
                            new FieldError("impact", "must be one of critical, major, minor, none"));
                });
    }
}

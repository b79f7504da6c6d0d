package io.vigil.probe;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.check.CheckValidator;
import io.vigil.testing.PostgresResource;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class ProbeTypesTest {

    @Inject
    @Any
    Instance<Probe> probes;

    @Test
    void everyAcceptedCheckTypeHasExactlyOneProbe() {
        assertThat(CheckValidator.TYPES).isNotEmpty();
        for (String type : CheckValidator.TYPES) {
            assertThat(probes.select(new CheckType.Literal(type)).isResolvable()).as(type).isTrue();
        }
        assertThat(probes.stream().count()).as("no probe for an undeclared type").isEqualTo(CheckValidator.TYPES.size());
    }
}

package io.vigil.probe;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.check.CheckKind;
import io.vigil.check.CheckKinds;
import io.vigil.testing.PostgresResource;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The check types are the {@link CheckType}-qualified probes; each one also validates its checks. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ProbeTypesTest {

    @Inject
    @Any
    Instance<Probe> probes;
    @Inject
    @Any
    Instance<CheckKind> kinds;
    @Inject
    CheckKinds checkKinds;

    /** The types the probe beans declare with their qualifier. */
    private Set<String> declaredTypes() {
        Set<String> types = new TreeSet<>();
        for (Instance.Handle<Probe> probe : probes.handles()) {
            List<String> qualifiers = probe.getBean().getQualifiers().stream()
                    .filter(CheckType.class::isInstance).map(q -> ((CheckType) q).value()).toList();
            assertThat(qualifiers).as("@CheckType of " + probe.getBean().getBeanClass()).hasSize(1);
            types.add(qualifiers.get(0));
        }
        return types;
    }

    @Test
    void everyDeclaredTypeHasExactlyOneProbe() {
        Set<String> declared = declaredTypes();
        assertThat(declared).contains("http", "tcp", "tls", "dns", "heartbeat");
        for (String type : declared) {
            assertThat(probes.select(new CheckType.Literal(type)).isResolvable()).as(type).isTrue();
        }
        assertThat(probes.stream().count()).as("one probe per type").isEqualTo(declared.size());
    }

    @Test
    void everyDeclaredTypeResolvesToExactlyOneValidatingBean() {
        Set<String> declared = declaredTypes();
        for (String type : declared) {
            List<Class<?>> validating = kinds.handlesStream().filter(h -> h.get().type().equals(type))
                    .<Class<?>>map(h -> h.getBean().getBeanClass()).toList();
            assertThat(validating).as("validating beans for " + type).hasSize(1);
            Class<?> probe = probes.select(new CheckType.Literal(type)).getHandle().getBean().getBeanClass();
            assertThat(validating.get(0)).as("the " + type + " probe validates its own checks").isEqualTo(probe);
        }
        assertThat(kinds.stream().count()).as("no validating bean for an undeclared type").isEqualTo(declared.size());
    }

    @Test
    void theApiAcceptsExactlyTheDeclaredTypes() {
        assertThat(checkKinds.types()).containsExactlyElementsOf(declaredTypes());
        assertThat(checkKinds.pingedTypes()).containsExactly("heartbeat");
    }
}

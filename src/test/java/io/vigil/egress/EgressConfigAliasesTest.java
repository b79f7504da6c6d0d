package io.vigil.egress;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The vigil.egress.* properties, and their former vigil.probe.* names, through the interceptor found by ServiceLoader. */
class EgressConfigAliasesTest {

    private static EgressConfig config(String profile, Map<String, String> file, Map<String, String> env) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDiscoveredInterceptors()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(file, "application.properties", 250),
                        new EnvConfigSource(env, 300))
                .withMapping(EgressConfig.class)
                .withMapping(EgressConfigAliases.FormerNames.class)
                .build();
        return config.getConfigMapping(EgressConfig.class);
    }

    @Test
    void newNamesAndDefaults() {
        EgressConfig c = config("prod", Map.of("vigil.egress.allowed-networks", "10.0.0.0/8,::1/128"), Map.of());
        assertThat(c.allowedNetworks()).contains(List.of("10.0.0.0/8", "::1/128"));
        assertThat(c.maxBodyBytes()).isEqualTo(65536);
        assertThat(c.maxRedirects()).isEqualTo(10);
    }

    @Test
    void formerNamesStillWorkIncludingProfiles() {
        EgressConfig c = config("test", Map.of("%test.vigil.probe.allowed-networks", "127.0.0.0/8",
                "vigil.probe.max-body-bytes", "1024", "vigil.probe.max-redirects", "3"), Map.of());
        assertThat(c.allowedNetworks()).contains(List.of("127.0.0.0/8"));
        assertThat(c.maxBodyBytes()).isEqualTo(1024);
        assertThat(c.maxRedirects()).isEqualTo(3);
    }

    @Test
    void theHigherOrdinalSourceWinsWhicheverNameItUses() {
        EgressConfig c = config("prod", Map.of("vigil.egress.allowed-networks", "10.0.0.0/8"),
                Map.of("VIGIL_PROBE_ALLOWED_NETWORKS", "192.168.0.0/16"));
        assertThat(c.allowedNetworks()).contains(List.of("192.168.0.0/16"));
        EgressConfig same = config("prod", Map.of("vigil.egress.max-redirects", "4", "vigil.probe.max-redirects", "7"), Map.of());
        assertThat(same.maxRedirects()).as("the new name first within one source").isEqualTo(4);
    }

    @Test
    void environmentVariablesUnderEitherName() {
        assertThat(config("prod", Map.of(), Map.of("VIGIL_EGRESS_ALLOWED_NETWORKS", "10.0.0.0/8")).allowedNetworks())
                .contains(List.of("10.0.0.0/8"));
        assertThat(config("prod", Map.of(), Map.of("VIGIL_PROBE_MAX_REDIRECTS", "2")).maxRedirects()).isEqualTo(2);
    }

    @Test
    void nothingSetMeansNoAllowList() {
        assertThat(config("prod", Map.of(), Map.of()).allowedNetworks()).isEqualTo(Optional.empty());
    }
}

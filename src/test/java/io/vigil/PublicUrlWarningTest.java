package io.vigil;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.PropertiesConfigSource;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PublicUrlWarningTest {

    @Test
    void unsetPublicUrlOnAllInterfacesWarns() {
        assertThat(PublicUrlWarning.warning(Optional.empty(), "0.0.0.0")).get().asString().contains("VIGIL_PUBLIC_URL");
    }

    @Test
    void setPublicUrlOrLoopbackOnlyIsQuiet() {
        assertThat(PublicUrlWarning.warning(Optional.of("https://status.example.com"), "0.0.0.0")).isEmpty();
        assertThat(PublicUrlWarning.warning(Optional.empty(), "127.0.0.1")).isEmpty();
        assertThat(PublicUrlWarning.warning(Optional.empty(), "localhost")).isEmpty();
    }

    @Test
    void aValueFromAnyConfigSourceCountsAsSet() {
        var set = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of("vigil.public-url", "https://s.example.com"), "env", 300))
                .build();
        assertThat(PublicUrlWarning.explicit(set)).contains("https://s.example.com");
        var unset = new SmallRyeConfigBuilder().withDefaultValue("vigil.public-url", "http://localhost:8080").build();
        assertThat(PublicUrlWarning.explicit(unset)).isEmpty();
    }
}

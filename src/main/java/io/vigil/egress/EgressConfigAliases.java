package io.vigil.egress;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.FallbackConfigSourceInterceptor;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the names these properties had before egress was its own feature working: {@code vigil.probe.allowed-networks}
 * (and {@code VIGIL_PROBE_ALLOWED_NETWORKS}), {@code vigil.probe.max-body-bytes}, {@code vigil.probe.max-redirects}.
 * When both names are set, the one from the higher-ordinal source wins (an environment variable over a file), as for
 * any property. Registered through {@code META-INF/services/io.smallrye.config.ConfigSourceInterceptor}.
 */
public class EgressConfigAliases extends FallbackConfigSourceInterceptor {

    /** New name → former name. */
    static final Map<String, String> FORMER_NAMES = Map.of(
            "vigil.egress.allowed-networks", "vigil.probe.allowed-networks",
            "vigil.egress.max-body-bytes", "vigil.probe.max-body-bytes",
            "vigil.egress.max-redirects", "vigil.probe.max-redirects");

    public EgressConfigAliases() {
        super(name -> FORMER_NAMES.getOrDefault(name, name));
    }

    /**
     * Declares the former names so that configuration validation (every {@code vigil.*} property must map) accepts
     * them; nothing reads this mapping, {@link EgressConfig} receives their values through the fallback above.
     */
    @ConfigMapping(prefix = "vigil.probe")
    public interface FormerNames {

        /** Former name of {@code vigil.egress.allowed-networks}. */
        Optional<List<String>> allowedNetworks();

        /** Former name of {@code vigil.egress.max-body-bytes}. */
        Optional<Integer> maxBodyBytes();

        /** Former name of {@code vigil.egress.max-redirects}. */
        Optional<Integer> maxRedirects();
    }
}

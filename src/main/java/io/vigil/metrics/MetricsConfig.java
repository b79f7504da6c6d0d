package io.vigil.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What {@code /q/metrics} shows besides Vigil's own health. */
@ConfigMapping(prefix = "vigil.metrics")
public interface MetricsConfig {

    /**
     * Also serve every workspace's per-check series (check ids and names) on the anonymous {@code /q/metrics}: for
     * single-tenant installs. Off, they are only at {@code GET /api/v1/metrics}, one workspace per bearer token.
     */
    @WithDefault("false")
    boolean checksPublic();
}

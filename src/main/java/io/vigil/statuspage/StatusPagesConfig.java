package io.vigil.statuspage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Public status pages. */
@ConfigMapping(prefix = "vigil.status-pages")
public interface StatusPagesConfig {

    /** How long a computed page is served before it is computed again (state changes show within this time). */
    @WithDefault("5s")
    Duration cacheTtl();
}

package io.vigil.check;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "vigil.checks")
public interface ChecksConfig {

    /** Shortest interval a check may have (e.g. 1s in tests). */
    @WithDefault("30s")
    Duration minInterval();

    /** Longest interval a check may have. */
    @WithDefault("24h")
    Duration maxInterval();
}

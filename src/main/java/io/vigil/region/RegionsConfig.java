package io.vigil.region;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "vigil.agents")
public interface RegionsConfig {

    /** How often agents report in; an agent silent for two intervals is dead and its checks move to the others. */
    @WithDefault("10s")
    Duration heartbeatInterval();

    /** Results accepted in one agent batch at most. */
    @WithDefault("5000")
    int maxBatch();

    /** How far in the future a result's slot may lie (agent clock skew) before it is refused. */
    @WithDefault("5m")
    Duration maxClockSkew();
}

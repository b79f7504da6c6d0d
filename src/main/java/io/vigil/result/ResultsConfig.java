package io.vigil.result;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "vigil.results")
public interface ResultsConfig {

    /** How long raw results are kept; older day partitions are dropped. */
    @WithDefault("90d")
    Duration retention();

    /** How long minute rollups are kept (day partitions, dropped). */
    @WithDefault("7d")
    Duration minuteRetention();

    /** How long hour rollups are kept. */
    @WithDefault("90d")
    Duration hourRetention();

    /** How long day rollups are kept (status pages show a year and more). */
    @WithDefault("800d")
    Duration dayRetention();

    /** Day partitions created ahead of today. */
    @WithDefault("3")
    int partitionsAhead();

    /** Results written per statement at most. */
    @WithDefault("1000")
    int batchSize();

    /** How long a result may wait in memory before its batch is written. */
    @WithDefault("250ms")
    Duration flushInterval();
}

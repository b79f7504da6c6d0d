package io.vigil.schedule;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "vigil.schedule")
public interface ScheduleConfig {

    /** Whether this process probes its own region (vigil.region). */
    @WithDefault("true")
    boolean enabled();

    /** Probes in flight at most; a slot that cannot start before its next slot is due is recorded as missed. */
    @WithDefault("2000")
    int maxConcurrency();

    /** How often the scheduler looks for due slots. */
    @WithDefault("20ms")
    Duration tick();

    /**
     * At start, slots that fell while Vigil was not running are recorded as missed: at most this many (the most
     * recent) per check and region, none past raw retention. 0 records none.
     */
    @WithDefault("1440")
    int downtimeSlots();

    /** How often check definitions are re-read from the database (changes made through this process apply at once). */
    @WithDefault("10s")
    Duration reload();
}

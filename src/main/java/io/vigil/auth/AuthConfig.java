package io.vigil.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Authentication to the API. */
@ConfigMapping(prefix = "vigil.auth")
public interface AuthConfig {

    /** Wrong HTTP Basic passwords for one account (e-mail, any case) within {@link #basicWindow()}, from anywhere. */
    @WithDefault("10")
    int basicMaxPerAccount();

    /** Wrong HTTP Basic passwords from one client address (IPv6: its /64) within {@link #basicWindow()}, any account. */
    @WithDefault("30")
    int basicMaxPerAddress();

    /** The sliding window of the two limits above; beyond a limit, logins wait until the oldest failure leaves it. */
    @WithDefault("15m")
    Duration basicWindow();
}

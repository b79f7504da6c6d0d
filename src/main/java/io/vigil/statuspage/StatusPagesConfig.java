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

    /**
     * Whether the client address of a password guess (for throttling) is taken from {@code X-Forwarded-For} (its last
     * entry: the address the nearest proxy saw) and the Origin check of the login form accepts
     * {@code X-Forwarded-Host}. Only behind a reverse proxy that sets these headers; otherwise clients could forge them.
     */
    @WithDefault("false")
    boolean trustForwarded();
}

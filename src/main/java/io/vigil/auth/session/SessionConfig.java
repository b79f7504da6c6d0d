package io.vigil.auth.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Console sessions (the {@code vigil_session} cookie). */
@ConfigMapping(prefix = "vigil.sessions")
public interface SessionConfig {

    /** A session unused this long ends (each request moves it on). */
    @WithDefault("12h")
    Duration idle();

    /** A session ends this long after sign-in, however busy. */
    @WithDefault("P14D")
    Duration absolute();

    /** Time between the password and the second factor on {@code /login/2fa}. */
    @WithDefault("10m")
    Duration secondFactor();
}

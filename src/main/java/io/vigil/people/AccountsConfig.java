package io.vigil.people;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Who may get an account on this instance. */
@ConfigMapping(prefix = "vigil.accounts")
public interface AccountsConfig {

    /** {@code invite}: only invited people join; {@code open}: anyone signs up (e-mail verified) into their own workspace; {@code closed}: no new accounts. */
    @WithDefault("invite")
    Signup signup();

    /** How long a password-reset link works (once). */
    @WithDefault("1h")
    Duration resetValidity();

    /** How long a sign-up verification link works (once). */
    @WithDefault("24h")
    Duration signupValidity();

    /** The sign-up policy. */
    enum Signup {
        INVITE, OPEN, CLOSED
    }
}

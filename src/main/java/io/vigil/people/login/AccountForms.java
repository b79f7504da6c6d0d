package io.vigil.people.login;

import io.vigil.api.FormTokens;
import io.vigil.auth.SecretBox;
import io.vigil.auth.session.Session;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;

/**
 * The CSRF tokens of the account pages' forms: signed ({@link FormTokens}) and bound to the form and, once signed in,
 * to the session — a token from one session is no good in another. Forms check the {@code Origin} too ({@link Web}).
 */
@ApplicationScoped
public class AccountForms {

    @Inject
    SecretBox secretBox;
    @Inject
    Clock clock;

    private FormTokens tokens;

    @PostConstruct
    void init() {
        tokens = new FormTokens(secretBox.deriveKey("account-forms"), clock, Duration.ofHours(12));
    }

    /** A token for a form shown before signing in (login, forgot, reset, sign-up). */
    public String issue(String form) {
        return tokens.issue("anonymous|" + form);
    }

    public boolean valid(String form, String token) {
        return token != null && tokens.valid("anonymous|" + form, token);
    }

    /** A token for a form of a signed-in (or half signed-in) session. */
    public String issue(String form, Session session) {
        return tokens.issue("session|" + session.id() + "|" + form);
    }

    public boolean valid(String form, Session session, String token) {
        return token != null && tokens.valid("session|" + session.id() + "|" + form, token);
    }
}

package io.vigil.people.login;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.vigil.VigilConfig;
import io.vigil.notify.NotifyConfig;
import io.vigil.notify.email.Smtp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The e-mails of the account pages: pure builders ({@link #reset}, {@link #verify}) and one way to send them with a
 * link to {@code vigil.public-url}. A failure is logged, never shown: the pages answer the same whatever happened.
 */
@ApplicationScoped
class AccountMail {

    private static final Logger LOG = Logger.getLogger(AccountMail.class);

    @Inject
    ReactiveMailer mailer;
    @Inject
    VigilConfig vigil;
    @Inject
    NotifyConfig notify;

    /** Mails a password-reset link for {@code token}. */
    Uni<Void> sendReset(String to, String token) {
        return send(reset(to, link(vigil.publicUrl(), "/reset/" + token)), "password-reset");
    }

    /** Mails a sign-up verification link for {@code token}. */
    Uni<Void> sendVerification(String to, String token) {
        return send(verify(to, link(vigil.publicUrl(), "/signup/" + token)), "sign-up");
    }

    private Uni<Void> send(Mail mail, String what) {
        return Smtp.send(mailer, mail, notify.timeout()).invoke(a -> {
            if (!a.ok()) {
                LOG.warnf("Could not mail a %s link: %s", what, a.error());
            }
        }).replaceWithVoid();
    }

    static String link(String publicUrl, String path) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        return base + path;
    }

    static Mail reset(String to, String link) {
        String text = "Someone (probably you) asked to reset the password of your Vigil account " + Smtp.oneLine(to) + ".\n\n"
                + "Open this link within an hour to choose a new password (it works once):\n\n" + link + "\n\n"
                + "Choosing a new password signs you out everywhere. If you did not ask for this, ignore this message: "
                + "your password stays as it is.\n\n-- \nSent by Vigil.\n";
        return Mail.withText(to, "Reset your Vigil password", text).addHeader("Auto-Submitted", "auto-generated");
    }

    static Mail verify(String to, String link) {
        String text = "Welcome to Vigil. Open this link within a day to confirm your address and create your account "
                + "(it works once):\n\n" + link + "\n\nIf you did not sign up, ignore this message: nothing is created.\n\n"
                + "-- \nSent by Vigil.\n";
        return Mail.withText(to, "Confirm your Vigil account", text).addHeader("Auto-Submitted", "auto-generated");
    }
}

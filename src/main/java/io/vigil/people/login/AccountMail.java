package io.vigil.people.login;

import io.quarkus.mailer.Mail;
import io.vigil.notify.email.Smtp;

/** The e-mails of the account pages (pure builders: no sending here). */
final class AccountMail {

    private AccountMail() {
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

package io.vigil.people;

import io.quarkus.mailer.Mail;
import io.vigil.auth.Role;
import io.vigil.notify.email.Smtp;

/** The e-mail carrying an invitation's link (a pure builder: no sending here). */
public final class InvitationMail {

    private InvitationMail() {
    }

    /** The link of a token: {@code <public URL>/invite/<token>}. */
    public static String link(String publicUrl, String token) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        return base + "/invite/" + token;
    }

    public static Mail mail(String to, String workspaceName, String inviter, Role role, String link) {
        String subject = "You are invited to the Vigil workspace " + Smtp.oneLine(workspaceName);
        String text = (inviter == null || inviter.isBlank() ? "Someone" : Smtp.oneLine(inviter))
                + " invited you to the Vigil workspace \"" + Smtp.oneLine(workspaceName) + "\" as " + role.wire() + ".\n\n"
                + "Open this link within 7 days to accept (it works once):\n\n" + link + "\n\n"
                + "If you did not expect this invitation, ignore this message.\n\n"
                + "-- \nSent by Vigil.\n";
        return Mail.withText(to, subject, text).addHeader("Auto-Submitted", "auto-generated");
    }
}

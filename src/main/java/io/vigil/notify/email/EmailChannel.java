package io.vigil.notify.email;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.vigil.api.FieldError;
import io.vigil.notify.Attempt;
import io.vigil.notify.Channel;
import io.vigil.notify.ChannelSettings;
import io.vigil.notify.ChannelType;
import io.vigil.notify.Message;
import io.vigil.notify.Messages;
import io.vigil.notify.Notification;
import io.vigil.notify.NotifyConfig;
import io.vigil.notify.Setting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * E-mail through the SMTP server configured with {@code quarkus.mailer.*}: one message to the listed addresses, with a
 * plain-text and an HTML part saying the same thing ({@link Messages} wording). Grouped outages are one message
 * listing every check. Success means the SMTP server accepted the message, which is all SMTP can tell.
 */
@ApplicationScoped
@ChannelType("email")
public class EmailChannel implements Channel {

    static final int MAX_RECIPIENTS = 20;
    static final int MAX_ADDRESS = 254;
    static final int MAX_PREFIX = 60;
    static final String DEFAULT_PREFIX = "[Vigil]";
    static final String FOOTER = "Sent by Vigil to the recipients of a notification channel.";
    private static final String FONT = "font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;";
    private static final String CELL = "padding:2px 24px;font-size:14px;line-height:20px;color:#344054;" + FONT;

    @Inject
    ReactiveMailer mailer;
    @Inject
    NotifyConfig config;

    /** One message, ready to send. */
    public record Email(String subject, String text, String html) {
    }

    @Override
    public List<Setting> settings() {
        return List.of(Setting.required("to", Setting.Kind.TEXT_LIST), Setting.optional("subjectPrefix", Setting.Kind.TEXT));
    }

    @Override
    public void validate(ChannelSettings settings, List<FieldError> errors) {
        List<String> to = settings.texts("to");
        if (to.isEmpty()) {
            errors.add(new FieldError("to", "must list at least one address"));
        } else if (to.size() > MAX_RECIPIENTS) {
            errors.add(new FieldError("to", "must list at most " + MAX_RECIPIENTS + " addresses"));
        } else {
            LinkedHashSet<String> normalized = new LinkedHashSet<>();
            for (int i = 0; i < to.size(); i++) {
                String problem = addressProblem(to.get(i));
                if (problem == null) {
                    normalized.add(to.get(i).trim());
                } else {
                    errors.add(new FieldError("to[" + i + "]", problem));
                }
            }
            settings.put("to", List.copyOf(normalized));
        }
        String prefix = settings.text("subjectPrefix");
        if (prefix != null) {
            if (prefix.length() > MAX_PREFIX) {
                errors.add(new FieldError("subjectPrefix", "must be at most " + MAX_PREFIX + " characters"));
            } else if (!Smtp.oneLine(prefix).equals(prefix.trim())) {
                errors.add(new FieldError("subjectPrefix", "must be one line without control characters"));
            } else {
                settings.put("subjectPrefix", prefix.trim());
            }
        }
    }

    /** Why a recipient is not acceptable, or null: one bare RFC 822 address ({@code ops@example.com}), strictly parsed. */
    public static String addressProblem(String value) {
        String v = value.trim();
        if (v.isEmpty()) {
            return "must be an e-mail address";
        }
        if (v.length() > MAX_ADDRESS) {
            return "must be at most " + MAX_ADDRESS + " characters";
        }
        if (!v.chars().allMatch(c -> c < 128)) {
            // The SMTP client does not speak SMTPUTF8; an IDN domain can be written in punycode (xn--...).
            return "must be ASCII: internationalized addresses are not supported";
        }
        try {
            InternetAddress address = new InternetAddress(v, true);
            if (address.isGroup()) {
                return "must be one e-mail address, not a group";
            }
            if (!v.equals(address.getAddress())) {
                return "must be a bare address like ops@example.com, without a display name";
            }
            if (v.indexOf('@') <= 0 || v.endsWith("@")) {
                return "must be an e-mail address with a domain, like ops@example.com";
            }
            return null;
        } catch (AddressException e) {
            return "is not a valid e-mail address (" + e.getMessage() + ")";
        }
    }

    @Override
    public Uni<Attempt> send(ChannelSettings settings, Message message) {
        Mail mail;
        try {
            Email email = compose(settings.text("subjectPrefix", DEFAULT_PREFIX), message);
            mail = new Mail().setTo(new ArrayList<>(settings.texts("to"))).setSubject(email.subject())
                    .setText(email.text()).setHtml(email.html())
                    // RFC 3834: no vacation replies to alerts.
                    .addHeader("Auto-Submitted", "auto-generated")
                    .addHeader("X-Vigil-Event", message.id());
        } catch (RuntimeException e) {
            return Uni.createFrom().item(Attempt.failed(null, 0, null, "could not build the e-mail: " + e.getMessage()));
        }
        return Smtp.send(mailer, mail, config.timeout());
    }

    /** The message as e-mail: subject, text body and HTML body. Pure; every user-supplied string is escaped in HTML. */
    public static Email compose(String subjectPrefix, Message m) {
        String title = Messages.title(m);
        String prefix = subjectPrefix == null || subjectPrefix.isBlank() ? "" : Smtp.oneLine(subjectPrefix) + " ";
        return new Email(prefix + Smtp.oneLine(title), text(m), html(m));
    }

    static String text(Message m) {
        StringBuilder out = new StringBuilder(Messages.title(m)).append("\n\n");
        if (m.grouped()) {
            for (Notification n : m.notifications()) {
                out.append(Messages.title(n)).append('\n');
                Messages.facts(n).forEach(f -> out.append("  ").append(f).append('\n'));
                out.append('\n');
            }
        } else {
            List<String> facts = Messages.facts(m.first());
            facts.forEach(f -> out.append(f).append('\n'));
            if (!facts.isEmpty()) {
                out.append('\n');
            }
        }
        String link = link(m);
        if (link != null) {
            out.append("Open in Vigil: ").append(link).append("\n\n");
        }
        return out.append("-- \n").append(FOOTER).append('\n').toString();
    }

    static String html(Message m) {
        String title = escape(Messages.title(m));
        StringBuilder out = new StringBuilder(4096);
        out.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width\"><title>").append(title).append("</title></head>\n")
                .append("<body style=\"margin:0;padding:0;background-color:#f2f4f7;\">\n")
                .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" ")
                .append("style=\"background-color:#f2f4f7;\"><tr><td align=\"center\" style=\"padding:24px 12px;\">\n")
                .append("<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" ")
                .append("style=\"width:100%;max-width:600px;background-color:#ffffff;border:1px solid #e4e7ec;")
                .append("border-collapse:collapse;color:#101828;").append(FONT).append("\">\n")
                .append("<tr><td style=\"background-color:").append(Messages.severity(m).colour)
                .append(";height:8px;line-height:8px;font-size:8px;\">&nbsp;</td></tr>\n")
                .append("<tr><td style=\"padding:20px 24px 8px 24px;font-size:20px;line-height:28px;font-weight:bold;")
                .append(FONT).append("\">").append(title).append("</td></tr>\n");
        if (m.grouped()) {
            for (Notification n : m.notifications()) {
                out.append("<tr><td style=\"padding:12px 24px 2px 24px;").append(FONT).append("\">")
                        .append("<div style=\"border-left:4px solid ").append(Messages.severity(n).colour)
                        .append(";padding-left:10px;font-size:15px;line-height:22px;font-weight:bold;\">")
                        .append(escape(Messages.title(n))).append("</div></td></tr>\n");
                facts(out, Messages.facts(n), "padding-left:38px;");
            }
        } else {
            facts(out, Messages.facts(m.first()), "");
        }
        String link = link(m);
        if (link != null) {
            out.append("<tr><td style=\"padding:20px 24px 8px 24px;").append(FONT).append("\"><a href=\"").append(escape(link))
                    .append("\" style=\"display:inline-block;background-color:#101828;color:#ffffff;text-decoration:none;")
                    .append("padding:10px 18px;border-radius:6px;font-size:14px;\">Open in Vigil</a></td></tr>\n");
        }
        return out.append("<tr><td style=\"padding:16px 24px 20px 24px;font-size:12px;color:#667085;").append(FONT)
                .append("\">").append(escape(FOOTER)).append("</td></tr>\n")
                .append("</table>\n</td></tr></table>\n</body></html>\n").toString();
    }

    private static void facts(StringBuilder out, List<String> facts, String extraStyle) {
        for (String fact : facts) {
            out.append("<tr><td style=\"").append(CELL).append(extraStyle).append("\">").append(escape(fact)).append("</td></tr>\n");
        }
    }

    /** The console link, only when it is an http(s) URL (it is Vigil's own, but an href is no place to trust). */
    static String link(Message m) {
        String link = Messages.link(m);
        if (link == null) {
            return null;
        }
        String lower = link.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") ? link : null;
    }

    /** Text for HTML content and attribute values. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

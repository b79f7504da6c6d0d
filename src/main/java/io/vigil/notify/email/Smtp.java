package io.vigil.notify.email;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;
import io.vigil.notify.Attempt;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Sending one e-mail through the (non-blocking, Vert.x) mailer with a deadline, and what came of it as an
 * {@link Attempt}: the SMTP server took it, or why not. Never fails.
 */
public final class Smtp {

    /** What the delivery log shows when the SMTP server took the message (its 250 reply to the data). */
    static final String ACCEPTED = "accepted by SMTP server";
    /** 39 bytes are 52 base64 characters: "Subject: " and one encoded word stay within 76 characters. */
    private static final int WORD_BYTES = 39;
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]+");

    private Smtp() {
    }

    /** Sends one e-mail (its subject made safe for the wire first, see {@link #subject}) within the deadline. */
    public static Uni<Attempt> send(ReactiveMailer mailer, Mail mail, Duration timeout) {
        if (mail.getSubject() != null) {
            mail.setSubject(subject(mail.getSubject()));
        }
        long start = System.nanoTime();
        return Uni.createFrom().deferred(() -> mailer.send(mail))
                .ifNoItem().after(timeout).fail()
                .map(x -> Attempt.ok(250, millisSince(start), ACCEPTED))
                .onFailure().recoverWithItem(e -> failed(e, millisSince(start), timeout));
    }

    /** A failure as the delivery log shows it: the SMTP reply when there was one, else what went wrong on the way. */
    static Attempt failed(Throwable e, long latencyMs, Duration timeout) {
        if (e instanceof TimeoutException) {
            return Attempt.failed(null, latencyMs, null,
                    "timeout: the SMTP server did not take the message within " + timeout.toMillis() + " ms");
        }
        if (e instanceof SMTPException smtp) {
            String reply = smtp.getReplyMessage();
            return Attempt.failed(smtp.getReplyCode(), latencyMs, reply, "SMTP server answered " + smtp.getReplyCode()
                    + (smtp.isPermanent() ? " (permanent)" : "") + ": " + (reply == null ? smtp.getMessage() : reply));
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return Attempt.failed(null, latencyMs, null, "connect: " + t.getMessage());
            }
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return Attempt.failed(null, latencyMs, null, "smtp: " + message);
    }

    /**
     * A subject as it goes on the wire: plain ASCII as is, anything else as RFC 2047 encoded words (UTF-8, base64), cut
     * at character boundaries and folded so that no line passes 76 characters. The Vert.x mail encoder would do it
     * itself, but (4.5) it encodes one UTF-16 unit at a time and so turns every emoji into "??"; an ASCII subject
     * passes through it untouched.
     */
    static String subject(String subject) {
        if (subject.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !subject.contains("=?")) {
            return subject;
        }
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream word = new ByteArrayOutputStream();
        for (int i = 0; i < subject.length(); ) {
            int cp = subject.codePointAt(i);
            byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            if (word.size() + bytes.length > WORD_BYTES) {
                encodedWord(out, word.toByteArray());
                word.reset();
            }
            word.writeBytes(bytes);
            i += Character.charCount(cp);
        }
        encodedWord(out, word.toByteArray());
        return out.toString();
    }

    private static void encodedWord(StringBuilder out, byte[] bytes) {
        if (!out.isEmpty()) {
            out.append("\n ");
        }
        out.append("=?UTF-8?B?").append(Base64.getEncoder().encodeToString(bytes)).append("?=");
    }

    /** A header value on one line: line breaks and other control characters become one space. */
    public static String oneLine(String text) {
        return CONTROL.matcher(text).replaceAll(" ").trim();
    }

    private static long millisSince(long nanoStart) {
        return (System.nanoTime() - nanoStart) / 1_000_000;
    }
}

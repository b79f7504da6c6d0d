package io.vigil.notify;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The words of a notification for people, shared by every channel that writes text (chat, e-mail, push), so that
 * they all say the same thing the same way. Pure functions.
 */
public final class Messages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    /** What a title starts with before its words: the emoji (or other symbols) and the space after it. */
    private static final Pattern LEADING_SYMBOLS = Pattern.compile("^[^\\p{L}\\p{N}]+\\s+");
    /** The label a fact without one gets in {@link #labelledFacts}. */
    public static final String NO_LABEL = "Details";

    private Messages() {
    }

    /** How bad it is, for colours and priorities. */
    public enum Severity {
        CRITICAL("#d92d20"), WARNING("#f79009"), OK("#12b76a"), INFO("#6172f3");

        public final String colour;

        Severity(String colour) {
            this.colour = colour;
        }

        /** The colour as a number (Discord embeds). */
        public int rgb() {
            return Integer.parseInt(colour.substring(1), 16);
        }
    }

    public static Severity severity(Notification n) {
        return switch (n.type()) {
            case Notification.INCIDENT_OPENED, Notification.HEARTBEAT_LATE -> Severity.CRITICAL;
            case Notification.INCIDENT_UPDATED -> n.data().incident() != null && "resolved".equals(n.data().incident().state())
                    ? Severity.OK : Severity.CRITICAL;
            case Notification.INCIDENT_RESOLVED, Notification.CHECK_RECOVERED -> Severity.OK;
            case Notification.CHECK_DEGRADED, Notification.CERTIFICATE_EXPIRING -> Severity.WARNING;
            case Notification.CHECK_FLAPPING -> Boolean.TRUE.equals(n.data().flapping()) ? Severity.WARNING : Severity.INFO;
            default -> Severity.INFO;
        };
    }

    public static Severity severity(Message m) {
        return severity(m.first());
    }

    /** One line: what happened to what, e.g. "🔴 Down: Checkout API". */
    public static String title(Notification n) {
        String name = n.checkName();
        return switch (n.type()) {
            case Notification.INCIDENT_OPENED -> "🔴 Down: " + name;
            case Notification.HEARTBEAT_LATE -> "⏰ Heartbeat late: " + name;
            case Notification.INCIDENT_UPDATED -> (severity(n) == Severity.OK ? "✅ Update: " : "🔔 Update: ") + name;
            case Notification.INCIDENT_RESOLVED -> "✅ Resolved: " + name;
            case Notification.CHECK_DEGRADED -> "🟡 Degraded: " + name;
            case Notification.CHECK_RECOVERED -> "🟢 Recovered: " + name;
            case Notification.CHECK_FLAPPING -> Boolean.TRUE.equals(n.data().flapping())
                    ? "🔁 Flapping: " + name : "➖ Stopped flapping: " + name;
            case Notification.CERTIFICATE_EXPIRING -> "🔐 Certificate expiring: " + name;
            case Notification.TEST -> "🧪 Test notification from Vigil";
            default -> n.type() + ": " + name;
        };
    }

    /** The title of a whole message: a grouped one counts what it holds, e.g. "🔴 5 checks are down". */
    public static String title(Message m) {
        if (!m.grouped()) {
            return title(m.first());
        }
        int n = m.notifications().size();
        return switch (m.first().type()) {
            case Notification.INCIDENT_OPENED, Notification.HEARTBEAT_LATE -> "🔴 " + n + " checks are down";
            case Notification.INCIDENT_RESOLVED -> "✅ " + n + " checks recovered";
            default -> "🔔 " + n + " notifications";
        };
    }

    /**
     * The title without the emoji it starts with, e.g. "Down: Checkout API", for services that read titles out
     * (pagers, phone calls) or show an emoji of their own.
     */
    public static String plainTitle(Notification n) {
        return withoutLeadingSymbols(title(n));
    }

    /** {@link #title(Message)} without the emoji it starts with, e.g. "5 checks are down". */
    public static String plainTitle(Message m) {
        return withoutLeadingSymbols(title(m));
    }

    private static String withoutLeadingSymbols(String title) {
        return LEADING_SYMBOLS.matcher(title).replaceFirst("");
    }

    /** Details after the title, one fact per line: regions, error, since when, the message. */
    public static List<String> facts(Notification n) {
        Notification.Data d = n.data();
        List<String> facts = new ArrayList<>();
        if (hasMessage(n)) {
            facts.add(d.message());
        }
        if (d.regions() != null && !d.regions().isEmpty()) {
            facts.add("Regions: " + String.join(", ", d.regions()));
        }
        if (d.error() != null) {
            facts.add("Error: " + d.error().errorClass() + (d.error().message() == null ? "" : " — " + d.error().message()));
        }
        if (d.incident() != null && d.incident().startedAt() != null) {
            facts.add((d.incident().resolvedAt() == null ? "Since: " : "Started: ") + TIME.format(d.incident().startedAt()));
            if (d.incident().resolvedAt() != null) {
                facts.add("Resolved: " + TIME.format(d.incident().resolvedAt()));
            }
        }
        if (d.check() != null && d.check().url() != null) {
            facts.add("Target: " + d.check().url());
        }
        return facts;
    }

    /** Whether the notification carries free text (an update's message, a reminder, a test's words): not null, not blank. */
    public static boolean hasMessage(Notification n) {
        return n.data().message() != null && !n.data().message().isBlank();
    }

    /** The {@link #facts facts} after the free-text message (which comes first when there is one). */
    public static List<String> detailFacts(Notification n) {
        List<String> facts = facts(n);
        return facts.subList(hasMessage(n) ? 1 : 0, facts.size());
    }

    /** One fact split into its label and value; {@code label} is null when the fact has none. */
    public record Fact(String label, String value) {
    }

    /**
     * A fact line split at its first ": " into label and value ("Regions: eu-west, us-east" is "Regions" and
     * "eu-west, us-east"); a line without ": " is all value, with a null label.
     */
    public static Fact factParts(String fact) {
        int colon = fact.indexOf(": ");
        return colon < 0 ? new Fact(null, fact) : new Fact(fact.substring(0, colon), fact.substring(colon + 2));
    }

    /** The {@link #detailFacts detail facts} as label and value, "Details" labelling one that has no label of its own. */
    public static List<Fact> labelledFacts(Notification n) {
        List<Fact> out = new ArrayList<>();
        for (String fact : detailFacts(n)) {
            Fact parts = factParts(fact);
            out.add(parts.label() == null ? new Fact(NO_LABEL, parts.value()) : parts);
        }
        return out;
    }

    /** A probe error on one line: its class, then its message after ": " when there is one ("timeout: no answer"). */
    public static String errorText(Notification.ErrorRef e) {
        return e.errorClass() + (e.message() == null ? "" : ": " + e.message());
    }

    /** The body as plain text: for a single notification its facts, for a group one line per notification. */
    public static String text(Message m) {
        if (!m.grouped()) {
            return String.join("\n", facts(m.first()));
        }
        List<String> lines = new ArrayList<>();
        for (Notification n : m.notifications()) {
            String line = "• " + n.checkName();
            if (n.data().error() != null) {
                line += " — " + errorText(n.data().error());
            }
            lines.add(line);
        }
        return String.join("\n", lines);
    }

    /** Where to look: the console link of the (first) notification, or null. */
    public static String link(Message m) {
        Notification.Links links = m.first().data().links();
        return links == null ? null : links.console();
    }

    public static String time(java.time.Instant at) {
        return TIME.format(at);
    }
}

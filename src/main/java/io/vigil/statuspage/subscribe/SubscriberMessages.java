package io.vigil.statuspage.subscribe;

import io.vigil.incident.IncidentImpact;
import io.vigil.incident.IncidentLedger;
import io.vigil.incident.IncidentPhase;
import io.vigil.notify.Message;
import io.vigil.notify.Notification;
import io.vigil.notify.email.EmailChannel;
import io.vigil.notify.email.Smtp;
import io.vigil.statuspage.PublicTitle;
import io.vigil.statuspage.StatusSnapshot;
import io.vigil.statuspage.v2.StatuspageMapper;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static io.vigil.notify.email.EmailChannel.escape;

/**
 * What a status page's subscribers receive. Pure. They are the page's visitors, not its operators: a message says only
 * what the page itself shows (its title, the incident's title and updates, the affected components by their names on
 * the page), never a check's URL, error, region or console link. Every message carries its unsubscribe link.
 */
public final class SubscriberMessages {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final String FONT = "font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;";

    private SubscriberMessages() {
    }

    /** The page as a message speaks of it: its snapshot and its public address. */
    public record PageFacts(StatusSnapshot snapshot, String url) {

        String title() {
            return snapshot.page().title();
        }

        /** The incident as the page shows it, if the page knows it (it may not yet, just opened on another replica). */
        java.util.Optional<StatusSnapshot.Incident> incident(UUID id) {
            return java.util.stream.Stream.concat(snapshot.activeIncidents().stream(), snapshot.recentIncidents().stream())
                    .filter(i -> i.id().equals(id)).findFirst();
        }

        /** The page's components showing a check (an incident without a check: none). */
        List<StatusSnapshot.Component> componentsOf(UUID checkId) {
            return checkId == null ? List.of()
                    : snapshot.components().stream().filter(c -> c.checkId().equals(checkId)).toList();
        }
    }

    public record Email(String subject, String text, String html) {
    }

    /** The double opt-in request. */
    public static Email confirmation(PageFacts page, String confirmUrl) {
        String title = Smtp.oneLine(page.title());
        List<String> lines = List.of(
                "Someone, hopefully you, asked to receive e-mail about incidents on the " + title + " status page ("
                        + page.url() + ").",
                "To confirm, open this link within " + SubscriberTokens.CONFIRM_WITHIN.toDays() + " days:",
                confirmUrl,
                "If it was not you, ignore this message: nothing more will be sent to this address.");
        return new Email("Confirm your subscription to " + title, String.join("\n\n", lines) + "\n",
                html(title, "Confirm your subscription", List.of(lines.get(0)), confirmUrl, "Confirm subscription",
                        lines.get(3)));
    }

    /** One or more incident notifications (grouped ones: several incidents opened together). */
    public static Email incidents(PageFacts page, Message m, String unsubscribeUrl) {
        String title = Smtp.oneLine(page.title());
        String subject = m.grouped() ? m.notifications().size() + " incident updates" : heading(page, m.first());
        StringBuilder text = new StringBuilder();
        List<String> paragraphs = new ArrayList<>();
        for (Notification n : m.notifications()) {
            List<String> facts = facts(page, n);
            text.append(heading(page, n)).append("\n\n");
            facts.forEach(f -> text.append(f).append('\n'));
            text.append('\n');
            paragraphs.add("<strong>" + escape(heading(page, n)) + "</strong><br>"
                    + String.join("<br>", facts.stream().map(EmailChannel::escape).toList()));
        }
        String footer = "You receive this because you subscribed to updates from " + title + ".";
        text.append("Status page: ").append(page.url()).append("\n\n-- \n").append(footer)
                .append("\nUnsubscribe: ").append(unsubscribeUrl).append('\n');
        return new Email("[" + title + "] " + Smtp.oneLine(subject), text.toString(),
                htmlParagraphs(title, subject, paragraphs, page.url(), "View status page",
                        escape(footer) + " <a href=\"" + escape(unsubscribeUrl) + "\" style=\"color:#667085;\">Unsubscribe</a>"));
    }

    /** "Investigating: API is down", "Resolved: API is down". */
    static String heading(PageFacts page, Notification n) {
        return phase(n) + ": " + Smtp.oneLine(incidentTitle(page, n));
    }

    private static List<String> facts(PageFacts page, Notification n) {
        List<String> facts = new ArrayList<>();
        facts.add(body(page, n));
        List<String> names = page.componentsOf(checkId(n)).stream().map(StatusSnapshot.Component::name).toList();
        if (!names.isEmpty()) {
            facts.add("Affected: " + String.join(", ", names));
        }
        facts.add((Notification.INCIDENT_RESOLVED.equals(n.type()) ? "Resolved at " : "Posted at ") + WHEN.format(n.timestamp()));
        return facts;
    }

    /** The update's text: a person's message, else what the page would say. */
    static String body(PageFacts page, Notification n) {
        if (n.data().message() != null && !n.data().message().isBlank()) {
            return n.data().message().trim();
        }
        if (Notification.INCIDENT_RESOLVED.equals(n.type())) {
            return "This incident has been resolved.";
        }
        List<String> names = page.componentsOf(checkId(n)).stream().map(StatusSnapshot.Component::name).toList();
        return names.isEmpty() ? "We are investigating this incident."
                : "We are investigating a problem with " + String.join(", ", names) + ".";
    }

    /**
     * A webhook subscriber's body, shaped like Atlassian Statuspage's incident webhooks ({@code meta}, {@code page},
     * {@code incident}) so receivers written for those work unchanged. {@code incident_updates} holds the update this
     * delivery announces.
     */
    public static Map<String, Object> webhook(PageFacts page, Notification n, String unsubscribeUrl) {
        StatusSnapshot s = page.snapshot();
        String pageId = s.page().id().toString();
        Notification.IncidentRef ref = n.data().incident();
        String incidentId = ref == null ? null : ref.id().toString();
        String status = phaseValue(n);
        String at = StatuspageMapper.ts(n.timestamp());
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("id", UUID.nameUUIDFromBytes((incidentId + "|" + n.type() + "|" + at).getBytes()).toString());
        update.put("status", status);
        update.put("body", body(page, n));
        update.put("incident_id", incidentId);
        update.put("created_at", at);
        update.put("updated_at", at);
        update.put("display_at", at);
        List<Map<String, Object>> components = new ArrayList<>();
        for (StatusSnapshot.Component c : page.componentsOf(checkId(n))) {
            Map<String, Object> comp = new LinkedHashMap<>();
            comp.put("id", c.id().toString());
            comp.put("name", c.name());
            comp.put("status", c.status());
            comp.put("page_id", pageId);
            components.add(comp);
        }
        Map<String, Object> incident = new LinkedHashMap<>();
        incident.put("id", incidentId);
        incident.put("name", incidentTitle(page, n));
        incident.put("status", status);
        incident.put("impact", impact(page, ref));
        incident.put("created_at", ref == null ? at : StatuspageMapper.ts(ref.startedAt()));
        incident.put("updated_at", at);
        incident.put("monitoring_at", IncidentPhase.MONITORING.wire().equals(status) ? at : null);
        incident.put("resolved_at", ref == null ? null : StatuspageMapper.ts(ref.resolvedAt()));
        incident.put("started_at", ref == null ? at : StatuspageMapper.ts(ref.startedAt()));
        incident.put("shortlink", page.url());
        incident.put("page_id", pageId);
        incident.put("incident_updates", List.of(update));
        incident.put("components", components);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("unsubscribe", unsubscribeUrl);
        meta.put("documentation", page.url());
        meta.put("generated_at", at);
        Map<String, Object> pageDoc = new LinkedHashMap<>();
        pageDoc.put("id", pageId);
        pageDoc.put("status_indicator", s.indicator());
        pageDoc.put("status_description", s.headline());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("meta", meta);
        body.put("page", pageDoc);
        body.put("incident", incident);
        return body;
    }

    /** The incident's impact as the page shows it; an outage the page does not know yet is a major one. */
    private static String impact(PageFacts page, Notification.IncidentRef ref) {
        if (ref == null) {
            return IncidentImpact.NONE.wire();
        }
        return page.incident(ref.id()).map(StatusSnapshot.Incident::impact).orElse(IncidentImpact.MAJOR).wire();
    }

    private static UUID checkId(Notification n) {
        return n.data().check() == null ? null : n.data().check().id();
    }

    /**
     * The incident's title as the page shows it, never the check's own name: the page's own title for it when the page
     * knows the incident (a check renamed since keeps its old name in the stored title), else {@link PublicTitle} with
     * an outage recognised by its generated title.
     */
    private static String incidentTitle(PageFacts page, Notification n) {
        List<String> names = page.componentsOf(checkId(n)).stream().map(StatusSnapshot.Component::name).toList();
        Notification.IncidentRef ref = n.data().incident();
        if (ref == null) {
            return names.isEmpty() ? page.title() : String.join(", ", names);
        }
        return page.incident(ref.id()).map(StatusSnapshot.Incident::title)
                .orElseGet(() -> PublicTitle.of(ref.title(), n.data().check() != null
                        && ref.title().equals(IncidentLedger.outageTitle(n.data().check().name())), names));
    }

    /** Statuspage's incident status: investigating, identified, monitoring or resolved. */
    static String phaseValue(Notification n) {
        if (Notification.INCIDENT_RESOLVED.equals(n.type())) {
            return IncidentPhase.RESOLVED.wire();
        }
        String phase = n.data().incident() == null ? null : n.data().incident().phase();
        return phase == null ? IncidentPhase.INVESTIGATING.wire() : phase;
    }

    private static String phase(Notification n) {
        String p = phaseValue(n);
        return Character.toUpperCase(p.charAt(0)) + p.substring(1);
    }

    private static String html(String pageTitle, String heading, List<String> lines, String buttonUrl, String buttonText,
                               String footer) {
        return htmlParagraphs(pageTitle, heading, lines.stream().map(EmailChannel::escape).toList(), buttonUrl,
                buttonText, escape(footer));
    }

    /** A plain, table-based e-mail that mail clients render alike; paragraphs and footer are HTML already escaped. */
    private static String htmlParagraphs(String pageTitle, String heading, List<String> paragraphs, String buttonUrl,
                                         String buttonText, String footerHtml) {
        StringBuilder out = new StringBuilder(2048);
        out.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
                .append("<title>").append(escape(heading)).append("</title></head>\n")
                .append("<body style=\"margin:0;padding:0;background-color:#f2f4f7;\">\n")
                .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr>")
                .append("<td align=\"center\" style=\"padding:24px 12px;\">\n")
                .append("<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" ")
                .append("style=\"width:100%;max-width:600px;background-color:#ffffff;border:1px solid #e4e7ec;color:#101828;")
                .append(FONT).append("\">\n")
                .append("<tr><td style=\"padding:20px 24px 0 24px;font-size:13px;color:#667085;").append(FONT).append("\">")
                .append(escape(pageTitle)).append("</td></tr>\n")
                .append("<tr><td style=\"padding:4px 24px 8px 24px;font-size:20px;line-height:28px;font-weight:bold;")
                .append(FONT).append("\">").append(escape(heading)).append("</td></tr>\n");
        for (String p : paragraphs) {
            out.append("<tr><td style=\"padding:8px 24px;font-size:14px;line-height:21px;color:#344054;").append(FONT)
                    .append("\">").append(p).append("</td></tr>\n");
        }
        out.append("<tr><td style=\"padding:16px 24px 8px 24px;\"><a href=\"").append(escape(buttonUrl))
                .append("\" style=\"display:inline-block;background-color:#101828;color:#ffffff;text-decoration:none;")
                .append("padding:10px 18px;border-radius:6px;font-size:14px;").append(FONT).append("\">")
                .append(escape(buttonText)).append("</a></td></tr>\n")
                .append("<tr><td style=\"padding:16px 24px 20px 24px;font-size:12px;color:#667085;").append(FONT).append("\">")
                .append(footerHtml).append("</td></tr>\n</table>\n</td></tr></table>\n</body></html>\n");
        return out.toString();
    }
}

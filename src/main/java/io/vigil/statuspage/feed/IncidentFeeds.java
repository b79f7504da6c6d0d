package io.vigil.statuspage.feed;

import io.vigil.statuspage.StatusSnapshot;
import io.vigil.statuspage.v2.StatuspageMapper;
import io.vigil.statuspage.XmlText;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Atom (RFC 4287) and RSS 2.0 feeds of a page's incidents, open and recently resolved, newest update first. Written
 * with an XML stream writer, which escapes every text and attribute: incident titles and messages are user text.
 * An entry's content is HTML (itself escaped) listing the incident's updates. Pure.
 */
public final class IncidentFeeds {

    public static final String ATOM = "application/atom+xml";
    public static final String RSS = "application/rss+xml";
    private static final String ATOM_NS = "http://www.w3.org/2005/Atom";
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();
    private static final DateTimeFormatter RFC_822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private IncidentFeeds() {
    }

    /** "Shop status" for a page titled "Shop", and not "Shop status status" for one titled "Shop status". */
    static String feedTitle(String title) {
        String t = title.strip();
        return t.toLowerCase(Locale.ROOT).matches(".*\\bstatus( page)?$") ? t : t + " status";
    }

    public static String atom(StatusSnapshot s, String pageUrl) {
        return write(w -> {
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("feed");
            w.writeDefaultNamespace(ATOM_NS);
            w.writeAttribute("xml:lang", "en");
            text(w, "id", "urn:uuid:" + s.page().id());
            text(w, "title", feedTitle(s.page().title()));
            if (s.page().description() != null) {
                text(w, "subtitle", s.page().description());
            }
            text(w, "updated", rfc3339(updated(s)));
            link(w, "alternate", "text/html", pageUrl);
            link(w, "self", ATOM, pageUrl + "/feed.atom");
            w.writeStartElement("author");
            text(w, "name", s.page().title());
            text(w, "uri", pageUrl);
            w.writeEndElement();
            text(w, "generator", "Vigil");
            for (StatusSnapshot.Incident i : incidents(s)) {
                w.writeStartElement("entry");
                text(w, "id", "urn:uuid:" + i.id());
                text(w, "title", i.title());
                text(w, "published", rfc3339(i.startedAt()));
                text(w, "updated", rfc3339(i.updatedAt()));
                link(w, "alternate", "text/html", StatuspageMapper.incidentUrl(pageUrl, i.id()));
                w.writeStartElement("content");
                w.writeAttribute("type", "html");
                w.writeCharacters(XmlText.clean(html(i)));
                w.writeEndElement();
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndDocument();
        });
    }

    public static String rss(StatusSnapshot s, String pageUrl) {
        return write(w -> {
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("rss");
            w.writeAttribute("version", "2.0");
            w.writeNamespace("atom", ATOM_NS);
            w.writeStartElement("channel");
            text(w, "title", feedTitle(s.page().title()));
            text(w, "link", pageUrl);
            text(w, "description", s.page().description() != null ? s.page().description()
                    : "Incidents and updates of " + s.page().title());
            text(w, "language", "en");
            text(w, "lastBuildDate", RFC_822.format(updated(s)));
            w.writeEmptyElement("atom", "link", ATOM_NS);
            w.writeAttribute("href", pageUrl + "/feed.rss");
            w.writeAttribute("rel", "self");
            w.writeAttribute("type", RSS);
            for (StatusSnapshot.Incident i : incidents(s)) {
                w.writeStartElement("item");
                text(w, "title", i.title());
                text(w, "link", StatuspageMapper.incidentUrl(pageUrl, i.id()));
                w.writeStartElement("guid");
                w.writeAttribute("isPermaLink", "false");
                w.writeCharacters("urn:uuid:" + i.id());
                w.writeEndElement();
                text(w, "pubDate", RFC_822.format(i.updatedAt()));
                text(w, "description", html(i));
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndDocument();
        });
    }

    /** Open incidents and recently resolved ones, the most recently updated first. */
    static List<StatusSnapshot.Incident> incidents(StatusSnapshot s) {
        return Stream.concat(s.activeIncidents().stream(), s.recentIncidents().stream())
                .sorted(Comparator.comparing(StatusSnapshot.Incident::updatedAt).reversed()
                        .thenComparing(i -> i.id().toString()))
                .toList();
    }

    private static Instant updated(StatusSnapshot s) {
        return incidents(s).stream().map(StatusSnapshot.Incident::updatedAt).max(Comparator.naturalOrder())
                .orElse(s.page().updatedAt());
    }

    /** The entry body: the incident's state, then each update (newest first); every user string HTML-escaped. */
    static String html(StatusSnapshot.Incident i) {
        StringBuilder b = new StringBuilder();
        b.append("<p><strong>").append("resolved".equals(i.state()) ? "Resolved" : capitalize(i.phase().wire()))
                .append("</strong> &middot; impact ").append(escape(i.impact().wire())).append(" &middot; started ")
                .append(SHOWN.format(i.startedAt()));
        if (i.resolvedAt() != null) {
            b.append(" &middot; resolved ").append(SHOWN.format(i.resolvedAt()));
        }
        b.append("</p>");
        for (StatusSnapshot.Update u : i.updates()) {
            b.append("<p><small>").append(SHOWN.format(u.at())).append("</small> &ndash; <strong>")
                    .append(escape(capitalize(u.phase().wire()))).append("</strong> &ndash; ").append(escape(u.message()))
                    .append("</p>");
        }
        return b.toString();
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String capitalize(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String rfc3339(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at);
    }

    private static void text(XMLStreamWriter w, String element, String value) throws XMLStreamException {
        w.writeStartElement(element);
        w.writeCharacters(XmlText.clean(value));
        w.writeEndElement();
    }

    private static void link(XMLStreamWriter w, String rel, String type, String href) throws XMLStreamException {
        w.writeEmptyElement("link");
        w.writeAttribute("rel", rel);
        w.writeAttribute("type", type);
        w.writeAttribute("href", href);
    }

    private interface Body {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XML.createXMLStreamWriter(out);
            body.write(w);
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write a feed", e);
        }
        return out.toString();
    }
}

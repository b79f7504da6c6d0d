package io.vigil.statuspage.badge;

import io.vigil.statuspage.XmlText;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Flat badges in the shields.io style: a grey label, a coloured value, an accessible title. Written with an XML
 * stream writer, so labels and values are escaped. Widths come from approximate Verdana 11px advances (no font
 * files on the server), generous enough that text never overflows. Pure.
 */
public final class Badges {

    public static final String MEDIA_TYPE = "image/svg+xml";
    static final String GREEN = "#4c1";
    static final String LIGHT_GREEN = "#97ca00";
    static final String YELLOW_GREEN = "#a4a61d";
    static final String YELLOW = "#dfb317";
    static final String ORANGE = "#fe7d37";
    static final String RED = "#e05d44";
    static final String BLUE = "#007ec6";
    static final String GREY = "#9f9f9f";
    private static final String SVG_NS = "http://www.w3.org/2000/svg";
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private Badges() {
    }

    /** The value and colour of a status badge for a component status (Statuspage values). */
    static String[] status(String componentStatus) {
        return switch (componentStatus) {
            case "operational" -> new String[]{"up", GREEN};
            case "degraded_performance" -> new String[]{"degraded", YELLOW};
            case "partial_outage" -> new String[]{"degraded", ORANGE};
            case "major_outage" -> new String[]{"down", RED};
            case "under_maintenance" -> new String[]{"maintenance", BLUE};
            default -> new String[]{"unknown", GREY};
        };
    }

    /** Availability as shields shows it: at most two decimals, rounded down so 99.999 never reads "100%". */
    static String[] uptime(Double percent) {
        if (percent == null) {
            return new String[]{"no data", GREY};
        }
        String text = BigDecimal.valueOf(percent).setScale(2, RoundingMode.DOWN).stripTrailingZeros().toPlainString() + "%";
        String color = percent >= 99.9 ? GREEN : percent >= 99 ? LIGHT_GREEN : percent >= 97 ? YELLOW_GREEN
                : percent >= 95 ? YELLOW : percent >= 90 ? ORANGE : RED;
        return new String[]{text, color};
    }

    static String[] responseTime(Long ms) {
        if (ms == null) {
            return new String[]{"no data", GREY};
        }
        String color = ms < 300 ? GREEN : ms < 1000 ? YELLOW : ms < 3000 ? ORANGE : RED;
        return new String[]{ms + " ms", color};
    }

    public static String svg(String label, String value, String color) {
        String l = XmlText.clean(label);
        String v = XmlText.clean(value);
        int lw = width(l);
        int vw = width(v);
        int total = lw + vw;
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XML.createXMLStreamWriter(out);
            w.writeStartElement("svg");
            w.writeDefaultNamespace(SVG_NS);
            w.writeAttribute("width", Integer.toString(total));
            w.writeAttribute("height", "20");
            w.writeAttribute("role", "img");
            w.writeAttribute("aria-label", l + ": " + v);
            element(w, "title", l + ": " + v);
            w.writeStartElement("linearGradient");
            w.writeAttribute("id", "s");
            w.writeAttribute("x2", "0");
            w.writeAttribute("y2", "100%");
            empty(w, "stop", "offset", "0", "stop-color", "#bbb", "stop-opacity", ".1");
            empty(w, "stop", "offset", "1", "stop-opacity", ".1");
            w.writeEndElement();
            w.writeStartElement("clipPath");
            w.writeAttribute("id", "r");
            empty(w, "rect", "width", Integer.toString(total), "height", "20", "rx", "3", "fill", "#fff");
            w.writeEndElement();
            w.writeStartElement("g");
            w.writeAttribute("clip-path", "url(#r)");
            empty(w, "rect", "width", Integer.toString(lw), "height", "20", "fill", "#555");
            empty(w, "rect", "x", Integer.toString(lw), "width", Integer.toString(vw), "height", "20", "fill", color);
            empty(w, "rect", "width", Integer.toString(total), "height", "20", "fill", "url(#s)");
            w.writeEndElement();
            w.writeStartElement("g");
            w.writeAttribute("fill", "#fff");
            w.writeAttribute("text-anchor", "middle");
            w.writeAttribute("font-family", "Verdana,Geneva,DejaVu Sans,sans-serif");
            w.writeAttribute("font-size", "11");
            text(w, lw / 2.0, l);
            text(w, lw + vw / 2.0, v);
            w.writeEndElement();
            w.writeEndElement();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write a badge", e);
        }
        return out.toString();
    }

    /** Text with its shadow, as shields draws it. */
    private static void text(XMLStreamWriter w, double x, String s) throws XMLStreamException {
        String at = x == Math.rint(x) ? Integer.toString((int) x) : Double.toString(x);
        w.writeStartElement("text");
        w.writeAttribute("x", at);
        w.writeAttribute("y", "15");
        w.writeAttribute("fill", "#010101");
        w.writeAttribute("fill-opacity", ".3");
        w.writeCharacters(s);
        w.writeEndElement();
        w.writeStartElement("text");
        w.writeAttribute("x", at);
        w.writeAttribute("y", "14");
        w.writeCharacters(s);
        w.writeEndElement();
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(text);
        w.writeEndElement();
    }

    private static void empty(XMLStreamWriter w, String name, String... attributes) throws XMLStreamException {
        w.writeEmptyElement(name);
        for (int i = 0; i < attributes.length; i += 2) {
            w.writeAttribute(attributes[i], attributes[i + 1]);
        }
    }

    /** Padding plus approximate Verdana 11px advances. */
    static int width(String s) {
        double w = 10;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("iljI.,:;|!'`()[] ".indexOf(c) >= 0) {
                w += 3.9;
            } else if ("mwMW%@".indexOf(c) >= 0) {
                w += 10.5;
            } else if (Character.isUpperCase(c) || Character.isDigit(c) || c > 0x7f) {
                w += 7.6;
            } else {
                w += 6.7;
            }
        }
        return (int) Math.ceil(w);
    }
}

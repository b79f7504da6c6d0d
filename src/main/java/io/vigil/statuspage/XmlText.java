package io.vigil.statuspage;

/**
 * User text bound for an XML document (feeds, SVG badges). The stream writer escapes markup, but characters that XML
 * 1.0 forbids outright (most C0 controls, unpaired surrogates, U+FFFE/U+FFFF) would still make the document
 * unparseable, so they are replaced. Pure.
 */
public final class XmlText {

    private XmlText() {
    }

    public static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (b != null) {
                    b.append(c).append(s.charAt(i + 1));
                }
                i++;
                continue;
            }
            ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            if (!ok && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (b != null) {
                b.append(ok ? c : '\uFFFD');
            }
        }
        return b == null ? s : b.toString();
    }
}

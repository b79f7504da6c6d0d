package io.vigil.notify;

import java.util.List;

/**
 * Plain string helpers for channels that must keep a service's length limits. Format-neutral: they neither escape nor
 * know any markup, so a channel escapes (and, where an entity must not be cut, truncates) in its own format. Pure.
 */
public final class Text {

    /** What ends a truncated text. */
    public static final String ELLIPSIS = "…";

    private Text() {
    }

    /**
     * {@code text} within {@code max} characters (UTF-16 units, as services count them): as it is when it fits, else cut
     * to {@code max - 1} and ended with "…", never between the two halves of a surrogate pair (so one character fewer
     * then). A {@code max} of 1 or less leaves just "…".
     */
    public static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        if (max <= 1) {
            return ELLIPSIS;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + ELLIPSIS;
    }

    /**
     * The lines joined with newlines within {@code max} characters: as many whole lines as fit, the last one shown
     * followed by "… and N more" for those left out (room for that line is kept while lines remain). Lines are taken as
     * they are; a channel that wants each one shorter truncates them first.
     */
    public static String fitLines(List<String> lines, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String more = "\n… and " + (lines.size() - i - 1) + " more";
            int room = max - out.length() - (out.length() == 0 ? 0 : 1) - (i == lines.size() - 1 ? 0 : more.length());
            if (line.length() > room) {
                out.append(out.length() == 0 ? "" : "\n").append("… and ").append(lines.size() - i).append(" more");
                break;
            }
            out.append(out.length() == 0 ? "" : "\n").append(line);
        }
        return out.toString();
    }
}

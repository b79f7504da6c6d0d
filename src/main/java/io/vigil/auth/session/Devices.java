package io.vigil.auth.session;

import ua_parser.CachingParser;
import ua_parser.Client;
import ua_parser.Parser;

/**
 * A short name for a session's browser from its {@code User-Agent} ("Firefox on Linux", "Mobile Safari on iOS"), by
 * the ua-parser project's maintained list of patterns (uap-java). A header it cannot place shows its first words as
 * sent.
 */
final class Devices {

    /**
     * Loads the pattern list once; remembers recent answers (a user's sessions repeat the same few headers). Its cache
     * is not thread-safe, hence {@link #parse}.
     */
    private static final Parser PARSER = new CachingParser();
    private static final String OTHER = "Other";
    private static final int MAX = 400;

    private Devices() {
    }

    static String describe(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "Unknown device";
        }
        Client c = parse(userAgent.length() > MAX ? userAgent.substring(0, MAX) : userAgent);
        String browser = c.userAgent == null || OTHER.equals(c.userAgent.family) ? null : c.userAgent.family;
        String system = c.os == null || OTHER.equals(c.os.family) ? null : c.os.family;
        if (browser == null && system == null) {
            String shown = userAgent.replaceAll("\\p{Cntrl}", "");
            return shown.length() > 60 ? shown.substring(0, 60) + "…" : shown;
        }
        return (browser == null ? "Browser" : browser) + (system == null ? "" : " on " + system);
    }

    private static synchronized Client parse(String userAgent) {
        return PARSER.parse(userAgent);
    }
}

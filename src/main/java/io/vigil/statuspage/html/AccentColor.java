package io.vigil.statuspage.html;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A page's accent colour made safe to use: only {@code #rgb}/{@code #rrggbb} reaches the stylesheet (anything else
 * falls back to the default), and links keep a WCAG AA contrast (4.5:1) on both the light and the dark background.
 */
public record AccentColor(String light, String dark) {

    static final String DEFAULT = "#2563eb";
    private static final Pattern HEX = Pattern.compile("#([0-9a-f]{3}|[0-9a-f]{6})");
    private static final double[] LIGHT_BG = {1, 1, 1};
    private static final double[] DARK_BG = {0x0d / 255.0, 0x11 / 255.0, 0x17 / 255.0};

    public static AccentColor of(String configured) {
        String hex = configured == null ? DEFAULT : configured.trim().toLowerCase(Locale.ROOT);
        if (!HEX.matcher(hex).matches()) {
            hex = DEFAULT;
        }
        double[] rgb = rgb(hex);
        double[] light = rgb.clone();
        for (int i = 0; i < 40 && contrast(light, LIGHT_BG) < 4.5; i++) {
            light = mix(light, new double[]{0, 0, 0}, 0.08);
        }
        double[] dark = rgb.clone();
        for (int i = 0; i < 40 && contrast(dark, DARK_BG) < 4.5; i++) {
            dark = mix(dark, new double[]{1, 1, 1}, 0.08);
        }
        return new AccentColor(hex(light), hex(dark));
    }

    static double contrast(double[] a, double[] b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(double[] c) {
        double[] l = new double[3];
        for (int i = 0; i < 3; i++) {
            l[i] = c[i] <= 0.03928 ? c[i] / 12.92 : Math.pow((c[i] + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
    }

    private static double[] mix(double[] c, double[] towards, double amount) {
        return new double[]{c[0] + (towards[0] - c[0]) * amount, c[1] + (towards[1] - c[1]) * amount,
                c[2] + (towards[2] - c[2]) * amount};
    }

    private static double[] rgb(String hex) {
        String h = hex.length() == 4
                ? "" + hex.charAt(1) + hex.charAt(1) + hex.charAt(2) + hex.charAt(2) + hex.charAt(3) + hex.charAt(3)
                : hex.substring(1);
        int v = Integer.parseInt(h, 16);
        return new double[]{(v >> 16 & 0xff) / 255.0, (v >> 8 & 0xff) / 255.0, (v & 0xff) / 255.0};
    }

    private static String hex(double[] c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(c[0] * 255), Math.round(c[1] * 255), Math.round(c[2] * 255));
    }
}

package io.vigil.console;

import io.quarkus.qute.TemplateData;
import io.vigil.result.HourlyLatency;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * A check's last 24 hours of hourly average response time (all regions together) as SVG path data for a
 * {@code 0 0 96 24} box, 4 units an hour, with the last hour's average and a sentence for those who cannot see it.
 */
@TemplateData
public record Sparkline(String path, Long lastMs, String summary) {

    /** Whether there is anything to draw (a last hour of 0 ms is data too). */
    public boolean hasData() {
        return lastMs != null;
    }

    static final int HOURS = 24;
    static final double STEP = 96.0 / (HOURS - 1);
    static final double HEIGHT = 24;

    public static Sparkline of(List<HourlyLatency> hours, Instant now) {
        Instant end = now.truncatedTo(ChronoUnit.HOURS);
        long[] sum = new long[HOURS];
        long[] count = new long[HOURS];
        for (HourlyLatency h : hours) {
            long ago = Duration.between(h.hour(), end).toHours();
            if (ago >= 0 && ago < HOURS && h.samples() > 0) {
                int i = (int) (HOURS - 1 - ago);
                sum[i] += h.latencySumMs();
                count[i] += h.samples();
            }
        }
        long max = 0;
        long min = Long.MAX_VALUE;
        Long last = null;
        for (int i = 0; i < HOURS; i++) {
            if (count[i] > 0) {
                long avg = sum[i] / count[i];
                max = Math.max(max, avg);
                min = Math.min(min, avg);
                last = avg;
            }
        }
        if (last == null) {
            return new Sparkline("", null, "no response times in the last 24 hours");
        }
        StringBuilder path = new StringBuilder();
        boolean pen = false;
        for (int i = 0; i < HOURS; i++) {
            if (count[i] == 0) {
                pen = false;
                continue;
            }
            double y = HEIGHT - 2 - (max == 0 ? 0 : (HEIGHT - 4) * (sum[i] / count[i]) / (double) max);
            path.append(pen ? 'L' : 'M').append(String.format(Locale.ROOT, "%.1f %.1f", i * STEP, y));
            if (!pen) {
                path.append("h0"); // with round caps, an hour alone is a dot
            }
            pen = true;
        }
        return new Sparkline(path.toString(), last,
                String.format(Locale.ROOT, "response time over 24 hours: %d to %d ms, last hour %d ms", min, max, last));
    }
}

package io.vigil.statuspage.html;

import io.quarkus.qute.TemplateData;
import io.vigil.statuspage.StatusSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The last 24 hours of hourly average response times as SVG path data (a {@code 0 0 230 100} plot, one hour per 10
 * units, shown with a margin of 6 units left and right so that markers on the first and last hour stay whole), with a rounded scale and a sentence saying what the picture shows for those who cannot see it.
 *
 * @param path    the overall line ({@code M}/{@code L} commands; a gap where an hour has no data)
 * @param area    the same line closed to the baseline, for the soft fill under it
 * @param scale   the value at the top of the plot, e.g. "400 ms"
 * @param summary min/avg/max in words, e.g. "Response time, last 24 hours: min 80 ms, average 120 ms, max 310 ms"
 * @param regions one thinner line per region, shown when the check runs in more than one
 * @param marks   a round marker on each hour with data while there are few ({@link #FEW} or fewer, as for a new
 *                check), where a line alone would be a speck at the plot's edge; empty otherwise
 */
@TemplateData
public record ResponseTimeChart(String path, String area, String scale, String half, String summary, boolean empty,
                                List<RegionLine> regions, String marks) {

    /** Up to this many hours with data, each gets a marker. */
    static final int FEW = 6;

    static final double WIDTH = 230;
    static final double STEP = WIDTH / 23;

    @TemplateData
    public record RegionLine(String name, String path, String css, String average) {
    }

    public static ResponseTimeChart of(List<StatusSnapshot.Point> overall, Map<String, List<StatusSnapshot.Point>> perRegion) {
        Instant last = overall.isEmpty() ? Instant.EPOCH : overall.get(overall.size() - 1).at();
        long min = Long.MAX_VALUE;
        long max = 0;
        long sum = 0;
        int n = 0;
        for (StatusSnapshot.Point p : overall) {
            if (p.avgMs() != null) {
                min = Math.min(min, p.avgMs());
                max = Math.max(max, p.avgMs());
                sum += p.avgMs();
                n++;
            }
        }
        if (n == 0) {
            return new ResponseTimeChart("", "", "", "", "Response time, last 24 hours: no data yet", true, List.of(), "");
        }
        long regionMax = perRegion.size() > 1 ? perRegion.values().stream().flatMap(List::stream)
                .filter(p -> p.avgMs() != null && index(p.at(), last) >= 0).mapToLong(StatusSnapshot.Point::avgMs).max().orElse(0) : 0;
        long top = niceCeiling(Math.max(max, regionMax));
        String path = line(overall, last, top);
        String summary = String.format(Locale.ROOT, "Response time, last 24 hours: min %d ms, average %d ms, max %d ms", min, sum / n, max);
        if (n <= FEW) {
            summary += n == 1 ? " (1 hour of data so far)" : " (" + n + " hours of data so far)";
        }
        String marks = n <= FEW ? marks(overall, last, top) : "";
        List<RegionLine> regions = new ArrayList<>();
        if (perRegion.size() > 1) {
            int i = 0;
            for (Map.Entry<String, List<StatusSnapshot.Point>> e : perRegion.entrySet()) {
                long avg = Math.round(e.getValue().stream().filter(p -> p.avgMs() != null && index(p.at(), last) >= 0)
                        .mapToLong(StatusSnapshot.Point::avgMs).average().orElse(0));
                regions.add(new RegionLine(e.getKey(), line(e.getValue(), last, top), "r" + (i++ % 4), avg + " ms"));
            }
            summary += "; per region: " + String.join(", ", regions.stream().map(r -> r.name() + " " + r.average()).toList());
        }
        return new ResponseTimeChart(path, area(path), label(top), label(top / 2), summary, false, List.copyOf(regions), marks);
    }

    /** 0 for 23 hours before the last point, 23 for the last point; -1 outside the window. */
    private static int index(Instant at, Instant last) {
        long hours = Duration.between(at, last).toHours();
        return hours < 0 || hours > 23 ? -1 : (int) (23 - hours);
    }

    private static String line(List<StatusSnapshot.Point> points, Instant last, long top) {
        StringBuilder b = new StringBuilder(points.size() * 14);
        int previous = -2;
        for (StatusSnapshot.Point p : points) {
            int i = index(p.at(), last);
            if (p.avgMs() == null || i < 0) {
                continue;
            }
            double x = i * STEP;
            double y = 98 - 92.0 * p.avgMs() / top;
            b.append(i == previous + 1 ? 'L' : 'M').append(num(x)).append(' ').append(num(y));
            if (i != previous + 1) {
                // a lone hour still shows: a zero-length segment drawn with round caps is a dot
                b.append("h0.01");
            }
            previous = i;
        }
        return b.toString();
    }

    /** A dot (a zero-length segment drawn with round caps) on every hour with data. */
    private static String marks(List<StatusSnapshot.Point> points, Instant last, long top) {
        StringBuilder b = new StringBuilder();
        for (StatusSnapshot.Point p : points) {
            int i = index(p.at(), last);
            if (p.avgMs() != null && i >= 0) {
                b.append('M').append(num(i * STEP)).append(' ').append(num(98 - 92.0 * p.avgMs() / top)).append("h0.01");
            }
        }
        return b.toString();
    }

    /** Each run of the line closed down to the baseline. */
    private static String area(String path) {
        StringBuilder b = new StringBuilder(path.length() + 64);
        for (String run : path.split("(?=M)")) {
            if (run.isEmpty()) {
                continue;
            }
            String[] first = run.substring(1).split("[ Lh]");
            String body = run.replace("h0.01", "");
            int lastL = body.lastIndexOf('L');
            String lastX = lastL < 0 ? first[0] : body.substring(lastL + 1).split(" ")[0];
            b.append(body).append("L").append(lastX).append(" 100L").append(first[0]).append(" 100Z");
        }
        return b.toString();
    }

    static long niceCeiling(long value) {
        long v = Math.max(value, 10);
        long magnitude = 1;
        while (magnitude * 10 <= v) {
            magnitude *= 10;
        }
        for (long tenths : new long[]{10, 20, 25, 50, 100}) {
            if (tenths * magnitude / 10 >= v) {
                return tenths * magnitude / 10;
            }
        }
        return 10 * magnitude;
    }

    private static String label(long ms) {
        return ms >= 10_000 ? (ms / 1000) + " s" : ms + " ms";
    }

    private static String num(double v) {
        long r = Math.round(v * 10);
        return r % 10 == 0 ? Long.toString(r / 10) : (r / 10) + "." + Math.abs(r % 10);
    }
}

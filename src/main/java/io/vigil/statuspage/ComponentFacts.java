package io.vigil.statuspage;

import io.vigil.maintenance.MaintenanceView;
import io.vigil.result.DailyUptime;
import io.vigil.result.HourlyLatency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The per-component figures of a snapshot, worked out from the read models' records. Pure. */
final class ComponentFacts {

    private ComponentFacts() {
    }

    /** The day bars and the availability over them; {@code percent} null without data. */
    record Uptime(List<StatusSnapshot.Day> days, Double percent) {
    }

    /** Hourly averages over the last 24 hours, all regions together and per region, and the latest hour's. */
    record Latency(List<StatusSnapshot.Point> overall, Map<String, List<StatusSnapshot.Point>> perRegion, Long latestMs) {
    }

    /**
     * {@code count} UTC days from {@code firstDay}, oldest first. A day before the check existed ({@code created}, null
     * when unknown) has no data and counts for nothing, whatever rollups say.
     */
    static Uptime days(Map<LocalDate, DailyUptime> perDay, Instant firstDay, int count, Instant created,
                       List<StatusSnapshot.Incident> incidents) {
        LocalDate born = created == null ? null : LocalDate.ofInstant(created, ZoneOffset.UTC);
        List<StatusSnapshot.Day> days = new ArrayList<>(count);
        long up = 0;
        long down = 0;
        for (int i = 0; i < count; i++) {
            LocalDate date = LocalDate.ofInstant(firstDay.plus(i, ChronoUnit.DAYS), ZoneOffset.UTC);
            DailyUptime d = born != null && date.isBefore(born) ? null : perDay.get(date);
            List<String> names = new ArrayList<>();
            for (StatusSnapshot.Incident inc : incidents) {
                if (touches(inc, date)) {
                    names.add(inc.title());
                }
            }
            if (d == null) {
                days.add(new StatusSnapshot.Day(date, null, 0, 0, names));
                continue;
            }
            days.add(new StatusSnapshot.Day(date, StatusRules.percent(d.up(), d.down()), d.up(), d.down(), names));
            up += d.up();
            down += d.down();
        }
        return new Uptime(List.copyOf(days), StatusRules.percent(up, down));
    }

    /** The 24 hours ending with {@code hour}, from the check's hourly latency records. */
    static Latency latency(List<HourlyLatency> hours, Instant hour) {
        Map<String, List<StatusSnapshot.Point>> perRegion = new LinkedHashMap<>();
        TreeMap<Instant, long[]> overall = new TreeMap<>();
        Map<String, TreeMap<Instant, HourlyLatency>> byRegion = new TreeMap<>();
        hours.forEach(h -> byRegion.computeIfAbsent(h.region(), k -> new TreeMap<>()).put(h.hour(), h));
        byRegion.forEach((region, series) -> {
            List<StatusSnapshot.Point> points = new ArrayList<>();
            series.forEach((at, h) -> {
                points.add(new StatusSnapshot.Point(at, h.samples() == 0 ? null : h.latencySumMs() / h.samples()));
                long[] sum = overall.computeIfAbsent(at, k -> new long[2]);
                sum[0] += h.latencySumMs();
                sum[1] += h.samples();
            });
            perRegion.put(region, points);
        });
        List<StatusSnapshot.Point> line = new ArrayList<>(24);
        for (int i = 23; i >= 0; i--) {
            Instant at = hour.minus(i, ChronoUnit.HOURS);
            long[] v = overall.get(at);
            line.add(new StatusSnapshot.Point(at, v == null || v[1] == 0 ? null : v[0] / v[1]));
        }
        long[] last = overall.isEmpty() ? null : overall.lastEntry().getValue();
        return new Latency(line, perRegion, last == null || last[1] == 0 ? null : last[0] / last[1]);
    }

    private static boolean touches(StatusSnapshot.Incident i, LocalDate date) {
        Instant start = date.atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = start.plus(1, ChronoUnit.DAYS);
        return i.startedAt().isBefore(end) && (i.resolvedAt() == null || !i.resolvedAt().isBefore(start));
    }

    /** A digest of everything shown, so an unchanged page keeps its ETag across recomputations. */
    static String version(StatusSnapshot.PageInfo page, List<StatusSnapshot.Component> components,
                          List<StatusSnapshot.Incident> incidents, List<MaintenanceView> windows,
                          List<StatusSnapshot.CompletedMaintenance> completed, Instant firstDay) {
        StringBuilder b = new StringBuilder().append(page.updatedAt()).append(firstDay);
        for (StatusSnapshot.Component c : components) {
            b.append(c.status()).append(c.failingRegions()).append(c.uptime90()).append(c.uptime24h()).append(c.latencyMs());
            c.days().forEach(d -> b.append(d.uptime()).append(',').append(d.incidents().size()));
            c.latency().forEach(p -> b.append(p.avgMs()).append(','));
        }
        incidents.forEach(i -> b.append(i.id()).append(i.state()).append(i.updatedAt()).append(i.updates().size()));
        windows.forEach(w -> b.append(w.id()).append(w.active()).append(w.nextStart()));
        completed.forEach(w -> b.append(w.id()).append(w.name()).append(w.endsAt()).append(w.componentIds()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

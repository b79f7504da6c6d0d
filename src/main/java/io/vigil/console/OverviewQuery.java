package io.vigil.console;

import io.vigil.check.CheckOverview.Line;
import io.vigil.core.CheckStatus;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the overview was asked for: filters (text in name or target, state, tag, type, region), a sort and a page.
 * Pure: applied to every check of the workspace at once, so counts and filters cover all of them.
 */
public record OverviewQuery(String q, CheckStatus state, String tag, String type, String region, Sort sort, int page) {

    public static final int PAGE_SIZE = 50;

    /** Orders of the list; {@code STATE} puts what needs attention first. */
    public enum Sort {
        STATE, NAME, NEWEST;

        static Sort of(String s) {
            for (Sort v : values()) {
                if (v.name().equalsIgnoreCase(s == null ? "" : s.strip())) {
                    return v;
                }
            }
            return STATE;
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Attention order: down first, then degraded, unknown, pending, maintenance, up, paused. */
    private static final List<CheckStatus> ATTENTION = List.of(CheckStatus.DOWN, CheckStatus.DEGRADED, CheckStatus.UNKNOWN,
            CheckStatus.PENDING, CheckStatus.MAINTENANCE, CheckStatus.UP, CheckStatus.PAUSED);

    /** From the query string as sent; an unknown state or sort is ignored (the page says what it shows), never a 500. */
    public static OverviewQuery parse(String q, String state, String tag, String type, String region, String sort, String page) {
        CheckStatus s = null;
        try {
            s = state == null || state.isBlank() ? null : CheckStatus.of(state.strip());
        } catch (IllegalArgumentException e) {
            s = null;
        }
        int p;
        try {
            p = page == null || page.isBlank() ? 1 : Math.min(1_000_000, Math.max(1, Integer.parseInt(page.strip())));
        } catch (NumberFormatException e) {
            p = 1;
        }
        return new OverviewQuery(blank(q), s, blank(tag), blank(type), blank(region), Sort.of(sort), p);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : (s.length() > 200 ? s.substring(0, 200) : s).strip();
    }

    /** How many checks are in each state, of all of them. */
    public static Map<CheckStatus, Integer> counts(List<Line> all) {
        Map<CheckStatus, Integer> counts = new EnumMap<>(CheckStatus.class);
        for (CheckStatus s : ATTENTION) {
            counts.put(s, 0);
        }
        all.forEach(l -> counts.merge(l.status(), 1, Integer::sum));
        return counts;
    }

    /** The matching checks, sorted. */
    public List<Line> apply(List<Line> all) {
        return all.stream().filter(matches()).sorted(comparator()).toList();
    }

    /** The lines of the asked page (the last one if asked beyond it). */
    public List<Line> page(List<Line> matching) {
        int from = Math.min((lastPage(matching.size()) - 1) * PAGE_SIZE, Math.max(0, (page - 1) * PAGE_SIZE));
        return matching.subList(from, Math.min(matching.size(), from + PAGE_SIZE));
    }

    public static int lastPage(int matching) {
        return Math.max(1, (matching + PAGE_SIZE - 1) / PAGE_SIZE);
    }

    private Predicate<Line> matches() {
        String text = q == null ? null : q.toLowerCase(Locale.ROOT);
        return l -> (text == null || l.name().toLowerCase(Locale.ROOT).contains(text)
                        || (l.target() != null && l.target().toLowerCase(Locale.ROOT).contains(text)))
                && (state == null || l.status() == state)
                && (tag == null || l.tags().contains(tag))
                && (type == null || l.type().equals(type))
                && (region == null || l.regions().contains(region));
    }

    private Comparator<Line> comparator() {
        Comparator<Line> byName = Comparator.comparing((Line l) -> l.name().toLowerCase(Locale.ROOT)).thenComparing(Line::id);
        return switch (sort) {
            case NAME -> byName;
            case NEWEST -> Comparator.comparing(Line::createdAt).reversed().thenComparing(Line::id);
            case STATE -> Comparator.comparingInt((Line l) -> ATTENTION.indexOf(l.status())).thenComparing(byName);
        };
    }

    /** This query's link to another page, keeping the filters. */
    public String link(int toPage) {
        StringBuilder b = new StringBuilder("/console?");
        param(b, "q", q);
        param(b, "state", state == null ? null : state.wire());
        param(b, "tag", tag);
        param(b, "type", type);
        param(b, "region", region);
        param(b, "sort", sort == Sort.STATE ? null : sort.wire());
        param(b, "page", toPage <= 1 ? null : Integer.toString(toPage));
        return b.charAt(b.length() - 1) == '?' || b.charAt(b.length() - 1) == '&' ? b.substring(0, b.length() - 1) : b.toString();
    }

    private static void param(StringBuilder b, String name, String value) {
        if (value != null) {
            b.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
        }
    }
}

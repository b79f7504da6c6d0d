package io.vigil.statuspage;

import io.vigil.core.CheckStatus;

import java.util.Comparator;
import java.util.List;

/** How a page's components, and the page itself, are judged from the checks' verdicts (the wire contract's rules). */
public final class StatusRules {

    /** Component statuses from least to most severe. */
    public static final List<String> SEVERITY = List.of("operational", "under_maintenance", "degraded_performance",
            "partial_outage", "major_outage");

    private StatusRules() {
    }

    /** Contract: major when down, partial when some regions fail, degraded when slow, maintenance, else operational. */
    static String componentStatus(CheckStatus checkStatus, List<String> failing, boolean inMaintenance) {
        if (inMaintenance || checkStatus == CheckStatus.MAINTENANCE) {
            return "under_maintenance";
        }
        if (checkStatus == CheckStatus.DOWN) {
            return "major_outage";
        }
        if (checkStatus == CheckStatus.DEGRADED) {
            return failing.isEmpty() ? "degraded_performance" : "partial_outage";
        }
        return "operational";
    }

    /** The worst of these statuses ({@code operational} for none). */
    public static String worst(List<String> statuses) {
        return statuses.stream().max(Comparator.comparingInt(SEVERITY::indexOf)).orElse("operational");
    }

    static String pageStatus(List<StatusSnapshot.Component> components) {
        return worst(components.stream().map(StatusSnapshot.Component::status).toList());
    }

    /** Contract: none all operational; minor any degraded/partial; major any major outage; critical half or more major. */
    static String indicator(List<StatusSnapshot.Component> components) {
        long major = components.stream().filter(c -> "major_outage".equals(c.status())).count();
        if (major > 0 && major * 2 >= components.size()) {
            return "critical";
        }
        if (major > 0) {
            return "major";
        }
        boolean minor = components.stream().anyMatch(c -> "degraded_performance".equals(c.status()) || "partial_outage".equals(c.status()));
        return minor ? "minor" : "none";
    }

    /**
     * The banner, which names the worst component's state (so it never reads milder than a component below it): a
     * major outage of half the page or more is a "Major System Outage", of fewer components a "Major Outage".
     */
    static String headline(String status, String indicator) {
        return switch (status) {
            case "major_outage" -> "critical".equals(indicator) ? "Major System Outage" : "Major Outage";
            case "partial_outage" -> "Partial System Outage";
            case "degraded_performance" -> "Partially Degraded Service";
            case "under_maintenance" -> "Service Under Maintenance";
            default -> "All Systems Operational";
        };
    }

    static Double percent(long up, long down) {
        long judged = up + down;
        return judged == 0 ? null : Math.round(100_000.0 * up / judged) / 1000.0;
    }
}

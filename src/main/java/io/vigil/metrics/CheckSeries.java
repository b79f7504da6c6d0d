package io.vigil.metrics;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.GaugeMetricFamily;
import io.vigil.check.CheckRegistry;
import io.vigil.check.CheckSpec;
import io.vigil.core.CheckStatus;
import io.vigil.verdict.VerdictTracker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The per-check series, read from the verdicts held in memory when scraped. They name checks, so they never join
 * Vigil's own meters: a workspace reads its own at {@code /api/v1/metrics}, {@code /q/metrics} all of them only
 * when {@code vigil.metrics.checks-public} says so.
 */
@ApplicationScoped
public class CheckSeries {

    static final String UP = "vigil_check_up";
    private static final String UP_HELP = "1 when the check is up or degraded, 0 when down; absent until its first verdict";

    @Inject
    CheckRegistry checks;
    @Inject
    VerdictTracker verdicts;

    /** The series of one workspace's checks. */
    public List<MetricFamilySamples> of(UUID workspaceId) {
        GaugeMetricFamily up = new GaugeMetricFamily(UP, UP_HELP, List.of("check", "name"));
        judged().filter(c -> c.workspaceId().equals(workspaceId))
                .forEach(c -> up.addMetric(List.of(c.id().toString(), c.name()), value(c)));
        return List.of(up);
    }

    /** The series of every workspace's checks, labelled with their workspace. */
    public List<MetricFamilySamples> all() {
        GaugeMetricFamily up = new GaugeMetricFamily(UP, UP_HELP, List.of("workspace", "check", "name"));
        judged().forEach(c -> up.addMetric(List.of(c.workspaceId().toString(), c.id().toString(), c.name()), value(c)));
        return List.of(up);
    }

    private Stream<CheckSpec> judged() {
        return checks.all().stream()
                .filter(c -> verdicts.status(c.id()) != CheckStatus.PENDING)
                .sorted(Comparator.comparing(CheckSpec::name).thenComparing(CheckSpec::id));
    }

    private double value(CheckSpec check) {
        return verdicts.status(check.id()) == CheckStatus.DOWN ? 0 : 1;
    }
}

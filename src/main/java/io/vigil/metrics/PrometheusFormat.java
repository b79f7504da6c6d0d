package io.vigil.metrics;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.Collector;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vigil.VigilConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * {@code /q/metrics}: the Prometheus text format (0.0.4) unless the client asks for OpenMetrics (Quarkus would answer
 * OpenMetrics to anything that does not name {@code text/plain}, {@code curl}'s {@code *}{@code /*} too), and the
 * per-check series of every workspace only where {@code vigil.metrics.checks-public} is set.
 */
@ApplicationScoped
public class PrometheusFormat {

    static final String OPENMETRICS = "application/openmetrics-text";

    @Inject
    MetricsConfig config;
    @Inject
    VigilConfig vigil;
    @Inject
    PrometheusMeterRegistry prometheus;
    @Inject
    CheckSeries series;
    @ConfigProperty(name = "quarkus.micrometer.export.prometheus.path")
    String path;

    void textUnlessOpenMetricsAsked(@Observes Router router) {
        router.route(path).order(Integer.MIN_VALUE).handler(rc -> {
            // Quarkus picks text 0.0.4 only when Accept names text/plain and OpenMetrics otherwise; Vigil picks
            // OpenMetrics when Accept names it (as Prometheus does) and text 0.0.4 otherwise, as /api/v1/metrics does.
            String accept = rc.request().getHeader(HttpHeaders.ACCEPT);
            boolean openMetrics = accept != null && accept.contains(OPENMETRICS);
            rc.request().headers().set(HttpHeaders.ACCEPT, openMetrics ? OPENMETRICS + ", */*;q=0.1" : "text/plain");
            rc.next();
        });
    }

    void publishChecks(@Observes StartupEvent event) {
        if (config.checksPublic() && !vigil.agentMode()) {
            new Collector() {
                @Override
                public List<MetricFamilySamples> collect() {
                    return series.all();
                }
            }.register(prometheus.getPrometheusRegistry());
        }
    }
}

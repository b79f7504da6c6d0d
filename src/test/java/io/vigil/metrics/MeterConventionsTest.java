package io.vigil.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Meters registered the way Vert.x and the relay register theirs leave as series promtool has nothing to say about. */
class MeterConventionsTest {

    @Test
    void namelessClientMetersCamelCaseTagsAndRelayMetersComeOutConventional() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new MeterConventions().conventions());
        registry.counter(".reset", "clientName", "<default>", "clientType", "sql").increment();
        registry.counter("vigil_notifications_sent_total", "type", "slack", "outcome", "delivered").increment();
        Timer.builder("vigil_notification_send_seconds").tag("type", "slack").register(registry)
                .record(Duration.ofMillis(12));
        Counter.builder("vigil_own_total").description("Kept as given").register(registry).increment();

        String text = registry.scrape(TextFormat.CONTENT_TYPE_004);
        assertThat(text).contains("sql_client_reset_total{client_name=\"<default>\",client_type=\"sql\",} 1.0")
                .doesNotContain("m__").doesNotContain("clientName")
                .contains("# HELP vigil_notifications_sent_total Notification sends by channel type and outcome")
                .contains("# HELP vigil_notification_send_seconds Time one notification send took")
                .contains("# HELP vigil_own_total Kept as given");
        Promtool.Verdict verdict = Promtool.check(text);
        assertThat(verdict.lines()).as("promtool").filteredOn(l -> !l.startsWith("sql_client_reset_total no help"))
                .isEmpty();
    }

    @Test
    void snakeCase() {
        assertThat(MeterConventions.snake("clientName")).isEqualTo("client_name");
        assertThat(MeterConventions.snake("pool_type")).isEqualTo("pool_type");
        assertThat(MeterConventions.snake("uri")).isEqualTo("uri");
    }
}

package io.vigil.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps every meter within Prometheus conventions (what {@code promtool check metrics} lints): snake_case label
 * names, no family without a name, a HELP line for each of Vigil's own series.
 */
@Singleton
public class MeterConventions {

    private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");

    /** HELP for Vigil meters registered where no description is given (the notification relay's). */
    private static final Map<String, String> HELP = Map.of(
            "vigil_notifications_sent_total", "Notification sends by channel type and outcome (delivered, failed)",
            "vigil_notification_send_seconds", "Time one notification send took, by channel type");

    @Produces
    @Singleton
    MeterFilter conventions() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return conventional(id);
            }
        };
    }

    static Meter.Id conventional(Meter.Id id) {
        String name = id.getName();
        if (name.startsWith(".")) {
            // Vert.x names client meters after the client's metrics name; a connection made without one (the
            // relay's LISTEN connection) would otherwise become the family "m__reset_total".
            String type = id.getTag("clientType");
            name = (type == null ? "client" : type) + "_client" + name;
        }
        List<Tag> tags = id.getTags().stream().map(t -> Tag.of(snake(t.getKey()), t.getValue())).toList();
        String description = id.getDescription() == null ? HELP.get(name) : id.getDescription();
        return new Meter.Id(name, Tags.of(tags), id.getBaseUnit(), description, id.getType());
    }

    static String snake(String key) {
        return CAMEL.matcher(key).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    }
}

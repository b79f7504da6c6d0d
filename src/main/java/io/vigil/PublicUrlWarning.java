package io.vigil;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.Set;

/**
 * Feeds, Statuspage JSON, webhook links and heartbeat ping URLs are built from {@code vigil.public-url}. Left unset,
 * they all say {@code http://localhost:8080}, which is wrong for everyone but the person at this machine: say so at start.
 */
@Singleton
public class PublicUrlWarning {

    private static final Logger LOG = Logger.getLogger(PublicUrlWarning.class);
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    void onStart(@Observes StartupEvent event, Config config) {
        warning(explicit(config), config.getOptionalValue("quarkus.http.host", String.class).orElse("0.0.0.0"))
                .ifPresent(LOG::warn);
    }

    /** The value of vigil.public-url when someone set it (not the built-in default). */
    static Optional<String> explicit(Config config) {
        var value = config.getConfigValue("vigil.public-url");
        boolean fromDefault = value.getRawValue() == null || value.getSourceName() == null
                || value.getSourceName().contains("Default") || value.getSourceName().contains("ConfigMapping");
        return fromDefault ? Optional.empty() : Optional.of(value.getValue());
    }

    /** The warning to log, if any: the public URL is unset while the server listens beyond loopback. */
    static Optional<String> warning(Optional<String> publicUrl, String httpHost) {
        if (publicUrl.isPresent() || LOOPBACK.contains(httpHost)) {
            return Optional.empty();
        }
        return Optional.of("VIGIL_PUBLIC_URL (vigil.public-url) is not set: links in feeds, status-page JSON, "
                + "webhooks and heartbeat ping URLs will say http://localhost:8080. Set it to the address people reach "
                + "Vigil at, e.g. VIGIL_PUBLIC_URL=https://status.example.com");
    }
}

package io.vigil.probe;

import io.smallrye.mutiny.Uni;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Runs an HTTP check once: turns the check's settings into an {@link OutboundRequest} and returns the raw
 * {@link HttpExchange}. Assertions on the exchange are evaluated elsewhere.
 */
public final class HttpProbe {

    /**
     * The parts of an HTTP check the probe needs.
     *
     * @param timeout null means the client's default
     */
    public record Settings(URI url, String method, Map<String, String> headers, String body, Duration timeout,
                           boolean followRedirects) {

        public Settings {
            Objects.requireNonNull(url, "url");
        }

        public static Settings get(URI url, Duration timeout) {
            return new Settings(url, "GET", Map.of(), null, timeout, true);
        }
    }

    private final GuardedHttpClient client;

    public HttpProbe(GuardedHttpClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Never fails for network problems; see {@link HttpExchange#error()}. */
    public Uni<HttpExchange> run(Settings settings) {
        GuardedHttpClient.Options o = client.options();
        return client.send(new OutboundRequest(settings.method(), settings.url(), settings.headers(), settings.body(),
                settings.timeout(), settings.followRedirects(), o.maxRedirects(), o.maxBodyBytes()));
    }
}

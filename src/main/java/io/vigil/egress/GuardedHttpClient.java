package io.vigil.egress;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.TrustOptions;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The one outbound HTTP client of Vigil. Every request, and every redirect hop, goes through the same steps:
 *
 * <ol>
 *   <li>scheme and host-spelling check (http/https only; no ambiguous IPv4 spellings such as {@code 0177.0.0.1})
 *       via {@link EgressPolicy#urlError(URI)};</li>
 *   <li>non-blocking name resolution with Vert.x's own (Netty, asynchronous) resolver; IP literals skip it;</li>
 *   <li>{@link EgressPolicy#refusal(InetAddress)} on the resolved address: a refused address never gets a
 *       connection, the exchange ends with {@link ErrorClass#BLOCKED};</li>
 *   <li>a fresh connection (keep-alive off) to exactly that checked IP ({@link RequestOptions#setServer}), while the
 *       Host header, SNI and certificate hostname verification use the URL's host name, so DNS rebinding between the
 *       check and the connect cannot redirect the request;</li>
 *   <li>the response body is read up to a cap; past it the connection is closed and the exchange marked truncated.</li>
 * </ol>
 *
 * <h2>Timings</h2>
 * All are wall-clock milliseconds measured with {@link System#nanoTime()} on the event loop; phase timings describe the
 * final hop, {@code totalMs} the whole exchange including redirects.
 * <ul>
 *   <li>{@code dnsMs}: from calling the resolver to its answer; null when the host is an IP literal.</li>
 *   <li>{@code connectMs}: from asking Vert.x for the connection to the TCP connection being up (for https: to the
 *       first TLS handshake message, which Netty sends as soon as TCP is connected).</li>
 *   <li>{@code tlsMs}: https only, from the first to the last handshake message, observed by the
 *       {@link HandshakeTimingEngine} every client TLS engine is wrapped in.</li>
 *   <li>{@code firstByteMs}: from writing the request to receiving the complete response head (status line and
 *       headers) — server think time plus one round trip.</li>
 *   <li>{@code totalMs}: from {@link #send} starting work to the result (end of body, cap reached, or failure).</li>
 * </ul>
 *
 * <p>Network problems are never a failed {@link Uni}: they come back as {@link HttpExchange#error()}. The work of one
 * request lives in {@link Exchange}; failures are put into words by {@link Failures}.
 */
public final class GuardedHttpClient implements AutoCloseable {

    /** Client-wide settings. */
    public record Options(Duration defaultTimeout, int maxBodyBytes, int maxRedirects, TrustOptions trustOptions,
                          String userAgent) {

        public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
        public static final int DEFAULT_MAX_REDIRECTS = 10;

        public Options {
            defaultTimeout = defaultTimeout == null || defaultTimeout.isZero() || defaultTimeout.isNegative()
                    ? Duration.ofSeconds(30) : defaultTimeout;
            maxBodyBytes = maxBodyBytes > 0 ? maxBodyBytes : DEFAULT_MAX_BODY_BYTES;
            maxRedirects = maxRedirects > 0 ? maxRedirects : DEFAULT_MAX_REDIRECTS;
            userAgent = userAgent == null || userAgent.isBlank() ? "Vigil/0.1 (uptime monitor)" : userAgent;
        }

        /** 30 s timeout, 64 KiB body cap, 10 redirects, the JVM's default trust store. */
        public static Options defaults() {
            return new Options(null, 0, 0, null, null);
        }

        /**
         * Trust anchors used instead of the JVM default trust store (chain and hostname are still verified). Meant for
         * operators with a private CA, and for tests.
         */
        public Options withTrustOptions(TrustOptions trust) {
            return new Options(defaultTimeout, maxBodyBytes, maxRedirects, trust, userAgent);
        }

        public Options withDefaultTimeout(Duration timeout) {
            return new Options(timeout, maxBodyBytes, maxRedirects, trustOptions, userAgent);
        }
    }

    private final Vertx vertx;
    private final EgressPolicy policy;
    private final Options options;
    private final HttpClient client;
    private final GuardedResolver resolver;

    public GuardedHttpClient(Vertx vertx, EgressPolicy policy) {
        this(vertx, policy, Options.defaults());
    }

    public GuardedHttpClient(io.vertx.mutiny.core.Vertx vertx, EgressPolicy policy, Options options) {
        this(vertx.getDelegate(), policy, options);
    }

    public GuardedHttpClient(Vertx vertx, EgressPolicy policy, Options options) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.options = options == null ? Options.defaults() : options;
        this.resolver = new GuardedResolver(vertx, policy);
        HttpClientOptions http = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setUseAlpn(false)
                .setKeepAlive(false)          // a fresh connection per request: connect/TLS timings are real
                .setPipelining(false)
                .setTrustAll(false)           // never: chain is always verified...
                .setVerifyHost(true)          // ...and so is the host name (against the URL host, not the IP)
                .setDecompressionSupported(false)
                .setSslEngineOptions(new HandshakeTimingEngineOptions())   // splits connect from TLS time
                .setMaxRedirects(0)
                // Backstops only: the per-exchange deadline below is what callers see.
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, this.options.defaultTimeout.toMillis() * 2))
                .setSslHandshakeTimeout(this.options.defaultTimeout.toMillis() * 2)
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
        if (this.options.trustOptions != null) {
            http.setTrustOptions(this.options.trustOptions);
        }
        // Pool keys are (server IP, host, port, ssl); with keep-alive off every request opens its own connection,
        // so the pool only limits concurrency per target. Keep it generous and unqueued-bounded.
        this.client = vertx.createHttpClient(http, new PoolOptions().setHttp1MaxSize(256).setMaxWaitQueueSize(-1));
    }

    public EgressPolicy policy() {
        return policy;
    }

    public Options options() {
        return options;
    }

    /**
     * Performs the request. The Uni never fails for network or policy problems; it emits an {@link HttpExchange}
     * carrying the error instead. It emits on a Vert.x event-loop thread. Cancelling it aborts the exchange and
     * closes any open connection.
     */
    public Uni<HttpExchange> send(OutboundRequest request) {
        Objects.requireNonNull(request, "request");
        return Uni.createFrom().emitter(emitter -> {
            Context ctx = eventLoopContext();
            Exchange exchange = new Exchange(vertx, client, resolver, options, request, emitter::complete);
            emitter.onTermination(() -> ctx.runOnContext(v -> exchange.abort()));
            ctx.runOnContext(v -> exchange.start());
        });
    }

    @Override
    public void close() {
        client.close();
    }

    private Context eventLoopContext() {
        Context current = vertx.getOrCreateContext();
        if (current.isEventLoopContext()) {
            return current;
        }
        return ((VertxInternal) vertx).createEventLoopContext();
    }

    /** The URL's host as a connection needs it: IPv6 literals without their brackets. */
    public static String hostOf(URI url) {
        return HttpUrls.hostOf(url);
    }

    /** The first human-readable message in a cause chain, as {@code ": message"}, or empty; never a class name. */
    public static String describe(Throwable t) {
        return Failures.describe(t);
    }
}

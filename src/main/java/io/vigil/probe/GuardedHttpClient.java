package io.vigil.probe;

import io.netty.util.NetUtil;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one outbound HTTP client of Vigil. Every request, and every redirect hop, goes through the same steps:
 *
 * <ol>
 *   <li>scheme check (http/https only) via {@link EgressPolicy#refusal(URI)};</li>
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
 * <p>Network problems are never a failed {@link Uni}: they come back as {@link HttpExchange#error()}.
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

    private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);
    private static final String[] CREDENTIAL_HEADERS = {"authorization", "proxy-authorization", "cookie"};

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
            Exchange exchange = new Exchange(request, emitter::complete);
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

    /** State of one exchange. Confined to one event-loop context, so no synchronization is needed. */
    private final class Exchange {
        private final OutboundRequest request;
        private final Consumer<HttpExchange> done;
        private final long startNanos = System.nanoTime();
        private final long timeoutMs;
        private final int maxBodyBytes;
        private final int maxRedirects;
        private final List<String> redirects = new ArrayList<>();
        private final Set<String> visited = new LinkedHashSet<>();

        private boolean finished;
        private long timerId = -1;
        private String phase = "starting";

        private URI url;
        private String method;
        private String body;
        private Map<String, String> headers;

        private Long dnsMs;
        private Long connectMs;
        private Long tlsMs;
        private Long firstByteMs;
        private TlsInfo tls;
        private HttpConnection connection;
        private Integer status;
        private Map<String, List<String>> responseHeaders;
        private Buffer responseBody;
        private boolean truncated;

        Exchange(OutboundRequest request, Consumer<HttpExchange> done) {
            this.request = request;
            this.done = done;
            Duration t = request.timeout();
            this.timeoutMs = t == null || t.isZero() || t.isNegative() ? options.defaultTimeout.toMillis() : Math.max(1, t.toMillis());
            this.maxBodyBytes = request.maxBodyBytes() > 0 ? request.maxBodyBytes() : options.maxBodyBytes;
            this.maxRedirects = request.maxRedirects() > 0 ? request.maxRedirects() : options.maxRedirects;
            this.method = request.method();
            this.body = request.body();
            this.headers = new LinkedHashMap<>(request.headers());
        }

        void start() {
            timerId = vertx.setTimer(timeoutMs, id -> onDeadline());
            visited.add(request.url().normalize().toString());
            hop(request.url());
        }

        void abort() {
            if (!finished) {
                finished = true;
                vertx.cancelTimer(timerId);
                closeConnection();
            }
        }

        private void hop(URI target) {
            url = target;
            dnsMs = null;
            connectMs = null;
            tlsMs = null;
            firstByteMs = null;
            tls = null;
            connection = null;
            status = null;
            responseHeaders = null;
            responseBody = null;
            truncated = false;

            Optional<String> urlRefusal = policy.refusal(target);
            if (urlRefusal.isPresent()) {
                ErrorClass cls = EgressPolicy.schemeAllowed(target.getScheme()) ? ErrorClass.HTTP : ErrorClass.BLOCKED;
                fail(cls, urlRefusal.get());
                return;
            }
            String host = hostOf(target);
            boolean https = target.getScheme().equalsIgnoreCase("https");
            int port = target.getPort() > 0 ? target.getPort() : (https ? 443 : 80);

            phase = "resolving " + host;
            resolver.resolve(host, outcome -> {
                if (finished) {
                    return;
                }
                dnsMs = outcome.dnsMs();
                if (outcome.error() != null) {
                    fail(outcome.error());
                } else {
                    connect(outcome.address(), host, port, https);
                }
            });
        }

        private void connect(InetAddress address, String host, int port, boolean https) {
            String ip = NetUtil.toAddressString(address);
            String target = (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
            phase = https ? "connecting to " + target + " (TCP and TLS handshake)" : "connecting to " + target;

            RequestOptions ro;
            try {
                ro = requestOptions(ip, host, port, https);
            } catch (IllegalArgumentException e) {
                fail(ErrorClass.HTTP, "invalid request: " + e.getMessage());
                return;
            }

            long connectStart = System.nanoTime();
            io.vertx.core.Future<HttpClientRequest> pending;
            try {
                pending = client.request(ro);
            } catch (RuntimeException e) {   // e.g. the client was closed during shutdown
                fail(ErrorClass.CONNECT, "could not start the request to " + target + describe(e));
                return;
            }
            pending.onComplete(ar -> {
                if (finished) {
                    if (ar.succeeded()) {
                        ar.result().connection().close();   // the deadline passed while connecting
                    }
                    return;
                }
                if (ar.failed()) {
                    ProbeError e = classifyConnectFailure(ar.cause(), host, target, https);
                    fail(e.errorClass(), e.message());
                    return;
                }
                connectMs = millisSince(connectStart);
                HttpClientRequest req = ar.result();
                connection = req.connection();
                if (https) {
                    tls = tlsInfo(connection);
                    splitHandshake(connectStart);
                }
                phase = "waiting for the response from " + host;
                long sentAt = System.nanoTime();
                io.vertx.core.Future<HttpClientResponse> response;
                try {
                    response = body == null ? req.send() : req.send(body);
                } catch (RuntimeException e) {
                    fail(ErrorClass.HTTP, "invalid request" + describe(e));
                    return;
                }
                response.onComplete(rar -> {
                    if (finished) {
                        return;
                    }
                    if (rar.failed()) {
                        ProbeError e = classifyResponseFailure(rar.cause(), host, target);
                        fail(e.errorClass(), e.message());
                    } else {
                        firstByteMs = millisSince(sentAt);
                        onResponse(rar.result(), host);
                    }
                });
            });
        }

        private RequestOptions requestOptions(String ip, String host, int port, boolean https) {
            RequestOptions ro = new RequestOptions()
                    .setMethod(HttpMethod.valueOf(method))
                    .setServer(SocketAddress.inetSocketAddress(port, ip))  // exactly the checked address
                    .setHost(host)                                          // Host header, SNI, hostname verification
                    .setPort(port)
                    .setSsl(https)
                    .setURI(requestUri(url))
                    .setFollowRedirects(false)
                    .setConnectTimeout(Math.max(1, remainingMs()));
            headers.forEach((k, v) -> {
                if (!k.equalsIgnoreCase("host") && !k.equalsIgnoreCase("content-length")) {
                    ro.addHeader(k, v);
                }
            });
            // Vert.x would derive Host from setHost(), which breaks for IPv6 literals; write it from the URL instead.
            ro.putHeader("Host", hostHeader(url));
            if (!ro.getHeaders().contains("user-agent")) {
                ro.putHeader("User-Agent", options.userAgent);
            }
            return ro;
        }

        private void onResponse(HttpClientResponse resp, String host) {
            status = resp.statusCode();
            responseHeaders = copyHeaders(resp);
            String location = resp.getHeader("Location");
            if (request.followRedirects() && REDIRECT_STATUSES.contains(status) && location != null && !location.isBlank()) {
                closeConnection();
                followRedirect(location.trim());
                return;
            }
            phase = "reading the response body from " + host;
            responseBody = Buffer.buffer();
            resp.handler(chunk -> {
                if (finished) {
                    return;
                }
                int room = maxBodyBytes - responseBody.length();
                if (chunk.length() <= room) {
                    responseBody.appendBuffer(chunk);
                } else {
                    if (room > 0) {
                        responseBody.appendBuffer(chunk, 0, room);
                    }
                    truncated = true;
                    succeed();
                    closeConnection(); // stop reading: the rest of the body is never pulled in
                }
            });
            resp.exceptionHandler(t -> {
                if (!finished) {
                    fail(classifyBodyFailure(t, host));
                }
            });
            resp.endHandler(v -> {
                if (!finished) {
                    succeed();
                }
            });
        }

        private void followRedirect(String location) {
            URI next;
            try {
                next = url.resolve(new URI(location)).normalize();
            } catch (Exception e) {
                fail(ErrorClass.HTTP, "redirect from " + url + " points to an invalid URL: " + location);
                return;
            }
            String nextText = next.toString();
            if (visited.contains(nextText)) {
                List<String> loop = new ArrayList<>(visited);
                loop.add(nextText);
                fail(ErrorClass.HTTP, "redirect loop: " + String.join(" -> ", loop.subList(loop.indexOf(nextText), loop.size())));
                return;
            }
            if (redirects.size() >= maxRedirects) {
                fail(ErrorClass.HTTP, "too many redirects: gave up after " + maxRedirects + " (next would be " + nextText + ")");
                return;
            }
            int code = status;
            if (code == 303 && !method.equals("HEAD") || (code == 301 || code == 302) && method.equals("POST")) {
                method = "GET";
                body = null;
            }
            if (!sameOrigin(url, next)) {
                headers.keySet().removeIf(k -> {
                    for (String h : CREDENTIAL_HEADERS) {
                        if (h.equalsIgnoreCase(k)) {
                            return true;
                        }
                    }
                    return false;
                });
            }
            visited.add(nextText);
            redirects.add(nextText);
            hop(next);
        }

        private void onDeadline() {
            if (finished) {
                return;
            }
            fail(ErrorClass.TIMEOUT, "no complete response within " + timeoutMs + " ms: timed out while " + phase);
        }

        private void succeed() {
            finish(null);
        }

        private void fail(ErrorClass cls, String message) {
            finish(new ProbeError(cls, message));
        }

        private void fail(ProbeError error) {
            finish(error);
        }

        private void finish(ProbeError error) {
            if (finished) {
                return;
            }
            finished = true;
            vertx.cancelTimer(timerId);
            if (error != null) {
                closeConnection();
            }
            Timings timings = new Timings(dnsMs, connectMs, tlsMs, firstByteMs, millisSince(startNanos));
            String text = responseBody == null ? null : decode(responseBody, responseHeaders);
            done.accept(new HttpExchange(status, responseHeaders, text, truncated, timings, tls, error,
                    url == null ? null : url.toString(), redirects));
        }

        /** Moves the TLS handshake out of {@code connectMs} into {@code tlsMs}, when the engine saw it. */
        private void splitHandshake(long connectStart) {
            HandshakeTimingEngine engine = handshakeEngine(connection);
            if (engine != null && engine.startedNanos() != 0 && engine.finishedNanos() >= engine.startedNanos()) {
                connectMs = TimeUnit.NANOSECONDS.toMillis(engine.startedNanos() - connectStart);
                tlsMs = TimeUnit.NANOSECONDS.toMillis(engine.finishedNanos() - engine.startedNanos());
            }
        }

        private void closeConnection() {
            if (connection != null) {
                connection.close();
            }
        }

        private long remainingMs() {
            return timeoutMs - millisSince(startNanos);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    static String hostOf(URI url) {
        String host = url.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host;
    }

    /** The Host header for {@code url}: host as written (IPv6 in brackets) plus the port when it is not the default. */
    static String hostHeader(URI url) {
        String host = url.getHost();
        boolean https = url.getScheme().equalsIgnoreCase("https");
        int port = url.getPort();
        return port < 0 || port == (https ? 443 : 80) ? host : host + ":" + port;
    }

    private static String requestUri(URI url) {
        String path = url.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && Objects.equals(hostOf(a).toLowerCase(Locale.ROOT), b.getHost() == null ? null : hostOf(b).toLowerCase(Locale.ROOT))
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI u) {
        return u.getPort() > 0 ? u.getPort() : (u.getScheme().equalsIgnoreCase("https") ? 443 : 80);
    }

    private static Map<String, List<String>> copyHeaders(HttpClientResponse resp) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        resp.headers().forEach(e -> map.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return map;
    }

    static Charset charsetOf(Map<String, List<String>> headers) {
        if (headers == null) {
            return StandardCharsets.UTF_8;
        }
        List<String> ct = headers.get("Content-Type");
        if (ct == null || ct.isEmpty()) {
            return StandardCharsets.UTF_8;
        }
        for (String part : ct.get(0).split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = p.substring(8).trim();
                if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                    name = name.substring(1, name.length() - 1);
                }
                try {
                    return Charset.forName(name);
                } catch (RuntimeException unsupported) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static String decode(Buffer body, Map<String, List<String>> headers) {
        return new String(body.getBytes(), charsetOf(headers));
    }

    /** The timing engine behind a TLS connection; Vert.x keeps the Netty pipeline on its connection base class. */
    static HandshakeTimingEngine handshakeEngine(Object connection) {
        if (connection instanceof io.vertx.core.net.impl.ConnectionBase base) {
            io.netty.handler.ssl.SslHandler ssl = base.channelHandlerContext().pipeline().get(io.netty.handler.ssl.SslHandler.class);
            if (ssl != null && ssl.engine() instanceof HandshakeTimingEngine engine) {
                return engine;
            }
        }
        return null;
    }

    private static TlsInfo tlsInfo(HttpConnection connection) {
        try {
            return tlsInfo(connection.peerCertificates());
        } catch (Exception e) {
            return null;
        }
    }

    /** Days left, subject and issuer of the leaf of a verified peer chain; null without one. */
    static TlsInfo tlsInfo(List<Certificate> chain) {
        try {
            if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
                return null;
            }
            long msLeft = leaf.getNotAfter().getTime() - System.currentTimeMillis();
            int daysLeft = (int) Math.floorDiv(msLeft, TimeUnit.DAYS.toMillis(1));
            return new TlsInfo(daysLeft, leaf.getSubjectX500Principal().getName(), leaf.getIssuerX500Principal().getName());
        } catch (Exception e) {
            return null;
        }
    }

    // --- error classification: messages are for people, never class names or stack traces -------------------------

    static ProbeError classifyConnectFailure(Throwable t, String host, String target, boolean https) {
        String tls = https ? tlsDetail(t, host) : null;
        if (tls != null) {
            return new ProbeError(ErrorClass.TLS, tls);
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (c instanceof io.netty.channel.ConnectTimeoutException || m.contains("timed out")) {
                return new ProbeError(ErrorClass.TIMEOUT, "timed out connecting to " + target);
            }
            if (c instanceof NoRouteToHostException || m.contains("no route to host")) {
                return new ProbeError(ErrorClass.CONNECT, "no route to " + target + " (host unreachable)");
            }
            if (m.contains("network is unreachable")) {
                return new ProbeError(ErrorClass.CONNECT, "network unreachable for " + target);
            }
            if (c instanceof ConnectException && m.contains("refused")) {
                return new ProbeError(ErrorClass.CONNECT, "connection refused by " + target + " (nothing listening on that port?)");
            }
            if (m.contains("connection reset")) {
                return new ProbeError(ErrorClass.CONNECT, "connection reset by " + target + " while connecting");
            }
        }
        if (https && isClosed(t)) {
            return new ProbeError(ErrorClass.TLS, "TLS handshake with " + host + " failed: the server closed the connection");
        }
        return new ProbeError(ErrorClass.CONNECT, "could not connect to " + target + describe(t));
    }

    static ProbeError classifyResponseFailure(Throwable t, String host, String target) {
        String tls = tlsDetail(t, host);
        if (tls != null) {
            return new ProbeError(ErrorClass.TLS, tls);
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("connection reset")) {
                return new ProbeError(ErrorClass.CONNECT, "connection reset by " + target + " before a response arrived");
            }
        }
        if (isClosed(t)) {
            return new ProbeError(ErrorClass.HTTP, "empty reply: " + host + " closed the connection without sending a response");
        }
        return new ProbeError(ErrorClass.HTTP, "malformed HTTP response from " + host + describe(t));
    }

    static ProbeError classifyBodyFailure(Throwable t, String host) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("connection reset")) {
                return new ProbeError(ErrorClass.CONNECT, "connection reset by " + host + " while reading the response body");
            }
        }
        if (isClosed(t)) {
            return new ProbeError(ErrorClass.HTTP, host + " closed the connection before the response body was complete");
        }
        return new ProbeError(ErrorClass.HTTP, "malformed HTTP response body from " + host + describe(t));
    }

    private static boolean isClosed(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof io.vertx.core.http.HttpClosedException
                    || c instanceof java.nio.channels.ClosedChannelException
                    || String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT).contains("closed")) {
                return true;
            }
        }
        return false;
    }

    /** A TLS-specific explanation when {@code t} is a handshake/certificate failure, else null. */
    static String tlsDetail(Throwable t, String host) {
        boolean sawTls = false;
        String firstMessage = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException || c instanceof java.security.cert.CertificateException
                    || c instanceof java.security.GeneralSecurityException) {
                sawTls = true;
            }
            if (c instanceof CertificateExpiredException) {
                return "TLS error for " + host + ": the certificate has expired";
            }
            if (c instanceof CertificateNotYetValidException) {
                return "TLS error for " + host + ": the certificate is not valid yet (check the server clock)";
            }
            if (c instanceof CertPathValidatorException v && v.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                return "TLS error for " + host + ": the certificate has been revoked";
            }
            String m = c.getMessage();
            if (m == null) {
                continue;
            }
            if (m.contains("No name matching") || m.contains("No subject alternative")) {
                return "TLS error for " + host + ": hostname mismatch, the certificate is not valid for " + host;
            }
            if (m.contains("unable to find valid certification path") || m.contains("PKIX path building failed")) {
                return "TLS error for " + host + ": the certificate is not trusted (self-signed or issued by an unknown authority)";
            }
            if (m.contains("NotAfter") || m.contains("certificate expired")) {
                return "TLS error for " + host + ": the certificate has expired";
            }
            if (sawTls && firstMessage == null && !m.startsWith("Failed to create SSL connection")
                    && !m.contains("Exception")) {
                firstMessage = m;
            }
        }
        if (!sawTls) {
            return null;
        }
        return "TLS handshake with " + host + " failed" + (firstMessage == null ? "" : ": " + firstMessage);
    }

    static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && !m.isBlank() && !m.contains("Exception")) {
                return ": " + m;
            }
        }
        return "";
    }
}

package io.vigil.egress;

import io.netty.util.NetUtil;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.vigil.egress.Timings.millisSince;

/**
 * One request through {@link GuardedHttpClient}, every redirect hop included: resolve and check the host, connect to
 * exactly the checked address, send, read the response up to the cap, follow redirects by hand. Confined to one
 * event-loop context, so no synchronization is needed.
 */
final class Exchange {

    private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);
    private static final String[] CREDENTIAL_HEADERS = {"authorization", "proxy-authorization", "cookie"};

    private final Vertx vertx;
    private final HttpClient client;
    private final GuardedResolver resolver;
    private final EgressPolicy policy;
    private final GuardedHttpClient.Options options;
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

    Exchange(Vertx vertx, HttpClient client, GuardedResolver resolver, GuardedHttpClient.Options options,
             OutboundRequest request, Consumer<HttpExchange> done) {
        this.vertx = vertx;
        this.client = client;
        this.resolver = resolver;
        this.policy = resolver.policy();
        this.options = options;
        this.request = request;
        this.done = done;
        Duration t = request.timeout();
        this.timeoutMs = t == null || t.isZero() || t.isNegative() ? options.defaultTimeout().toMillis() : Math.max(1, t.toMillis());
        this.maxBodyBytes = request.maxBodyBytes() > 0 ? request.maxBodyBytes() : options.maxBodyBytes();
        this.maxRedirects = request.maxRedirects() > 0 ? request.maxRedirects() : options.maxRedirects();
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

        Optional<ProbeError> urlError = policy.urlError(target);
        if (urlError.isPresent()) {
            fail(urlError.get());
            return;
        }
        String host = HttpUrls.hostOf(target);
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
            fail(ErrorClass.CONNECT, "could not start the request to " + target + Failures.describe(e));
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
                ProbeError e = Failures.classifyConnectFailure(ar.cause(), host, target, https);
                fail(e.errorClass(), e.message());
                return;
            }
            connectMs = millisSince(connectStart);
            HttpClientRequest req = ar.result();
            connection = req.connection();
            if (https) {
                tls = TlsPeers.tlsInfo(connection);
                splitHandshake(connectStart);
            }
            phase = "waiting for the response from " + host;
            long sentAt = System.nanoTime();
            io.vertx.core.Future<HttpClientResponse> response;
            try {
                response = body == null ? req.send() : req.send(body);
            } catch (RuntimeException e) {
                fail(ErrorClass.HTTP, "invalid request" + Failures.describe(e));
                return;
            }
            response.onComplete(rar -> {
                if (finished) {
                    return;
                }
                if (rar.failed()) {
                    ProbeError e = Failures.classifyResponseFailure(rar.cause(), host, target);
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
                .setURI(HttpUrls.requestUri(url))
                .setFollowRedirects(false)
                .setConnectTimeout(Math.max(1, remainingMs()));
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("host") && !k.equalsIgnoreCase("content-length")) {
                ro.addHeader(k, v);
            }
        });
        // Vert.x would derive Host from setHost(), which breaks for IPv6 literals; write it from the URL instead.
        ro.putHeader("Host", HttpUrls.hostHeader(url));
        if (!ro.getHeaders().contains("user-agent")) {
            ro.putHeader("User-Agent", options.userAgent());
        }
        return ro;
    }

    private void onResponse(HttpClientResponse resp, String host) {
        status = resp.statusCode();
        responseHeaders = Responses.copyHeaders(resp);
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
                fail(Failures.classifyBodyFailure(t, host));
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
        if (!HttpUrls.sameOrigin(url, next)) {
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
        String text = responseBody == null ? null : Responses.decode(responseBody, responseHeaders);
        done.accept(new HttpExchange(status, responseHeaders, text, truncated, timings, tls, error,
                url == null ? null : url.toString(), redirects));
    }

    /** Moves the TLS handshake out of {@code connectMs} into {@code tlsMs}, when the engine saw it. */
    private void splitHandshake(long connectStart) {
        HandshakeTimingEngine engine = TlsPeers.handshakeEngine(connection);
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

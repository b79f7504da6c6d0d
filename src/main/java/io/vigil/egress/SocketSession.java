package io.vigil.egress;

import io.netty.util.NetUtil;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.vigil.egress.Timings.millisSince;

/**
 * One raw socket probe ({@code tcp} and {@code tls} checks): resolve and egress-check the host with
 * {@link GuardedResolver}, connect to exactly that address (with TLS when the client is an SSL client), optionally
 * write a payload and read the first chunk back. Confined to one event-loop context; never fails the Uni: what was
 * seen, failures included, comes back as a {@link SocketExchange}.
 *
 * <h2>Timings</h2> wall-clock ms via {@link System#nanoTime()}: {@code dnsMs} resolver call to answer (null for IP
 * literals); {@code connectMs} connect call to TCP up (for TLS: to the first handshake message, seen by the
 * {@link HandshakeTimingEngine}); {@code tlsMs} first to last handshake message; {@code firstByteMs} from writing the
 * payload (or from the connection being ready when nothing is sent) to the first bytes back; {@code totalMs} whole
 * probe.
 */
public final class SocketSession {

    /** What to do once connected. */
    public record Plan(String host, int port, long timeoutMs, Buffer send, boolean read, int maxBytes) {
    }

    private final Vertx vertx;
    private final GuardedResolver resolver;
    private final NetClient client;
    private final boolean tls;
    private final Plan plan;
    private final Consumer<SocketExchange> done;
    private final long startNanos = System.nanoTime();

    private boolean finished;
    private long timerId = -1;
    private String phase = "starting";
    private Long dnsMs;
    private Long connectMs;
    private Long tlsMs;
    private Long firstByteMs;
    private TlsInfo tlsInfo;
    private NetSocket socket;
    private Buffer received;

    private SocketSession(Vertx vertx, GuardedResolver resolver, NetClient client, boolean tls, Plan plan,
                          Consumer<SocketExchange> done) {
        this.vertx = vertx;
        this.resolver = resolver;
        this.client = client;
        this.tls = tls;
        this.plan = plan;
        this.done = done;
    }

    public static Uni<SocketExchange> run(Vertx vertx, GuardedResolver resolver, NetClient client, boolean tls, Plan plan) {
        return Uni.createFrom().emitter(emitter -> {
            Context ctx = eventLoopContext(vertx);
            SocketSession s = new SocketSession(vertx, resolver, client, tls, plan, emitter::complete);
            emitter.onTermination(() -> ctx.runOnContext(v -> s.abort()));
            ctx.runOnContext(v -> s.start());
        });
    }

    /** The caller's event-loop context, or a fresh one when called from elsewhere (a worker, a test thread). */
    public static Context eventLoopContext(Vertx vertx) {
        Context current = vertx.getOrCreateContext();
        return current.isEventLoopContext() ? current : ((VertxInternal) vertx).createEventLoopContext();
    }

    private void start() {
        timerId = vertx.setTimer(Math.max(1, plan.timeoutMs()), id -> onDeadline());
        phase = "resolving " + plan.host();
        resolver.resolve(plan.host(), outcome -> {
            if (finished) {
                return;
            }
            dnsMs = outcome.dnsMs();
            if (outcome.error() != null) {
                finish(outcome.error());
            } else {
                connect(outcome.address());
            }
        });
    }

    private void connect(InetAddress address) {
        String target = GuardedResolver.target(address, plan.port());
        phase = tls ? "connecting to " + target + " (TCP and TLS handshake)" : "connecting to " + target;
        SocketAddress remote = SocketAddress.inetSocketAddress(plan.port(), NetUtil.toAddressString(address));
        long connectStart = System.nanoTime();
        Future<NetSocket> pending;
        try {
            // For TLS the host name (not the IP) is the SNI name and what the certificate is verified against.
            pending = tls ? client.connect(remote, plan.host()) : client.connect(remote);
        } catch (RuntimeException e) {   // e.g. the client was closed during shutdown
            finish(new ProbeError(ErrorClass.CONNECT, "could not start connecting to " + target + Failures.describe(e)));
            return;
        }
        pending.onComplete(ar -> {
            if (finished) {
                if (ar.succeeded()) {
                    ar.result().close();   // the deadline passed while connecting
                }
                return;
            }
            if (ar.failed()) {
                finish(Failures.classifyConnectFailure(ar.cause(), plan.host(), target, tls));
                return;
            }
            socket = ar.result();
            connectMs = millisSince(connectStart);
            if (tls) {
                try {
                    tlsInfo = TlsPeers.tlsInfo(socket.peerCertificates());
                } catch (Exception e) {
                    tlsInfo = null;
                }
                HandshakeTimingEngine engine = TlsPeers.handshakeEngine(socket);
                if (engine != null && engine.startedNanos() != 0 && engine.finishedNanos() >= engine.startedNanos()) {
                    connectMs = TimeUnit.NANOSECONDS.toMillis(engine.startedNanos() - connectStart);
                    tlsMs = TimeUnit.NANOSECONDS.toMillis(engine.finishedNanos() - engine.startedNanos());
                }
            }
            exchange(target);
        });
    }

    private void exchange(String target) {
        if (plan.send() == null && !plan.read()) {
            finish(null);
            return;
        }
        received = Buffer.buffer();
        long sentAt = System.nanoTime();
        socket.handler(chunk -> {
            if (finished) {
                return;
            }
            firstByteMs = millisSince(sentAt);
            int room = plan.maxBytes() - received.length();
            received.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
            finish(null);
        });
        socket.exceptionHandler(t -> {
            if (!finished) {
                finish(new ProbeError(ErrorClass.CONNECT, "connection to " + target + " failed" + Failures.describe(t)));
            }
        });
        socket.closeHandler(v -> {
            if (!finished) {
                finish(new ProbeError(ErrorClass.CONNECT, target + " closed the connection before sending any data"));
            }
        });
        if (plan.send() != null) {
            phase = "sending to and waiting for data from " + target;
            socket.write(plan.send());
        } else {
            phase = "waiting for data from " + target;
        }
    }

    private void onDeadline() {
        if (!finished) {
            finish(new ProbeError(ErrorClass.TIMEOUT, "no answer within " + plan.timeoutMs() + " ms: timed out while " + phase));
        }
    }

    private void abort() {
        if (!finished) {
            finished = true;
            vertx.cancelTimer(timerId);
            closeSocket();
        }
    }

    private void finish(ProbeError error) {
        if (finished) {
            return;
        }
        finished = true;
        vertx.cancelTimer(timerId);
        closeSocket();
        String body = received == null || (error != null && received.length() == 0)
                ? null : received.toString(StandardCharsets.UTF_8);
        Timings timings = new Timings(dnsMs, connectMs, tlsMs, firstByteMs, millisSince(startNanos));
        done.accept(new SocketExchange(body, timings, tlsInfo, error));
    }

    private void closeSocket() {
        if (socket != null) {
            socket.close();
        }
    }
}

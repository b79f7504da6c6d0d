package io.vigil.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vigil.result.ProbeResult;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Carries an agent's results to the server: every result goes to the {@link ResultSpool} first, and segments are
 * posted oldest first to {@code /agent/v1/results}; a segment leaves the spool only when the server answered 2xx.
 * A replayed segment (the answer was lost) is accepted by the server and changes nothing, so every result counts
 * exactly once. While the server is away the spool grows (bounded) and delivery resumes in order when it returns.
 */
public final class AgentUplink implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AgentUplink.class);

    private final Vertx vertx;
    private final WebClient client;
    private final URI server;
    private final String token;
    private final String agentId;
    private final ResultSpool spool;
    private final ObjectMapper mapper;
    /** Spool file I/O is blocking: one thread, so appends and deliveries keep their order. */
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vigil-agent-spool");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean pushing = new AtomicBoolean();
    private final AtomicLong rejected = new AtomicLong();
    private long timerId = -1;

    public AgentUplink(Vertx vertx, URI server, String token, String agentId, ResultSpool spool, ObjectMapper mapper) {
        this.vertx = vertx;
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5000).setIdleTimeout(30)
                .setFollowRedirects(false));
        this.server = server;
        this.token = token;
        this.agentId = agentId;
        this.spool = spool;
        this.mapper = mapper;
    }

    /** Queues a result for delivery; it is on disk before this returns only in the sense of ordering. */
    public void submit(ProbeResult result) {
        String json;
        try {
            json = mapper.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        io.execute(() -> spool.append(json));
    }

    /** Delivers on a timer until closed. */
    public void start(Duration every) {
        timerId = vertx.setPeriodic(every.toMillis(), id -> {
            if (pushing.compareAndSet(false, true)) {
                deliver().subscribe().with(n -> pushing.set(false), e -> {
                    LOG.debugf("Delivery paused: %s", e.getMessage());
                    pushing.set(false);
                });
            }
        });
    }

    /** Delivers waiting segments in order until the spool is empty; fails (keeping the rest) when the server does. */
    public Uni<Long> deliver() {
        return blocking(spool::oldest).chain(segment -> segment.isEmpty()
                ? Uni.createFrom().item(0L)
                : post(segment.get()).chain(sent -> deliver().map(more -> sent + more)));
    }

    /** Results waiting for the server. */
    public Uni<Long> backlog() {
        return blocking(spool::size);
    }

    /** Results the spool dropped because it was full. */
    public Uni<Long> dropped() {
        return blocking(spool::dropped);
    }

    /** Results the server refused as malformed (never retried). */
    public long rejected() {
        return rejected.get();
    }

    private Uni<Long> post(ResultSpool.Segment segment) {
        String body = "{\"agentId\":" + quote(agentId) + ",\"results\":[" + String.join(",", segment.lines()) + "]}";
        return client.requestAbs(HttpMethod.POST, server.resolve("/agent/v1/results").toString())
                .putHeader("Authorization", "Bearer " + token)
                .putHeader("Content-Type", "application/json")
                .timeout(30_000)
                .sendBuffer(Buffer.buffer(body))
                .chain(response -> outcome(segment, response));
    }

    private Uni<Long> outcome(ResultSpool.Segment segment, HttpResponse<Buffer> response) {
        int status = response.statusCode();
        if (status / 100 == 2) {
            return blocking(() -> {
                spool.delivered(segment);
                return (long) segment.lines().size();
            });
        }
        if (status == 413) {
            // A configuration mismatch (segments larger than the server's max batch), not bad data: keep it.
            LOG.errorf("The server takes fewer results per batch than this agent sends (%d); lower the agent's "
                    + "segment size to at most vigil.agents.max-batch. Results are kept.", segment.lines().size());
            return Uni.createFrom().failure(new IllegalStateException("batch too large for the server"));
        }
        if (status == 400 || status == 422) {
            // The server will never take this segment; keeping it would block every later result.
            LOG.errorf("The server refused %d results as malformed (%d): %s", segment.lines().size(), status,
                    response.bodyAsString());
            rejected.addAndGet(segment.lines().size());
            return blocking(() -> {
                spool.delivered(segment);
                return 0L;
            });
        }
        return Uni.createFrom().failure(new IllegalStateException("the server answered " + status));
    }

    private <T> Uni<T> blocking(java.util.function.Supplier<T> work) {
        return Uni.createFrom().completionStage(() -> CompletableFuture.supplyAsync(work, io));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        io.shutdown();
        try {
            io.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        spool.close();
        client.close();
    }

}

package io.vigil.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver on 127.0.0.1 for notification tests: records every request (headers, body, arrival) and
 * answers with scripted statuses ({@link #answer}), then with {@link #status}. {@code /target} is a check target
 * answering {@link #targetStatus}, so a test controls an outage and watches its notifications in one place.
 */
public final class Receiver implements AutoCloseable {

    /** One request as it arrived. */
    public record Request(String method, String path, MultiMap headers, String body, Instant at) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    public final List<Request> requests = new CopyOnWriteArrayList<>();
    public final AtomicInteger status = new AtomicInteger(200);
    public final AtomicInteger targetStatus = new AtomicInteger(200);
    /** Milliseconds to wait before answering (a slow receiver). */
    public final AtomicInteger delayMs = new AtomicInteger();
    private final Queue<Integer> script = new ConcurrentLinkedQueue<>();
    private final Map<Integer, String> extraHeaders = new java.util.concurrent.ConcurrentHashMap<>();
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;

    public Receiver() {
        try {
            server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next answers, in order, before falling back to {@link #status}. */
    public Receiver answer(Integer... statuses) {
        script.addAll(List.of(statuses));
        return this;
    }

    /** A header sent with every answer of this status, e.g. Retry-After on 429. */
    public Receiver headerOn(int status, String header) {
        extraHeaders.put(status, header);
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    public List<Request> to(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpServerRequest req) {
        if (req.path().equals("/target")) {
            req.response().setStatusCode(targetStatus.get()).end("target");
            return;
        }
        req.body().onSuccess(body -> {
            requests.add(new Request(req.method().name(), req.path(), MultiMap.caseInsensitiveMultiMap().addAll(req.headers()),
                    body.toString(), Instant.now()));
            Integer scripted = script.poll();
            int answer = scripted == null ? status.get() : scripted;
            Runnable reply = () -> {
                var response = req.response().setStatusCode(answer);
                String extra = extraHeaders.get(answer);
                if (extra != null) {
                    response.putHeader(extra.substring(0, extra.indexOf(':')), extra.substring(extra.indexOf(':') + 1).trim());
                }
                response.end("answer " + answer);
            };
            if (delayMs.get() > 0) {
                vertx.setTimer(delayMs.get(), t -> reply.run());
            } else {
                reply.run();
            }
        });
    }

    @Override
    public void close() {
        vertx.close();
    }
}

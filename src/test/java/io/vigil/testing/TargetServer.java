package io.vigil.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 that tests point checks at. Paths: {@code /ok} (200 JSON), {@code /fail} (500),
 * {@code /slow?ms=N}, {@code /redirect/N} (N hops then /ok), {@code /loop}, {@code /big} (5 MiB),
 * {@code /to?url=…} (302 to any URL), {@code /flaky} (answers what {@link #flakyStatus} says).
 */
public final class TargetServer implements AutoCloseable {

    private static TargetServer shared;

    public final AtomicInteger hits = new AtomicInteger();
    public final AtomicInteger flakyStatus = new AtomicInteger(200);
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;

    public TargetServer() {
        try {
            server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One server for the whole test run, started on first use (it lives as long as the test JVM). */
    public static synchronized TargetServer shared() {
        if (shared == null) {
            shared = new TargetServer();
        }
        return shared;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    private void handle(HttpServerRequest req) {
        hits.incrementAndGet();
        String path = req.path();
        if (path.equals("/ok")) {
            req.response().putHeader("Content-Type", "application/json").end("{\"status\":\"ok\",\"db\":\"up\"}");
        } else if (path.equals("/fail")) {
            req.response().setStatusCode(500).end("database unavailable");
        } else if (path.equals("/flaky")) {
            req.response().setStatusCode(flakyStatus.get()).end("flaky");
        } else if (path.equals("/slow")) {
            long ms = Long.parseLong(req.getParam("ms", "2000"));
            vertx.setTimer(ms, t -> req.response().end("late"));
        } else if (path.startsWith("/redirect/")) {
            int left = Integer.parseInt(path.substring("/redirect/".length()));
            req.response().setStatusCode(302).putHeader("Location", left <= 1 ? "/ok" : "/redirect/" + (left - 1)).end();
        } else if (path.equals("/loop")) {
            req.response().setStatusCode(302).putHeader("Location", "/loop").end();
        } else if (path.equals("/big")) {
            req.response().putHeader("Content-Type", "text/plain").end("x".repeat(5 * 1024 * 1024));
        } else if (path.equals("/to")) {
            req.response().setStatusCode(302).putHeader("Location", req.getParam("url")).end();
        } else {
            req.response().setStatusCode(404).end();
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}

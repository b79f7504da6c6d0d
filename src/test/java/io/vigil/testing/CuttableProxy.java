package io.vigil.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server. {@link #cut()} drops every connection and refuses new ones
 * (the server is "away" for whoever talks through the proxy); {@link #restore()} lets traffic through again.
 * Tests run in another class loader than test resources, so tests drive it over HTTP:
 * {@code POST http://127.0.0.1:<controlPort>/cut} and {@code /restore}.
 */
public final class CuttableProxy implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final NetClient client = vertx.createNetClient();
    private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
    private final NetServer server;
    private final io.vertx.core.http.HttpServer control;
    private volatile boolean cut;

    public CuttableProxy(String host, int port) {
        server = vertx.createNetServer().connectHandler(front -> {
            if (cut) {
                front.close();
                return;
            }
            front.pause();
            client.connect(port, host).onComplete(ar -> {
                if (ar.failed() || cut) {
                    front.close();
                    if (ar.succeeded()) {
                        ar.result().close();
                    }
                    return;
                }
                NetSocket back = ar.result();
                open.add(front);
                open.add(back);
                front.closeHandler(v -> { open.remove(front); back.close(); });
                back.closeHandler(v -> { open.remove(back); front.close(); });
                front.pipeTo(back);
                back.pipeTo(front);
                front.resume();
            });
        });
        control = vertx.createHttpServer().requestHandler(req -> {
            if (req.path().equals("/cut")) {
                cut();
            } else if (req.path().equals("/restore")) {
                restore();
            }
            req.response().end(cut ? "cut" : "open");
        });
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            control.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.actualPort();
    }

    public int controlPort() {
        return control.actualPort();
    }

    public void cut() {
        cut = true;
        open.forEach(NetSocket::close);
    }

    public void restore() {
        cut = false;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}

package io.vigil.it;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Vigil from target/quarkus-app, started as a real process with the given environment. */
final class VigilProcess implements AutoCloseable {

    private final Map<String, String> env;
    private final int port;
    private final Path log;
    private Process process;

    VigilProcess(Map<String, String> env, int port, Path log) {
        this.env = env;
        this.port = port;
        this.log = log;
    }

    VigilProcess start() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-jar",
                Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().toString());
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Vigil exited early; see " + log);
            }
            if (ready()) {
                return this;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Vigil did not become ready; see " + log);
    }

    private boolean ready() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/q/health/ready").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM, as an orchestrator stops it. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** SIGKILL: no chance to clean up. Returns the exit status (128 + 9 when SIGKILL ended it). */
    int kill() throws InterruptedException {
        return process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    static File logFile(Path dir, String name) {
        return dir.resolve(name + ".log").toFile();
    }
}

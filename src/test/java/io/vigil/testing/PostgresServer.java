package io.vigil.testing;

import io.zonky.test.db.postgres.util.LinuxUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops the embedded PostgreSQL of {@link PostgresResource} for real and starts it again, with {@code pg_ctl} of the
 * zonky binaries on the same data directory: {@link #stop()} is a fast shutdown (every session is terminated, the
 * postmaster exits, its port is closed); {@link #start()} starts it with the very options it ran with (the same port,
 * {@code listen_addresses=127.0.0.1}), which PostgreSQL keeps in {@code postmaster.opts}. Each step is bounded (30 s for
 * the server, 60 s for {@code pg_ctl}). As root, the commands run under {@code unshare -U}, as zonky runs them.
 * Only for the embedded server: {@link #available()} is false with {@code VIGIL_TEST_DB_URL}.
 */
public final class PostgresServer {

    /** System property holding the embedded server's data directory (set by {@link PostgresResource}). */
    static final String DATA_DIR = "test.db-data-dir";
    private static final long PG_CTL_SECONDS = 60;

    private PostgresServer() {
    }

    public static boolean available() {
        return System.getProperty(DATA_DIR) != null;
    }

    /** {@code pg_ctl stop -m fast}, waiting until the server is gone. */
    public static void stop() {
        Path dir = dataDir();
        pgCtl(dir, List.of("-D", dir.toString(), "-m", "fast", "-w", "-t", "30", "stop"));
    }

    /** {@code pg_ctl start} with the options of the last run, waiting until the server accepts connections. */
    public static void start() {
        Path dir = dataDir();
        pgCtl(dir, List.of("-D", dir.toString(), "-o", lastOptions(dir), "-l", dir.resolve("restart.log").toString(),
                "-w", "-t", "30", "start"));
    }

    private static Path dataDir() {
        String dir = System.getProperty(DATA_DIR);
        if (dir == null) {
            throw new IllegalStateException("no embedded PostgreSQL to stop (VIGIL_TEST_DB_URL names an external one)");
        }
        return Path.of(dir);
    }

    /**
     * The server's arguments as {@code postmaster.opts} records them: the binary, then each argument in double quotes,
     * the form {@code pg_ctl restart} itself reads back.
     */
    private static String lastOptions(Path dir) {
        String line = read(dir.resolve("postmaster.opts")).trim();
        int first = line.indexOf(" \"");
        if (first < 0) {
            throw new IllegalStateException("unexpected postmaster.opts: " + line);
        }
        return line.substring(first + 1);
    }

    /** pg_ctl beside the postgres binary that ran the server. */
    private static Path pgCtlBinary(Path dir) {
        String line = read(dir.resolve("postmaster.opts")).trim();
        return Path.of(line.substring(0, line.indexOf(" \""))).resolveSibling("pg_ctl");
    }

    private static void pgCtl(Path dir, List<String> args) {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(pgCtlBinary(dir).toString());
        command.addAll(args);
        Path output = dir.resolveSibling(dir.getFileName() + "-pg_ctl.log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(output.toFile())).start();
            if (!p.waitFor(PG_CTL_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("pg_ctl did not finish within " + PG_CTL_SECONDS + " s: " + command);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("pg_ctl failed (" + p.exitValue() + "): " + command + "\n" + read(output));
            }
            Files.deleteIfExists(output);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + file, e);
        }
    }
}

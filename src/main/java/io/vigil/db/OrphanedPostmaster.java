package io.vigil.db;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a crash of the Vigil process leaves in the embedded cluster's data directory, cleared before the next start.
 * The embedded PostgreSQL runs as its own (daemonized) process, so a SIGKILLed Vigil leaves it running, holding
 * {@code postmaster.pid}, and the next start would fail. Before starting, this looks at that file:
 * <ul>
 *   <li>no process of that pid: the file is stale and removed;</li>
 *   <li>a live process that is not a PostgreSQL server of this very directory (the pid was reused): the file is
 *       stale and removed, and that process is left alone;</li>
 *   <li>our orphaned postmaster: when no live process holds the embedded server's lock file (zonky's
 *       {@code epg-lock}, held by the JVM that started it), it is stopped: SIGTERM (PostgreSQL's smart shutdown,
 *       which finishes at once since the dead owner's sessions died with it), then, after a bounded wait,
 *       SIGKILL of that verified process and of its own children. When the lock is held, another live process
 *       owns the cluster and the start is refused.</li>
 * </ul>
 */
final class OrphanedPostmaster {

    private static final Logger LOG = Logger.getLogger(OrphanedPostmaster.class);
    static final String PID_FILE = "postmaster.pid";
    /** The lock file zonky's EmbeddedPostgres holds for as long as its JVM runs. */
    static final String OWNER_LOCK = "epg-lock";

    private final Path dataDir;
    private final Duration shutdownWait;

    OrphanedPostmaster(Path dataDir, Duration shutdownWait) {
        this.dataDir = dataDir;
        this.shutdownWait = shutdownWait;
    }

    /** Clears whatever a crashed previous run left, so PostgreSQL can start in {@code dataDir}. */
    void clear() {
        Path pidFile = dataDir.resolve(PID_FILE);
        Optional<Long> pid = readPid(pidFile);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            LOG.infof("Removing the stale %s of pid %d (no such process)", pidFile, pid.get());
            delete(pidFile);
            return;
        }
        if (!isPostmasterOf(pid.get(), dataDir)) {
            LOG.infof("Removing the stale %s: pid %d is now another program, which is left alone", pidFile, pid.get());
            delete(pidFile);
            return;
        }
        if (ownerAlive()) {
            throw new IllegalStateException("The embedded PostgreSQL in " + dataDir + " (pid " + pid.get()
                    + ") belongs to another running process; is another Vigil using the same data directory?");
        }
        LOG.warnf("The embedded PostgreSQL of a previous run (pid %d) is still running after a crash; stopping it", pid.get());
        stop(process.get());
        if (Files.exists(pidFile) && ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive).isEmpty()) {
            delete(pidFile);   // killed: PostgreSQL had no chance to remove it
        }
    }

    /** Smart shutdown, then the verified process and its children are killed if it is not gone in time. */
    private void stop(ProcessHandle postmaster) {
        List<ProcessHandle> children = postmaster.descendants().toList();
        postmaster.destroy();
        if (waitFor(postmaster, shutdownWait)) {
            LOG.infof("The orphaned PostgreSQL (pid %d) shut down", postmaster.pid());
            return;
        }
        LOG.warnf("The orphaned PostgreSQL (pid %d) did not stop within %s; killing it", postmaster.pid(), shutdownWait);
        postmaster.destroyForcibly();
        waitFor(postmaster, shutdownWait);
        // Backends leave when their postmaster dies; a new server refuses to start while any is still attached.
        for (ProcessHandle child : children) {
            if (!waitFor(child, Duration.ofSeconds(5))) {
                child.destroyForcibly();
                waitFor(child, Duration.ofSeconds(5));
            }
        }
        if (postmaster.isAlive()) {
            throw new IllegalStateException("could not stop the orphaned PostgreSQL (pid " + postmaster.pid() + ") in " + dataDir);
        }
    }

    /** Whether a live process holds the lock the embedded server's owner keeps while it runs. */
    private boolean ownerAlive() {
        Path lock = dataDir.resolve(OWNER_LOCK);
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                return true;
            }
            held.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;   // this very JVM runs it
        } catch (IOException e) {
            throw new UncheckedIOException("could not check " + lock, e);
        }
    }

    /**
     * Whether {@code pid} is a PostgreSQL server whose data directory is {@code dataDir}: its program is
     * {@code postgres} and its {@code -D} argument (or, failing that, its working directory, which the postmaster
     * sets to the data directory) is this directory. Read from {@code /proc} on Linux, from the process table elsewhere.
     */
    static boolean isPostmasterOf(long pid, Path dataDir) {
        List<String> args = commandLine(pid);
        if (args.isEmpty() || !isPostgresProgram(args.get(0))) {
            return false;
        }
        int d = args.indexOf("-D");
        if (d >= 0 && d + 1 < args.size() && Path.of(args.get(d + 1)).isAbsolute()
                && sameDirectory(Path.of(args.get(d + 1)), dataDir)) {
            return true;
        }
        Path cwd = Path.of("/proc", Long.toString(pid), "cwd");
        return Files.exists(cwd) && sameDirectory(cwd, dataDir);
    }

    private static boolean isPostgresProgram(String argv0) {
        String name = Path.of(argv0).getFileName() == null ? argv0 : Path.of(argv0).getFileName().toString();
        return name.equals("postgres") || name.equals("postmaster");
    }

    private static List<String> commandLine(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid), "cmdline");
        if (Files.isReadable(proc)) {
            try {
                String raw = new String(Files.readAllBytes(proc), StandardCharsets.UTF_8);
                return raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\0"));
            } catch (IOException e) {
                return List.of();   // gone meanwhile
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::info).flatMap(info -> info.command().map(cmd -> {
            List<String> all = new ArrayList<>();
            all.add(cmd);
            info.arguments().ifPresent(a -> all.addAll(Arrays.asList(a)));
            return all;
        })).orElse(List.of());
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a.toRealPath(), b.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            // Half-written by a server killed while starting: PostgreSQL itself treats that as stale too.
            LOG.warnf("Removing the unreadable %s (%s)", pidFile, e.getMessage());
            delete(pidFile);
            return Optional.empty();
        }
    }

    private static boolean waitFor(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + file, e);
        }
    }
}

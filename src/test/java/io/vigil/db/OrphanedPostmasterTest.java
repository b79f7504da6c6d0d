package io.vigil.db;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a crashed run leaves in the embedded cluster's directory, against real PostgreSQL processes: a server whose
 * owner died is stopped (its data kept), a pid file of a dead or reused pid is removed without touching that process,
 * and a server whose owner is alive is never touched.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OrphanedPostmasterTest {

    @TempDir
    Path dir;
    private final List<Process> spawned = new ArrayList<>();
    private final List<EmbeddedDatabase> started = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (EmbeddedDatabase db : started) {
            db.close();
        }
        for (Process p : spawned) {
            p.destroyForcibly().waitFor();
        }
        // Nothing may outlive the test: a server still named in the pid file is stopped.
        Path pidFile = dir.resolve("pg").resolve(OrphanedPostmaster.PID_FILE);
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            if (OrphanedPostmaster.isPostmasterOf(pid, dir.resolve("pg"))) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private EmbeddedDatabase start() {
        EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("pg"), true);
        started.add(db);
        return db;
    }

    private static Connection connect(int port) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "postgres");
    }

    private static int port(EmbeddedDatabase db) {
        String url = db.datasourceProperties().get("quarkus.datasource.jdbc.url");
        return Integer.parseInt(url.replaceAll(".*:(\\d+)/.*", "$1"));
    }

    private long postmasterPid() throws Exception {
        return Long.parseLong(Files.readAllLines(dir.resolve("pg").resolve(OrphanedPostmaster.PID_FILE)).get(0).trim());
    }

    /** The program of a running postmaster, read from its command line: where pg_ctl lives. */
    private static Path binDir(long pid) throws Exception {
        String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
        return Path.of(cmdline.split("\0")[0]).getParent();
    }

    @Test
    void aServerWhoseOwnerDiedIsStoppedAndTheDataKept() throws Exception {
        EmbeddedDatabase first = start();
        long firstPid = postmasterPid();
        Path bin = binDir(firstPid);
        assertThat(OrphanedPostmaster.isPostmasterOf(firstPid, dir.resolve("pg"))).isTrue();
        first.close();
        started.remove(first);

        // A server nobody owns any more, as a killed Vigil leaves it: started by pg_ctl, daemonized, no lock held.
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U"));   // PostgreSQL refuses root; zonky does the same
        }
        command.addAll(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("pg").toString(),
                "-o", "-p " + port + " -F -c listen_addresses=127.0.0.1", "-w", "start"));
        Process pgCtl = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("pg_ctl.log").toFile()).start();
        assertThat(pgCtl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(pgCtl.exitValue()).as(Files.readString(dir.resolve("pg_ctl.log"))).isZero();
        long orphan = postmasterPid();
        try (Connection c = connect(port); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v text)");
            s.execute("INSERT INTO kept VALUES ('written before the crash')");
        }

        EmbeddedDatabase second = start();

        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(postmasterPid()).isNotEqualTo(orphan);
        try (Connection c = connect(port(second)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("written before the crash");
        }
    }

    @Test
    void aPidFileOfADeadProcessIsRemoved() throws Exception {
        start().close();
        started.clear();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(dir.resolve("pg").resolve(OrphanedPostmaster.PID_FILE),
                gone.pid() + "\n" + dir.resolve("pg") + "\n", StandardCharsets.UTF_8);

        EmbeddedDatabase db = start();

        try (Connection c = connect(port(db)); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void aPidReusedByAnotherProgramIsLeftAlone() throws Exception {
        start().close();
        started.clear();
        Process other = new ProcessBuilder("sleep", "120").start();
        spawned.add(other);
        Files.writeString(dir.resolve("pg").resolve(OrphanedPostmaster.PID_FILE),
                other.pid() + "\n" + dir.resolve("pg") + "\n", StandardCharsets.UTF_8);
        assertThat(OrphanedPostmaster.isPostmasterOf(other.pid(), dir.resolve("pg"))).isFalse();

        EmbeddedDatabase db = start();

        assertThat(other.isAlive()).isTrue();
        try (Connection c = connect(port(db)); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void aServerWhoseOwnerIsAliveIsNeverTouched() throws Exception {
        EmbeddedDatabase running = start();
        long pid = postmasterPid();

        assertThatThrownBy(() -> EmbeddedDatabase.start(dir.resolve("pg"), true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("another running process");

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
        try (Connection c = connect(port(running)); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void aServerOfAnotherDirectoryIsNotOurs() throws Exception {
        EmbeddedDatabase running = start();
        Files.createDirectories(dir.resolve("elsewhere"));
        assertThat(OrphanedPostmaster.isPostmasterOf(postmasterPid(), dir.resolve("elsewhere"))).isFalse();
        assertThat(running).isNotNull();
    }
}

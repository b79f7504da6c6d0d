package io.vigil.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL server started in-process (zonky binaries) for the zero-configuration run and for tests.
 * Used only when no external database is configured; the returned properties are the standard Quarkus
 * datasource settings, so the rest of Vigil never knows the difference.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** How long an orphaned server of a crashed run gets to shut down before it is killed. */
    private static final Duration ORPHAN_SHUTDOWN = Duration.ofSeconds(15);

    /**
     * Starts PostgreSQL on a free loopback port. With {@code keepData} the cluster in {@code dataDir} is reused
     * across restarts; without it the directory is wiped first (tests). A server a crashed run left behind in
     * {@code dataDir} is stopped first (see {@link OrphanedPostmaster}).
     */
    public static EmbeddedDatabase start(Path dataDir, boolean keepData) {
        try {
            Files.createDirectories(dataDir);
            new OrphanedPostmaster(dataDir, ORPHAN_SHUTDOWN).clear();
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(!keepData)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", keepData ? "on" : "off")
                    .setServerConfig("synchronous_commit", keepData ? "on" : "off")
                    .start();
            return new EmbeddedDatabase(pg);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    /** Quarkus datasource properties pointing at this server. */
    public Map<String, String> datasourceProperties() {
        int port = postgres.getPort();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres");
        props.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/postgres");
        props.put("quarkus.datasource.username", "postgres");
        props.put("quarkus.datasource.password", "postgres");
        return props;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.vigil;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.vigil.db.DatabaseUrl;
import io.vigil.db.EmbeddedDatabase;
import org.jboss.logging.Logger;
import sun.misc.Signal;

import java.nio.file.Path;
import java.util.Map;

/**
 * Entry point. Before Quarkus reads its runtime configuration this decides where the database is:
 * {@code VIGIL_DB_URL}, the standard Quarkus datasource variables, or (with neither) an embedded PostgreSQL
 * whose data lives in {@code VIGIL_DATA_DIR} (default {@code ./data}) and survives restarts.
 */
@QuarkusMain
public final class VigilMain {

    private static final Logger LOG = Logger.getLogger(VigilMain.class);

    /**
     * An agent has no database. The reactive pool only connects when used and nothing in agent mode uses it, so it
     * points nowhere; what would touch a database at startup (migrations, schema validation, health) is off.
     */
    private static final Map<String, String> AGENT_WITHOUT_DATABASE = Map.of(
            "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:1/agent-has-no-database",
            "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/agent-has-no-database",
            "quarkus.flyway.migrate-at-start", "false",
            "quarkus.hibernate-orm.schema-management.strategy", "none",
            "quarkus.smallrye-health.check.\"io.quarkus.reactive.pg.client.runtime.health.ReactivePgDataSourcesHealthCheck\".enabled", "false",
            "quarkus.smallrye-health.check.\"io.quarkus.reactive.datasource.runtime.ReactiveDatasourceHealthCheck\".enabled", "false",
            "quarkus.smallrye-health.check.\"io.quarkus.agroal.runtime.health.DataSourceHealthCheck\".enabled", "false");

    private VigilMain() {
    }

    public static void main(String... args) {
        String dbUrl = setting("vigil.db.url", "VIGIL_DB_URL");
        EmbeddedDatabase embedded = null;
        if ("agent".equals(setting("vigil.mode", "VIGIL_MODE"))) {
            LOG.info("Agent mode: no database");
            apply(AGENT_WITHOUT_DATABASE);
        } else if (dbUrl != null && !dbUrl.isBlank()) {
            apply(DatabaseUrl.toDatasourceProperties(dbUrl));
        } else if (setting("quarkus.datasource.reactive.url", "QUARKUS_DATASOURCE_REACTIVE_URL") == null) {
            String dir = setting("vigil.data-dir", "VIGIL_DATA_DIR");
            Path dataDir = Path.of(dir == null ? "data" : dir).toAbsolutePath();
            LOG.infof("No external database configured: starting embedded PostgreSQL with data in %s", dataDir);
            embedded = EmbeddedDatabase.start(dataDir.resolve("postgres"), true);
            apply(embedded.datasourceProperties());
            stopQuarkusBeforeTheDatabase();
        }
        try {
            Quarkus.run(args);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /**
     * The embedded server registers its own JVM shutdown hook, which would race Quarkus's and could stop
     * PostgreSQL while buffered results are still being written. So on SIGTERM/SIGINT Vigil stops Quarkus
     * first (flushing everything), and {@link #main} closes the database after {@code Quarkus.run} returns.
     */
    private static void stopQuarkusBeforeTheDatabase() {
        for (String name : new String[]{"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> Quarkus.asyncExit());
        }
    }

    private static String setting(String property, String env) {
        String value = System.getProperty(property);
        return value != null ? value : System.getenv(env);
    }

    private static void apply(Map<String, String> props) {
        props.forEach((k, v) -> {
            if (System.getProperty(k) == null) {
                System.setProperty(k, v);
            }
        });
    }
}

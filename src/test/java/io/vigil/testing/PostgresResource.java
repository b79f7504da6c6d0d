package io.vigil.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vigil.db.DatabaseUrl;
import io.vigil.db.EmbeddedDatabase;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The tests' PostgreSQL: an embedded server in a fresh directory, or the external server named by
 * {@code VIGIL_TEST_DB_URL} (e.g. postgresql://postgres@127.0.0.1:5432/vigil_test; the database must be empty).
 * The application's reactive connections go through a {@link CuttableProxy} so fault tests can take the database away;
 * Flyway's JDBC connection goes direct. With the init argument {@value #DIRECT}{@code =true} they go direct too (no
 * proxy): for tests that stop the embedded server itself ({@link PostgresServer}) and want the application to see
 * exactly what a real stop does to it (refused connections on 127.0.0.1, not a proxy that accepts and closes).
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    /** System property holding the proxy's control port (see {@link Database}). */
    static final String CONTROL_PORT = "test.db-proxy-control-port";
    /** Init argument: "true" for reactive connections straight to the server, without the proxy. */
    public static final String DIRECT = "direct";
    private CuttableProxy proxy;
    private EmbeddedDatabase embedded;
    private boolean direct;

    @Override
    public void init(Map<String, String> initArgs) {
        direct = Boolean.parseBoolean(initArgs.getOrDefault(DIRECT, "false"));
    }

    @Override
    public Map<String, String> start() {
        String external = System.getenv("VIGIL_TEST_DB_URL");
        Map<String, String> props;
        System.clearProperty(PostgresServer.DATA_DIR);
        System.clearProperty(CONTROL_PORT);
        if (external != null && !external.isBlank()) {
            props = new HashMap<>(DatabaseUrl.toDatasourceProperties(external));
        } else {
            Path dataDir;
            try {
                dataDir = Files.createTempDirectory("vigil-test-pg");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            embedded = EmbeddedDatabase.start(dataDir, false);
            System.setProperty(PostgresServer.DATA_DIR, dataDir.toString());
            props = new HashMap<>(embedded.datasourceProperties());
        }
        if (direct) {
            return props;
        }
        URI reactive = URI.create(props.get("quarkus.datasource.reactive.url"));
        proxy = new CuttableProxy(reactive.getHost(), reactive.getPort() == -1 ? 5432 : reactive.getPort());
        System.setProperty(CONTROL_PORT, String.valueOf(proxy.controlPort()));
        props.put("quarkus.datasource.reactive.url", reactive.getScheme() + "://127.0.0.1:" + proxy.port()
                + reactive.getRawPath() + (reactive.getRawQuery() == null ? "" : "?" + reactive.getRawQuery()));
        return props;
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }
}

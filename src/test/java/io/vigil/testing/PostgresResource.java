package io.vigil.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vigil.db.DatabaseUrl;
import io.vigil.db.EmbeddedDatabase;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * The tests' PostgreSQL: an embedded server in a fresh directory, or the external server named by
 * {@code VIGIL_TEST_DB_URL} (e.g. postgresql://postgres@127.0.0.1:5432/vigil_test; the database must be empty).
 * The application's reactive connections go through a {@link CuttableProxy} so fault tests can take the database away;
 * Flyway's JDBC connection goes direct.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    /** System property holding the proxy's control port (see {@link Database}). */
    static final String CONTROL_PORT = "test.db-proxy-control-port";
    private CuttableProxy proxy;
    private EmbeddedDatabase embedded;

    @Override
    public Map<String, String> start() {
        String external = System.getenv("VIGIL_TEST_DB_URL");
        Map<String, String> props;
        if (external != null && !external.isBlank()) {
            props = new HashMap<>(DatabaseUrl.toDatasourceProperties(external));
        } else {
            try {
                embedded = EmbeddedDatabase.start(Files.createTempDirectory("vigil-test-pg"), false);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            props = new HashMap<>(embedded.datasourceProperties());
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

package io.vigil.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vigil.db.DatabaseUrl;
import io.vigil.db.EmbeddedDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * The tests' PostgreSQL: an embedded server in a fresh directory, or the external server named by
 * {@code VIGIL_TEST_DB_URL} (e.g. postgresql://postgres@127.0.0.1:5432/vigil_test; the database must be empty).
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedDatabase embedded;

    @Override
    public Map<String, String> start() {
        String external = System.getenv("VIGIL_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            return DatabaseUrl.toDatasourceProperties(external);
        }
        try {
            embedded = EmbeddedDatabase.start(Files.createTempDirectory("vigil-test-pg"), false);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return embedded.datasourceProperties();
    }

    @Override
    public void stop() {
        if (embedded != null) {
            embedded.close();
        }
    }
}

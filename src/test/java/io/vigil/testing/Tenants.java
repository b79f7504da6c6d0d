package io.vigil.testing;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.auth.Secrets;

import java.time.Duration;
import java.util.UUID;

/** Creates extra workspaces straight in the database for isolation tests. */
public final class Tenants {

    private Tenants() {
    }

    /** A new workspace with an owner and returns a bearer token of that owner. */
    public static String workspaceWithToken(Pool pool) {
        UUID ws = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String token = Secrets.newToken("vgl_");
        pool.withTransaction(c -> c.preparedQuery("INSERT INTO workspaces (id, slug, name) VALUES ($1, $2, $3)")
                        .execute(Tuple.of(ws, "ws-" + ws, "Other"))
                        .chain(x -> c.preparedQuery("INSERT INTO users (id, email, name, password_hash) "
                                        + "VALUES ($1, $2, 'Other owner', 'x')")
                                .execute(Tuple.of(user, user + "@example.com")))
                        .chain(x -> c.preparedQuery("INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'owner')")
                                .execute(Tuple.of(ws, user)))
                        .chain(x -> c.preparedQuery("INSERT INTO api_tokens (id, workspace_id, user_id, name, token_hash, role) "
                                        + "VALUES ($1, $2, $3, 'test', $4, 'owner')")
                                .execute(Tuple.of(UUID.randomUUID(), ws, user, io.vertx.core.buffer.Buffer.buffer(Secrets.sha256(token))))))
                .await().atMost(Duration.ofSeconds(10));
        return token;
    }
}

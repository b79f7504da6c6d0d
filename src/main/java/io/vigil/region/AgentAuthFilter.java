package io.vigil.region;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.ProblemMapper;
import io.vigil.auth.Secrets;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Authenticates region agents on {@code /agent/v1/**} with their hashed {@code vga_} tokens. */
public class AgentAuthFilter {

    @Inject
    Pool pool;
    @Inject
    CurrentAgent current;

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> authenticate(ContainerRequestContext ctx) {
        if (!ctx.getUriInfo().getPath().startsWith("/agent/")) {
            return Uni.createFrom().nullItem();
        }
        String header = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Uni.createFrom().item(ProblemMapper.response(401, "send Authorization: Bearer <agent token>"));
        }
        byte[] hash = Secrets.sha256(header.substring(7).trim());
        return pool.preparedQuery("SELECT workspace_id, region FROM agent_tokens WHERE token_hash = $1")
                .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(hash)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return ProblemMapper.response(401, "the agent token is unknown or revoked");
                    }
                    var row = rows.iterator().next();
                    current.set(new CurrentAgent.Identity(row.getUUID(0), row.getString(1)));
                    return null;
                });
    }
}

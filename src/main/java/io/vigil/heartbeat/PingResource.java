package io.vigil.heartbeat;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.time.ZoneOffset;

/**
 * The URLs cron jobs and workers call: {@code /ping/{token}} (done), {@code …/start} (started), {@code …/fail}
 * (failed). GET or POST, no credentials: the unguessable token is the credential. Unknown tokens are 404.
 */
@Tag(name = "Heartbeats")
@Path("/ping/{token}")
@Produces(MediaType.TEXT_PLAIN)
public class PingResource {

    private static final String RECORD = """
            INSERT INTO heartbeats (check_id, %1$s, pings)
            SELECT id, $2, 1 FROM checks WHERE ping_token = $1 AND type = 'heartbeat'
            ON CONFLICT (check_id) DO UPDATE SET %1$s = excluded.%1$s, pings = heartbeats.pings + 1
            RETURNING check_id""";

    @Inject
    Pool pool;
    @Inject
    Clock clock;

    @Operation(summary = "Report a heartbeat success (GET)")
    @GET
    public Uni<String> success(@PathParam("token") String token) {
        return record(token, "last_success_at");
    }

    @Operation(summary = "Report a heartbeat success (POST)")
    @POST
    public Uni<String> successPost(@PathParam("token") String token) {
        return success(token);
    }

    @Operation(summary = "Report a heartbeat job start (GET)")
    @GET
    @Path("start")
    public Uni<String> start(@PathParam("token") String token) {
        return record(token, "last_start_at");
    }

    @Operation(summary = "Report a heartbeat job start (POST)")
    @POST
    @Path("start")
    public Uni<String> startPost(@PathParam("token") String token) {
        return start(token);
    }

    @Operation(summary = "Report a heartbeat failure (GET)")
    @GET
    @Path("fail")
    public Uni<String> fail(@PathParam("token") String token) {
        return record(token, "last_fail_at");
    }

    @Operation(summary = "Report a heartbeat failure (POST)")
    @POST
    @Path("fail")
    public Uni<String> failPost(@PathParam("token") String token) {
        return fail(token);
    }

    private Uni<String> record(String token, String column) {
        return pool.preparedQuery(RECORD.formatted(column))
                .execute(Tuple.of(token, clock.instant().atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ApiException.notFound("heartbeat " + token);
                    }
                    return "OK\n";
                });
    }
}

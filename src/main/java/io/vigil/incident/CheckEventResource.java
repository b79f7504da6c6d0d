package io.vigil.incident;

import io.vigil.core.CheckStatus;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.ApiException;
import io.vigil.api.Ids;
import io.vigil.api.Page;
import io.vigil.api.Paging;
import io.vigil.auth.Caller;
import io.vigil.auth.Access;
import io.vigil.auth.CurrentCaller;
import io.vigil.auth.Role;
import io.vigil.check.CheckService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@code GET /api/v1/checks/{id}/events}: every verdict transition of a check, newest first. */
@Tag(name = "Checks")
@Path("/api/v1/checks/{id}/events")
@Produces(MediaType.APPLICATION_JSON)
public class CheckEventResource {

    private static final String QUERY = """
            SELECT id, at, from_status, to_status, flapping, regions, detail::text FROM check_events
            WHERE check_id = $1 AND workspace_id = $2 AND ($3::timestamptz IS NULL OR (at, id) < ($3, $4::bigint))
            ORDER BY at DESC, id DESC LIMIT $5""";

    /** A transition: from and to status, the regions involved, and the per-region evidence that decided it. */
    public record CheckEvent(Instant at, CheckStatus from, CheckStatus to, boolean flapping, List<String> regions, JsonNode evidence) {
    }

    @Inject
    CheckService checks;
    @Inject
    CurrentCaller current;
    @Inject
    Pool pool;
    @Inject
    ObjectMapper mapper;

    @Operation(summary = "List a check's status changes")
    @Access(Role.VIEWER)
    @GET
    public Uni<Page<CheckEvent>> events(@PathParam("id") String id, @QueryParam("limit") String limit,
                                        @QueryParam("cursor") String cursor) {
        Caller caller = current.get();
        UUID checkId = Ids.parse(id, "check");
        int n = Paging.limit(limit);
        Paging.Position after = Paging.decode(cursor);
        Tuple args = Tuple.of(checkId, caller.workspaceId())
                .addOffsetDateTime(after == null ? null : after.at().atOffset(ZoneOffset.UTC))
                .addLong(after == null ? null : parseKey(after.key()))
                .addInteger(n + 1);
        return checks.exists(caller, checkId).chain(() -> pool.preparedQuery(QUERY).execute(args)).map(rows -> {
            List<CheckEvent> items = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (Row r : rows) {
                ids.add(r.getLong(0));
                items.add(new CheckEvent(r.getOffsetDateTime(1).toInstant(), CheckStatus.of(r.getString(2)), CheckStatus.of(r.getString(3)),
                        r.getBoolean(4), List.of(r.getArrayOfStrings(5)), json(r.getString(6))));
            }
            String next = null;
            if (items.size() > n) {
                items = items.subList(0, n);
                next = Paging.encode(items.get(n - 1).at(), String.valueOf(ids.get(n - 1)));
            }
            return new Page<>(List.copyOf(items), next);
        });
    }

    private static Long parseKey(String key) {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("cursor", "is not a cursor this API issued");
        }
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event evidence is not JSON", e);
        }
    }
}

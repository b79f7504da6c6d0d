package io.vigil.check;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.core.CheckStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Every check of a workspace in a few columns with the status it shows (paused, then maintenance, then its latest
 * verdict, else pending: the rule of {@link CheckService}), for lists that filter, count and sort all of them at once
 * (the console's overview). One query on {@code checks}, one on the verdicts; no definitions beyond what a list shows.
 */
@ApplicationScoped
public class CheckOverview {

    /** One check as a list shows it. */
    public record Line(UUID id, String name, String type, String target, List<String> tags, List<String> regions,
                       int intervalSeconds, CheckStatus status, boolean flapping, Instant createdAt) {
    }

    @Inject
    Pool pool;
    @Inject
    LatestVerdicts verdicts;
    @Inject
    MaintenanceCalendar maintenance;
    @Inject
    Clock clock;

    /** The workspace's checks, newest first. */
    public Uni<List<Line>> all(UUID workspaceId) {
        return pool.preparedQuery("""
                        SELECT id, name, type, url, tags, regions, interval_seconds, paused, created_at
                        FROM checks WHERE workspace_id = $1 ORDER BY created_at DESC, id DESC""")
                .execute(Tuple.of(workspaceId))
                .chain(rows -> verdicts.ofWorkspace(workspaceId).map(latest -> {
                    List<Row> list = new ArrayList<>(rows.size());
                    rows.forEach(list::add);
                    return lines(workspaceId, list, latest);
                }));
    }

    /** These checks of the workspace (others' ids are left out), for a page that follows the checks it shows. */
    public Uni<List<Line>> of(UUID workspaceId, List<UUID> ids) {
        return pool.preparedQuery("""
                        SELECT id, name, type, url, tags, regions, interval_seconds, paused, created_at
                        FROM checks WHERE workspace_id = $1 AND id = ANY($2)""")
                .execute(Tuple.of(workspaceId, ids.toArray(UUID[]::new)))
                .chain(rows -> {
                    List<Row> list = new ArrayList<>(rows.size());
                    rows.forEach(list::add);
                    return verdicts.of(list.stream().map(r -> r.getUUID(0)).toList()).map(latest -> lines(workspaceId, list, latest));
                });
    }

    /** The workspace a check belongs to, for a link that names only the check; empty for no such check. */
    public Uni<Optional<UUID>> workspaceOf(UUID checkId) {
        return pool.preparedQuery("SELECT workspace_id FROM checks WHERE id = $1").execute(Tuple.of(checkId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID(0)));
    }

    private List<Line> lines(UUID workspaceId, List<Row> rows, Map<UUID, LatestVerdicts.Verdict> latest) {
        Instant now = clock.instant();
        List<Line> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            UUID id = r.getUUID(0);
            List<String> tags = List.of(r.getArrayOfStrings(4));
            LatestVerdicts.Verdict v = latest.get(id);
            CheckStatus status = r.getBoolean(7) ? CheckStatus.PAUSED
                    : maintenance.inMaintenance(workspaceId, id, tags, now) ? CheckStatus.MAINTENANCE
                    : v == null ? CheckStatus.PENDING : v.status();
            out.add(new Line(id, r.getString(1), r.getString(2), r.getString(3), tags, List.of(r.getArrayOfStrings(5)),
                    r.getInteger(6), status, v != null && v.flapping(), r.getOffsetDateTime(8).toInstant()));
        }
        return out;
    }
}

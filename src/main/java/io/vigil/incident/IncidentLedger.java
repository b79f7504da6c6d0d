package io.vigil.incident;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.VigilConfig;
import io.vigil.check.CheckRegistry;
import io.vigil.check.CheckSpec;
import io.vigil.core.CheckStatus;
import io.vigil.maintenance.MaintenanceService;
import io.vigil.notify.Outbox;
import io.vigil.notify.OutboxEvent;
import io.vigil.verdict.Transition;
import io.vigil.verdict.TransitionSink;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Turns verdict transitions into incidents and their notifications, inside the transaction that records the
 * transition: a check going down opens exactly one incident (a partial unique index makes a second open a no-op),
 * recovery resolves it, and the notification events go to the outbox on the same connection. A check that goes down
 * under maintenance or below a down parent opens nothing; {@link HeldOutages} opens its incident if it is still down
 * once that ends.
 */
@ApplicationScoped
public class IncidentLedger implements TransitionSink {

    private static final String OPEN = """
            INSERT INTO incidents (id, workspace_id, check_id, title, state, phase, impact, regions, started_at, automatic)
            SELECT $1, $2, $3, $4, 'open', 'investigating', 'major', $5, $6, true
            WHERE EXISTS (SELECT 1 FROM checks WHERE id = $3)
            ON CONFLICT (check_id) WHERE state = 'open' DO NOTHING
            RETURNING id, title, started_at, resolved_at""";
    private static final String RESOLVE = """
            UPDATE incidents SET state = 'resolved', phase = 'resolved', resolved_at = $2
            WHERE check_id = $1 AND state = 'open'
            RETURNING id, title, started_at, resolved_at""";
    static final String TIMELINE = "INSERT INTO incident_timeline (incident_id, at, kind, region, detail) VALUES ($1, $2, $3, $4, $5)";

    @Inject
    CheckRegistry registry;
    @Inject
    MaintenanceService maintenance;
    @Inject
    HeldOutages held;
    @Inject
    Outbox outbox;
    @Inject
    VigilConfig vigil;

    @Override
    public Uni<Void> accept(SqlConnection conn, Transition t) {
        CheckSpec check = registry.get(t.check().checkId());
        if (check == null) {
            return Uni.createFrom().voidItem();   // deleted meanwhile: nothing to open or tell
        }
        return onTransition(conn, t, check).chain(change -> {
            boolean muted = maintenance.inMaintenance(check.workspaceId(), check.id(), check.tags(), t.at());
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (OutboxEvent e : OutageNotices.of(t, check, change, muted, vigil.publicUrl())) {
                chain = chain.chain(() -> outbox.publish(conn, e));
            }
            return chain;
        });
    }

    /** Opens or resolves the check's incident as the transition says; tells what it did (for the notifications). */
    private Uni<IncidentChange> onTransition(SqlConnection conn, Transition t, CheckSpec check) {
        if (t.wentDown()) {
            Suppression suppression = held.suppression(check, t.at());
            held.hold(t, suppression);
            return switch (suppression) {
                case NONE -> open(conn, t);
                case MAINTENANCE -> Uni.createFrom().item(IncidentChange.NONE);
                case PARENT_DOWN -> foldIntoParent(conn, t, check).replaceWith(IncidentChange.NONE);
            };
        }
        if (t.to().status() != CheckStatus.DOWN) {
            held.release(t.check().checkId());
        }
        if (t.recovered()) {
            return resolve(conn, t);
        }
        return Uni.createFrom().item(IncidentChange.NONE);
    }

    private Uni<IncidentChange> open(SqlConnection conn, Transition t) {
        Tuple args = Tuple.of(UUID.randomUUID(), t.check().workspaceId(), t.check().checkId(), outageTitle(t.check().name()))
                .addArrayOfString(t.to().failing().toArray(String[]::new))
                .addOffsetDateTime(utc(t.at()));
        return conn.preparedQuery(OPEN).execute(args).chain(rows -> {
            IncidentChange change = change(rows, IncidentChange.Kind.OPENED);
            if (change == IncidentChange.NONE) {
                return Uni.createFrom().item(change);
            }
            UUID id = change.id();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Transition.Evidence e : t.evidence()) {
                if (e.status() == CheckStatus.DOWN && e.failingSince() != null) {
                    chain = chain.chain(() -> timeline(conn, id, e.failingSince(), "first_failure", e.region(),
                            "first failed probe in " + e.region()));
                }
            }
            int live = t.evidence().size() - t.to().unknown().size();
            String detail = t.to().failing().size() + " of " + live + " live regions down (quorum: "
                    + t.check().quorum() + ")";
            return chain.chain(() -> timeline(conn, id, t.at(), "quorum_reached", null, detail)).replaceWith(change);
        });
    }

    /** One alert per outage: the child's failure becomes a line in the parent's open incident. */
    private Uni<Void> foldIntoParent(SqlConnection conn, Transition t, CheckSpec check) {
        return conn.preparedQuery("SELECT id FROM incidents WHERE check_id = $1 AND state = 'open'")
                .execute(Tuple.of(check.parentId()))
                .chain(rows -> {
                    UUID parentIncident = first(rows);
                    return parentIncident == null ? Uni.createFrom().voidItem()
                            : timeline(conn, parentIncident, t.at(), "dependent_down", null, t.check().name() + " is down too");
                });
    }

    private Uni<IncidentChange> resolve(SqlConnection conn, Transition t) {
        return conn.preparedQuery(RESOLVE).execute(Tuple.of(t.check().checkId(), utc(t.at()))).chain(rows -> {
            IncidentChange change = change(rows, IncidentChange.Kind.RESOLVED);
            return change == IncidentChange.NONE ? Uni.createFrom().item(change)
                    : timeline(conn, change.id(), t.at(), "recovered", null, "check is " + t.to().status().wire() + " again")
                    .replaceWith(change);
        });
    }

    private static IncidentChange change(RowSet<Row> rows, IncidentChange.Kind kind) {
        if (!rows.iterator().hasNext()) {
            return IncidentChange.NONE;
        }
        Row r = rows.iterator().next();
        OffsetDateTime resolved = r.getOffsetDateTime(3);
        return new IncidentChange(kind, r.getUUID(0), r.getString(1), r.getOffsetDateTime(2).toInstant(),
                resolved == null ? null : resolved.toInstant());
    }

    static Uni<Void> timeline(SqlConnection conn, UUID incident, Instant at, String kind, String region, String detail) {
        Tuple args = Tuple.of(incident, utc(at), kind).addString(region).addString(detail);
        return conn.preparedQuery(TIMELINE).execute(args).replaceWithVoid();
    }

    private static UUID first(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? rows.iterator().next().getUUID(0) : null;
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    static List<String> list(String[] values) {
        return values == null ? List.of() : List.of(values);
    }

    /** The title of an outage Vigil opens itself. */
    public static String outageTitle(String checkName) {
        return checkName + " is down";
    }
}

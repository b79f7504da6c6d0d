package io.vigil.verdict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import io.vigil.core.CheckStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes what the verdicts decided: changed region states, the check verdict, one event per transition, and,
 * on the same connection, whatever the {@link TransitionSink} makes of the transition. One transaction at a time,
 * in the order decided, retried while the database is away, so no transition is lost or reordered.
 */
@ApplicationScoped
class VerdictStore {

    private static final Logger LOG = Logger.getLogger(VerdictStore.class);
    /** SQLSTATE classes worth retrying: connection, rollback, resources, operator intervention, system error. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");
    private static final String UPSERT_REGIONS = """
            INSERT INTO check_states (check_id, region, workspace_id, status, consecutive_failures,
                                      consecutive_successes, last_result_at, changed_at)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::int[], $6::int[], $7::timestamptz[], $8::timestamptz[])
                AS t(check_id, region, workspace_id, status, failures, successes, last_result_at, changed_at)
            WHERE EXISTS (SELECT 1 FROM checks c WHERE c.id = t.check_id)
            ON CONFLICT (check_id, region) DO UPDATE SET
                status = excluded.status, consecutive_failures = excluded.consecutive_failures,
                consecutive_successes = excluded.consecutive_successes, last_result_at = excluded.last_result_at,
                changed_at = excluded.changed_at""";
    private static final String UPSERT_VERDICT = """
            INSERT INTO check_verdicts (check_id, workspace_id, status, flapping, failing, unknown, changed_at)
            SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS (SELECT 1 FROM checks WHERE id = $1)
            ON CONFLICT (check_id) DO UPDATE SET status = excluded.status, flapping = excluded.flapping,
                failing = excluded.failing, unknown = excluded.unknown, changed_at = excluded.changed_at""";
    private static final String INSERT_EVENT = """
            INSERT INTO check_events (check_id, workspace_id, at, from_status, to_status, flapping, regions, detail)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8::text::jsonb WHERE EXISTS (SELECT 1 FROM checks WHERE id = $1)""";

    /** A region whose state changed, as stored in {@code check_states}; {@code at} is when the change was decided. */
    record RegionRow(UUID checkId, String region, UUID workspaceId, RegionVerdict.State state, Instant lastResultAt,
                     Instant at) {
    }

    /** A stored region state, read back at start. */
    record StoredRegion(UUID checkId, String region, RegionVerdict.State state, Instant lastResultAt) {
    }

    /** A stored check verdict, read back at start. */
    record StoredVerdict(UUID checkId, CheckVerdict.Verdict verdict) {
    }

    /** What was stored before this process started. */
    record Stored(List<StoredRegion> regions, List<StoredVerdict> verdicts) {
    }

    @Inject
    Pool pool;
    @Inject
    TransitionSink sink;
    @Inject
    Event<StatusChanged> statusChanged;
    @Inject
    ObjectMapper mapper;
    @Inject
    Clock clock;

    private record Write(List<RegionRow> regions, List<Transition> transitions) {
    }

    private final ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    Uni<Stored> load() {
        List<StoredRegion> regions = new ArrayList<>();
        List<StoredVerdict> verdicts = new ArrayList<>();
        return pool.query("SELECT check_id, region, status, consecutive_failures, consecutive_successes, last_result_at FROM check_states")
                .execute()
                .invoke(rows -> {
                    for (Row row : rows) {
                        OffsetDateTime last = row.getOffsetDateTime(5);
                        regions.add(new StoredRegion(row.getUUID(0), row.getString(1),
                                new RegionVerdict.State(CheckStatus.of(row.getString(2)), row.getInteger(3), row.getInteger(4)),
                                last == null ? null : last.toInstant()));
                    }
                })
                .chain(() -> pool.query("SELECT check_id, status, failing, unknown FROM check_verdicts").execute())
                .map(rows -> {
                    for (Row row : rows) {
                        verdicts.add(new StoredVerdict(row.getUUID(0), new CheckVerdict.Verdict(CheckStatus.of(row.getString(1)),
                                List.of(row.getArrayOfStrings(2)), List.of(row.getArrayOfStrings(3)))));
                    }
                    return new Stored(regions, verdicts);
                });
    }

    /** Queues one write; writes run one at a time, in the order queued. */
    void write(List<RegionRow> regions, List<Transition> transitions) {
        if (regions.isEmpty() && transitions.isEmpty()) {
            return;
        }
        writes.add(new Write(regions, transitions));
        drain();
    }

    /** Nothing decided is still waiting for the database. */
    boolean idle() {
        return writes.isEmpty() && !writing.get();
    }

    private void drain() {
        if (!writing.compareAndSet(false, true)) {
            return;
        }
        Write next = writes.poll();
        if (next == null) {
            writing.set(false);
            if (!writes.isEmpty()) {
                drain();
            }
            return;
        }
        Uni.createFrom().deferred(() -> persist(next))
                .onFailure(VerdictStore::isTransient).retry().withBackOff(Duration.ofMillis(250), Duration.ofSeconds(30)).indefinitely()
                .subscribe().with(x -> done(), e -> {
                    LOG.errorf(e, "Storing verdict changes failed for good");
                    done();
                });
    }

    private void done() {
        writing.set(false);
        drain();
    }

    private Uni<Void> persist(Write w) {
        return pool.withTransaction(conn -> upsertRegions(conn, w.regions())
                        .chain(() -> {
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            for (Transition t : w.transitions()) {
                                chain = chain.chain(() -> record(conn, t));
                            }
                            return chain;
                        }))
                .invoke(() -> w.transitions().forEach(t -> statusChanged.fire(new StatusChanged(t.check().checkId()))));
    }

    private Uni<Void> upsertRegions(SqlConnection conn, List<RegionRow> changed) {
        if (changed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = changed.size();
        UUID[] check = new UUID[n];
        String[] region = new String[n];
        UUID[] workspace = new UUID[n];
        String[] status = new String[n];
        Integer[] failures = new Integer[n];
        Integer[] successes = new Integer[n];
        OffsetDateTime[] last = new OffsetDateTime[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            RegionRow r = changed.get(i);
            check[i] = r.checkId();
            region[i] = r.region();
            workspace[i] = r.workspaceId();
            status[i] = r.state().status().wire();
            failures[i] = r.state().failures();
            successes[i] = r.state().successes();
            last[i] = utc(r.lastResultAt());
            at[i] = utc(r.at());
        }
        return conn.preparedQuery(UPSERT_REGIONS)
                .execute(Tuple.from(new Object[]{check, region, workspace, status, failures, successes, last, at}))
                .replaceWithVoid();
    }

    private Uni<Void> record(SqlConnection conn, Transition t) {
        CheckRules c = t.check();
        OffsetDateTime at = utc(t.at());
        Tuple verdict = Tuple.tuple(List.of(c.checkId(), c.workspaceId(), t.to().status().wire(), t.flapping()))
                .addArrayOfString(t.to().failing().toArray(String[]::new))
                .addArrayOfString(t.to().unknown().toArray(String[]::new))
                .addOffsetDateTime(at);
        Tuple event = Tuple.tuple(List.of(c.checkId(), c.workspaceId()))
                .addOffsetDateTime(at).addString(t.from().status().wire()).addString(t.to().status().wire()).addBoolean(t.flapping())
                .addArrayOfString(involved(t)).addString(json(t.evidence()));
        return conn.preparedQuery(UPSERT_VERDICT).execute(verdict)
                .chain(() -> conn.preparedQuery(INSERT_EVENT).execute(event))
                .chain(() -> sink.accept(conn, t));
    }

    private static String[] involved(Transition t) {
        Set<String> regions = new LinkedHashSet<>(t.to().failing());
        regions.addAll(t.from().failing());
        regions.addAll(t.to().unknown());
        return regions.toArray(String[]::new);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    /** Worth retrying: anything but a statement PostgreSQL refuses for good (a lost connection included). */
    static boolean isTransient(Throwable failure) {
        if (failure instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().length() >= 2) {
            return TRANSIENT_CLASSES.contains(pg.getSqlState().substring(0, 2));
        }
        return true;
    }
}

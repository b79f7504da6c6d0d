package io.vigil.verdict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.check.CheckChanged;
import io.vigil.check.CheckRegistry;
import io.vigil.check.CheckSpec;
import io.vigil.db.DatabaseErrors;
import io.vigil.incident.IncidentLedger;
import io.vigil.maintenance.MaintenanceService;
import io.vigil.notify.Notices;
import io.vigil.notify.Outbox;
import io.vigil.notify.OutboxEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Feeds stored results, in slot order, through the per-region machine ({@link RegionVerdict}) and the check-level
 * verdict ({@link CheckVerdict}, quorum and unknown regions), and detects flapping. Every change is written in one
 * transaction together with its consequences (event, incident opened or resolved); those transactions run one at a
 * time in order and are retried while the database is away, so no transition is lost or reordered.
 */
@ApplicationScoped
public class VerdictTracker {

    private static final Logger LOG = Logger.getLogger(VerdictTracker.class);
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

    /** One newly stored result. */
    public record Result(UUID checkId, String region, Instant scheduledAt, String outcome, Transition.LastError error) {
    }

    private record Key(UUID checkId, String region) {
    }

    /** What is remembered per (check, region). */
    private record Region(RegionVerdict.State state, Instant lastResultAt, Instant failingSince, Transition.LastError lastError) {
        static final Region NEW = new Region(RegionVerdict.State.PENDING, null, null, null);
    }

    /** What is remembered per check. */
    private static final class Memo {
        volatile CheckVerdict.Verdict verdict = CheckVerdict.Verdict.PENDING;
        final FlapDetector flaps = new FlapDetector();
        /** Went down while suppressed: opens its incident once the suppression ends, if still down. */
        Transition.Suppression suppressedDown = Transition.Suppression.NONE;
    }

    @Inject
    Pool pool;
    @Inject
    CheckRegistry registry;
    @Inject
    IncidentLedger incidents;
    @Inject
    Outbox outbox;
    @Inject
    jakarta.enterprise.event.Event<StatusChanged> statusChanged;
    @Inject
    MaintenanceService maintenance;
    @Inject
    ObjectMapper mapper;
    @Inject
    Clock clock;
    @Inject
    io.vigil.VigilConfig vigil;

    private final Map<Key, Region> regions = new ConcurrentHashMap<>();
    private final Map<UUID, Memo> checks = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Supplier<Uni<Void>>> writes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (vigil.agentMode()) {
            return;   // an agent reports results; the server judges them
        }
        VertxContextSupport.subscribeAndAwait(() -> pool.query(
                        "SELECT check_id, region, status, consecutive_failures, consecutive_successes, last_result_at FROM check_states")
                .execute()
                .invoke(rows -> {
                    for (Row row : rows) {
                        OffsetDateTime last = row.getOffsetDateTime(5);
                        regions.put(new Key(row.getUUID(0), row.getString(1)), new Region(
                                new RegionVerdict.State(row.getString(2), row.getInteger(3), row.getInteger(4)),
                                last == null ? null : last.toInstant(), null, null));
                    }
                })
                .chain(() -> pool.query("SELECT check_id, status, failing, unknown FROM check_verdicts").execute())
                .invoke(rows -> {
                    for (Row row : rows) {
                        Memo memo = new Memo();
                        memo.verdict = new CheckVerdict.Verdict(row.getString(1), List.of(row.getArrayOfStrings(2)),
                                List.of(row.getArrayOfStrings(3)));
                        checks.put(row.getUUID(0), memo);
                    }
                }));
    }

    void onChange(@Observes CheckChanged event) {
        if (event.spec() == null) {
            regions.keySet().removeIf(k -> k.checkId().equals(event.checkId()));
            checks.remove(event.checkId());
        }
    }

    /** Applies results that were just stored, oldest first. Serialized with {@link #sweep()}: both change memos. */
    public synchronized void apply(List<Result> results) {
        // A region is live while the server hears from it: the server's clock, not the agent's slot times, so an
        // agent whose clock is minutes off is neither unknown nor the cause of phantom slots.
        Instant heard = clock.instant();
        Map<Key, Region> changedRegions = new LinkedHashMap<>();
        Set<UUID> affected = new LinkedHashSet<>();
        for (Result r : results) {
            CheckSpec spec = registry.get(r.checkId());
            if (spec == null) {
                continue;
            }
            Key key = new Key(r.checkId(), r.region());
            Region before = regions.getOrDefault(key, Region.NEW);
            RegionVerdict.State state = RegionVerdict.next(before.state(), r.outcome(), spec.failureThreshold(), spec.successThreshold());
            Instant last = heard;
            Instant failingSince = switch (r.outcome()) {
                case "down" -> before.failingSince() == null ? r.scheduledAt() : before.failingSince();
                case "up", "degraded" -> null;
                default -> before.failingSince();
            };
            Transition.LastError lastError = switch (r.outcome()) {
                case "down" -> r.error();
                case "up", "degraded" -> null;
                default -> before.lastError();
            };
            Region after = new Region(state, last, failingSince, lastError);
            regions.put(key, after);
            if (!state.status().equals(before.state().status())) {
                changedRegions.put(key, after);
            }
            affected.add(r.checkId());
        }
        List<Transition> transitions = evaluate(affected, true);
        if (!changedRegions.isEmpty() || !transitions.isEmpty()) {
            enqueue(() -> persist(changedRegions, transitions));
        }
    }

    /** Regions that stopped reporting become unknown even though no result arrives to say so. */
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = io.vigil.ServerOnly.class)
    synchronized void sweep() {
        List<Transition> transitions = evaluate(checks.keySet(), false);
        transitions.addAll(suppressionsEnded());
        if (!transitions.isEmpty()) {
            enqueue(() -> persist(Map.of(), transitions));
        }
    }

    /** The current verdict and flapping flag of a check, as held in memory. */
    public String status(UUID checkId) {
        Memo memo = checks.get(checkId);
        return memo == null ? CheckStatus.PENDING : memo.verdict.status();
    }

    private List<Transition> evaluate(Set<UUID> ids, boolean countsForFlapping) {
        Instant now = clock.instant();
        List<Transition> transitions = new ArrayList<>();
        for (UUID id : ids) {
            CheckSpec spec = registry.get(id);
            if (spec == null) {
                continue;
            }
            Map<String, CheckVerdict.RegionView> views = new HashMap<>();
            for (String region : spec.regions()) {
                Region r = regions.get(new Key(id, region));
                if (r != null) {
                    views.put(region, new CheckVerdict.RegionView(r.state().status(), r.lastResultAt()));
                }
            }
            CheckVerdict.Verdict verdict = CheckVerdict.evaluate(spec.regions(), views, now, spec.interval(),
                    Quorum.parse(spec.quorum()));
            Memo memo = checks.computeIfAbsent(id, k -> new Memo());
            boolean wasFlapping = memo.flaps.flapping();
            boolean flapping = countsForFlapping ? memo.flaps.record(verdict.status()) : wasFlapping;
            if (!verdict.status().equals(memo.verdict.status()) || flapping != wasFlapping) {
                boolean wentDown = CheckStatus.DOWN.equals(verdict.status()) && !CheckStatus.DOWN.equals(memo.verdict.status());
                Transition.Suppression suppression = wentDown ? suppression(spec, now) : Transition.Suppression.NONE;
                if (!CheckStatus.DOWN.equals(verdict.status())) {
                    memo.suppressedDown = Transition.Suppression.NONE;
                } else if (wentDown) {
                    memo.suppressedDown = suppression;
                }
                transitions.add(new Transition(spec, memo.verdict, verdict, wasFlapping, flapping, now, evidence(spec), suppression));
                memo.verdict = verdict;
            }
        }
        return transitions;
    }

    private Transition.Suppression suppression(CheckSpec spec, Instant now) {
        if (maintenance.inMaintenance(spec.workspaceId(), spec.id(), spec.tags(), now)) {
            return Transition.Suppression.MAINTENANCE;
        }
        if (spec.parentId() != null && CheckStatus.DOWN.equals(status(spec.parentId()))) {
            return Transition.Suppression.PARENT_DOWN;
        }
        return Transition.Suppression.NONE;
    }

    /** Checks still down after their maintenance ended or their parent recovered: their incident opens now. */
    private List<Transition> suppressionsEnded() {
        Instant now = clock.instant();
        List<Transition> transitions = new ArrayList<>();
        checks.forEach((id, memo) -> {
            CheckSpec spec = registry.get(id);
            if (spec == null || memo.suppressedDown == Transition.Suppression.NONE
                    || !CheckStatus.DOWN.equals(memo.verdict.status()) || suppression(spec, now) != Transition.Suppression.NONE) {
                return;
            }
            String reason = memo.suppressedDown == Transition.Suppression.MAINTENANCE ? CheckStatus.MAINTENANCE : "parent_down";
            memo.suppressedDown = Transition.Suppression.NONE;
            transitions.add(new Transition(spec, new CheckVerdict.Verdict(reason, List.of(), List.of()), memo.verdict,
                    memo.flaps.flapping(), memo.flaps.flapping(), now, evidence(spec), Transition.Suppression.NONE));
        });
        return transitions;
    }

    private List<Transition.Evidence> evidence(CheckSpec spec) {
        List<Transition.Evidence> evidence = new ArrayList<>();
        for (String region : spec.regions()) {
            Region r = regions.get(new Key(spec.id(), region));
            if (r != null) {
                evidence.add(new Transition.Evidence(region, r.state().status(), r.failingSince(), r.lastResultAt(),
                        r.lastError()));
            }
        }
        return evidence;
    }

    // --- writing, one transaction at a time, in order, retried while the database is away ---------------------

    private void enqueue(Supplier<Uni<Void>> write) {
        writes.add(write);
        drain();
    }

    private void drain() {
        if (!writing.compareAndSet(false, true)) {
            return;
        }
        Supplier<Uni<Void>> next = writes.poll();
        if (next == null) {
            writing.set(false);
            if (!writes.isEmpty()) {
                drain();
            }
            return;
        }
        Uni.createFrom().<Void>deferred(next::get)
                .onFailure(DatabaseErrors::isTransient).retry().withBackOff(Duration.ofMillis(250), Duration.ofSeconds(30)).indefinitely()
                .subscribe().with(x -> done(), e -> {
                    LOG.errorf(e, "Storing verdict changes failed for good");
                    done();
                });
    }

    private void done() {
        writing.set(false);
        drain();
    }

    private Uni<Void> persist(Map<Key, Region> changedRegions, List<Transition> transitions) {
        return pool.withTransaction(conn -> upsertRegions(conn, changedRegions)
                .chain(() -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Transition t : transitions) {
                        chain = chain.chain(() -> record(conn, t));
                    }
                    return chain;
                }))
                .invoke(() -> transitions.forEach(t -> statusChanged.fire(new StatusChanged(t.check().id()))));
    }

    private Uni<Void> upsertRegions(SqlConnection conn, Map<Key, Region> changed) {
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
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        int i = 0;
        for (Map.Entry<Key, Region> e : changed.entrySet()) {
            CheckSpec spec = registry.get(e.getKey().checkId());
            check[i] = e.getKey().checkId();
            region[i] = e.getKey().region();
            workspace[i] = spec == null ? null : spec.workspaceId();
            status[i] = e.getValue().state().status();
            failures[i] = e.getValue().state().failures();
            successes[i] = e.getValue().state().successes();
            last[i] = e.getValue().lastResultAt() == null ? null : e.getValue().lastResultAt().atOffset(ZoneOffset.UTC);
            at[i] = now;
            i++;
        }
        return conn.preparedQuery(UPSERT_REGIONS)
                .execute(Tuple.from(new Object[]{check, region, workspace, status, failures, successes, last, at}))
                .replaceWithVoid();
    }

    private Uni<Void> record(SqlConnection conn, Transition t) {
        CheckSpec c = t.check();
        OffsetDateTime at = t.at().atOffset(ZoneOffset.UTC);
        String[] involved = involved(t);
        Tuple verdict = Tuple.tuple(List.of(c.id(), c.workspaceId(), t.to().status(), t.flapping()))
                .addArrayOfString(t.to().failing().toArray(String[]::new))
                .addArrayOfString(t.to().unknown().toArray(String[]::new))
                .addOffsetDateTime(at);
        Tuple event = Tuple.tuple(List.of(c.id(), c.workspaceId()))
                .addOffsetDateTime(at).addString(t.from().status()).addString(t.to().status()).addBoolean(t.flapping())
                .addArrayOfString(involved).addString(json(t.evidence()));
        return conn.preparedQuery(UPSERT_VERDICT).execute(verdict)
                .chain(() -> conn.preparedQuery(INSERT_EVENT).execute(event))
                .chain(() -> incidents.onTransition(conn, t))
                .chain(change -> {
                    boolean muted = maintenance.inMaintenance(c.workspaceId(), c.id(), c.tags(), t.at());
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (OutboxEvent e : Notices.of(t, change, muted, vigil.publicUrl())) {
                        chain = chain.chain(() -> outbox.publish(conn, e));
                    }
                    return chain;
                });
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
}

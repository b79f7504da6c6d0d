package io.vigil.verdict;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.check.CheckChanged;
import io.vigil.check.CheckRegistry;
import io.vigil.check.CheckSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feeds stored results, in slot order, through {@link RegionVerdict} and persists a (check, region) state only
 * when its status changes, so the hot path writes nothing per result. Also publishes {@code vigil_check_up}.
 */
@ApplicationScoped
public class VerdictTracker {

    private static final Logger LOG = Logger.getLogger(VerdictTracker.class);
    private static final String UPSERT = """
            INSERT INTO check_states (check_id, region, workspace_id, status, consecutive_failures,
                                      consecutive_successes, last_result_at, changed_at)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::int[], $6::int[], $7::timestamptz[], $7::timestamptz[])
            ON CONFLICT (check_id, region) DO UPDATE SET
                status = excluded.status, consecutive_failures = excluded.consecutive_failures,
                consecutive_successes = excluded.consecutive_successes, last_result_at = excluded.last_result_at,
                changed_at = excluded.changed_at""";

    /** One newly stored result. */
    public record Result(UUID checkId, String region, String outcome) {
    }

    private record Key(UUID checkId, String region) {
    }

    private record Change(Key key, UUID workspaceId, RegionVerdict.State state) {
    }

    @Inject
    Pool pool;
    @Inject
    CheckRegistry registry;
    @Inject
    MeterRegistry meters;
    @Inject
    Clock clock;

    private final Map<Key, RegionVerdict.State> states = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> upGauges = new ConcurrentHashMap<>();

    void onStart(@Observes StartupEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> pool.query(
                        "SELECT check_id, region, status, consecutive_failures, consecutive_successes FROM check_states")
                .execute()
                .invoke(rows -> {
                    for (Row row : rows) {
                        states.put(new Key(row.getUUID(0), row.getString(1)),
                                new RegionVerdict.State(row.getString(2), row.getInteger(3), row.getInteger(4)));
                    }
                }));
    }

    void onChange(@Observes CheckChanged event) {
        if (event.spec() == null) {
            states.keySet().removeIf(k -> k.checkId().equals(event.checkId()));
            AtomicInteger gauge = upGauges.remove(event.checkId());
            if (gauge != null) {
                meters.find("vigil_check_up").tag("check", event.checkId().toString()).meters().forEach(meters::remove);
            }
        }
    }

    /** Applies results that were just stored, oldest first. */
    public void apply(List<Result> results) {
        // Keyed so that two changes of one (check, region) in a batch become one row: the last wins.
        Map<Key, Change> changes = new java.util.LinkedHashMap<>();
        for (Result r : results) {
            CheckSpec spec = registry.get(r.checkId());
            if (spec == null) {
                continue;
            }
            Key key = new Key(r.checkId(), r.region());
            RegionVerdict.State before = states.getOrDefault(key, RegionVerdict.State.PENDING);
            RegionVerdict.State after = RegionVerdict.next(before, r.outcome(), spec.failureThreshold(), spec.successThreshold());
            states.put(key, after);
            if (!after.status().equals(before.status())) {
                changes.put(key, new Change(key, spec.workspaceId(), after));
                publish(spec);
            } else if (!upGauges.containsKey(spec.id()) && !CheckStatus.PENDING.equals(after.status())) {
                publish(spec);
            }
        }
        if (!changes.isEmpty()) {
            persist(List.copyOf(changes.values())).subscribe().with(x -> { }, e -> LOG.warnf("Storing %d state changes failed: %s", changes.size(), e.getMessage()));
        }
    }

    /** The current status of a check across its regions. */
    public String status(CheckSpec spec) {
        List<String> known = new ArrayList<>();
        for (String region : spec.regions()) {
            RegionVerdict.State s = states.get(new Key(spec.id(), region));
            if (s != null && !CheckStatus.PENDING.equals(s.status())) {
                known.add(s.status());
            }
        }
        return CheckStatus.of(spec.paused(), spec.regions().size(), known);
    }

    private void publish(CheckSpec spec) {
        AtomicInteger gauge = upGauges.computeIfAbsent(spec.id(), id -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("vigil_check_up", value, AtomicInteger::get)
                    .description("1 when the check is up or degraded, 0 when down")
                    .tag("check", id.toString()).tag("name", spec.name())
                    .register(meters);
            return value;
        });
        gauge.set(CheckStatus.DOWN.equals(status(spec)) ? 0 : 1);
    }

    private Uni<Void> persist(List<Change> changes) {
        int n = changes.size();
        UUID[] check = new UUID[n];
        String[] region = new String[n];
        UUID[] workspace = new UUID[n];
        String[] status = new String[n];
        Integer[] failures = new Integer[n];
        Integer[] successes = new Integer[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        for (int i = 0; i < n; i++) {
            Change c = changes.get(i);
            RegionVerdict.State s = c.state();
            check[i] = c.key().checkId();
            region[i] = c.key().region();
            workspace[i] = c.workspaceId();
            status[i] = s.status();
            failures[i] = s.failures();
            successes[i] = s.successes();
            at[i] = now;
        }
        return pool.preparedQuery(UPSERT)
                .execute(Tuple.from(new Object[]{check, region, workspace, status, failures, successes, at}))
                .replaceWithVoid();
    }
}

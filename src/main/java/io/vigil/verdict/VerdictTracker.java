package io.vigil.verdict;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.vigil.core.CheckStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Memory to transitions: feeds results, in slot order, through the per-region machine ({@link RegionVerdict}) and
 * the check-level verdict ({@link CheckVerdict}, quorum and unknown regions), detects flapping, and hands every
 * change to {@link VerdictStore}, which records it and passes it to the {@link TransitionSink}. Judging needs no
 * database: results taken while PostgreSQL is away are judged when they are taken, so the transitions carry the
 * real times and are written, in order, once it is back.
 */
@ApplicationScoped
public class VerdictTracker {

    private record Key(UUID checkId, String region) {
    }

    /** What is remembered per (check, region); {@code lastSlot} is the newest slot judged (older ones are replays). */
    private record Region(RegionVerdict.State state, Instant lastResultAt, Instant lastSlot, Instant failingSince,
                          Transition.LastError lastError) {
        static final Region NEW = new Region(RegionVerdict.State.PENDING, null, null, null, null);
    }

    /** What is remembered per check. */
    private static final class Memo {
        volatile CheckVerdict.Verdict verdict = CheckVerdict.Verdict.PENDING;
        final FlapDetector flaps = new FlapDetector();
    }

    @Inject
    RuleSource rules;
    @Inject
    VerdictStore store;
    @Inject
    Clock clock;
    @ConfigProperty(name = "vigil.mode", defaultValue = "server")
    String mode;

    private final Map<Key, Region> regions = new ConcurrentHashMap<>();
    private final Map<UUID, Memo> checks = new ConcurrentHashMap<>();

    void onStart(@Observes StartupEvent event) throws Throwable {
        if ("agent".equals(mode)) {
            return;   // an agent reports results; the server judges them
        }
        VerdictStore.Stored stored = VertxContextSupport.subscribeAndAwait(store::load);
        stored.regions().forEach(r -> regions.put(new Key(r.checkId(), r.region()),
                new Region(r.state(), r.lastResultAt(), null, null, null)));
        stored.verdicts().forEach(v -> checks.computeIfAbsent(v.checkId(), k -> new Memo()).verdict = v.verdict());
    }

    /** Drops what is remembered of a deleted check. */
    public void forget(UUID checkId) {
        regions.keySet().removeIf(k -> k.checkId().equals(checkId));
        checks.remove(checkId);
    }

    /** Judges results just taken, oldest first. Serialized with {@link #sweep()}: both change memos. */
    public synchronized void apply(List<Observation> results) {
        // A region is live while the server hears from it: the server's clock, not the agent's slot times, so an
        // agent whose clock is minutes off is neither unknown nor the cause of phantom slots.
        Instant heard = clock.instant();
        List<VerdictStore.RegionRow> changedRegions = new ArrayList<>();
        Map<UUID, CheckRules> affected = new LinkedHashMap<>();
        for (Observation r : results) {
            CheckRules rule = affected.containsKey(r.checkId()) ? affected.get(r.checkId()) : rules.rules(r.checkId());
            if (rule == null) {
                continue;
            }
            Key key = new Key(r.checkId(), r.region());
            Region before = regions.getOrDefault(key, Region.NEW);
            if (before.lastSlot() != null && !r.scheduledAt().isAfter(before.lastSlot())) {
                continue;   // a slot already judged (replayed) or older than one judged
            }
            RegionVerdict.State state = RegionVerdict.next(before.state(), r.outcome(), rule.failureThreshold(),
                    rule.successThreshold());
            Instant failingSince = switch (r.outcome()) {
                case DOWN -> before.failingSince() == null ? r.scheduledAt() : before.failingSince();
                case UP, DEGRADED -> null;
                case MISSED -> before.failingSince();
            };
            Transition.LastError lastError = switch (r.outcome()) {
                case DOWN -> r.error();
                case UP, DEGRADED -> null;
                case MISSED -> before.lastError();
            };
            Region after = new Region(state, heard, r.scheduledAt(), failingSince, lastError);
            regions.put(key, after);
            if (state.status() != before.state().status()) {
                changedRegions.add(new VerdictStore.RegionRow(key.checkId(), key.region(), rule.workspaceId(), state,
                        heard, heard));
            }
            affected.put(r.checkId(), rule);
        }
        store.write(changedRegions, evaluate(affected.values(), true));
    }

    /** Regions that stopped reporting become unknown even though no result arrives to say so. */
    public synchronized void sweep() {
        List<CheckRules> all = new ArrayList<>();
        for (UUID id : checks.keySet()) {
            CheckRules rule = rules.rules(id);
            if (rule != null) {
                all.add(rule);
            }
        }
        store.write(List.of(), evaluate(all, false));
    }

    /** The current verdict of a check, as held in memory. */
    public CheckStatus status(UUID checkId) {
        Memo memo = checks.get(checkId);
        return memo == null ? CheckStatus.PENDING : memo.verdict.status();
    }

    /** Whether every decided change has been written (and handed to the sink). */
    public boolean written() {
        return store.idle();
    }

    private List<Transition> evaluate(Iterable<CheckRules> affected, boolean countsForFlapping) {
        Instant now = clock.instant();
        List<Transition> transitions = new ArrayList<>();
        for (CheckRules rule : affected) {
            UUID id = rule.checkId();
            Map<String, CheckVerdict.RegionView> views = new HashMap<>();
            for (String region : rule.regions()) {
                Region r = regions.get(new Key(id, region));
                if (r != null) {
                    views.put(region, new CheckVerdict.RegionView(r.state().status(), r.lastResultAt()));
                }
            }
            CheckVerdict.Verdict verdict = CheckVerdict.evaluate(rule.regions(), views, now, rule.interval(), rule.quorum());
            Memo memo = checks.computeIfAbsent(id, k -> new Memo());
            boolean wasFlapping = memo.flaps.flapping();
            boolean flapping = countsForFlapping ? memo.flaps.record(verdict.status()) : wasFlapping;
            if (verdict.status() != memo.verdict.status() || flapping != wasFlapping) {
                transitions.add(new Transition(rule, memo.verdict, verdict, wasFlapping, flapping, now, evidence(rule)));
                memo.verdict = verdict;
            }
        }
        return transitions;
    }

    private List<Transition.Evidence> evidence(CheckRules rule) {
        List<Transition.Evidence> evidence = new ArrayList<>();
        for (String region : rule.regions()) {
            Region r = regions.get(new Key(rule.checkId(), region));
            if (r != null) {
                evidence.add(new Transition.Evidence(region, r.state().status(), r.failingSince(), r.lastResultAt(),
                        r.lastError()));
            }
        }
        return evidence;
    }
}

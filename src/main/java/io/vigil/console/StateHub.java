package io.vigil.console;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vigil.check.CheckOverview;
import io.vigil.check.CheckOverview.Line;
import io.vigil.verdict.CurrentVerdict;
import io.vigil.verdict.CurrentVerdicts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The state of the checks open console tabs follow, read once per workspace every two seconds and handed to each of
 * that workspace's tabs (so 100 tabs on one workspace cost one read, not 100). Reads PostgreSQL, so every replica
 * sees every change whichever replica made it.
 */
@ApplicationScoped
public class StateHub {

    private static final Logger LOG = Logger.getLogger(StateHub.class);

    /** A check as a tab shows it: its line and the regions failing. */
    public record State(Line line, List<String> failing) {
    }

    private record Watcher(List<UUID> checks, MultiEmitter<? super List<State>> out) {
    }

    private final Map<UUID, Set<Watcher>> watchers = new ConcurrentHashMap<>();

    @Inject
    CheckOverview overview;
    @Inject
    CurrentVerdicts verdicts;

    /** The states of these checks of the workspace, at every tick, until the tab goes. */
    public Multi<List<State>> watch(UUID workspaceId, List<UUID> checks) {
        return Multi.createFrom().emitter(out -> {
            Watcher w = new Watcher(checks, out);
            watchers.computeIfAbsent(workspaceId, k -> ConcurrentHashMap.newKeySet()).add(w);
            out.onTermination(() -> watchers.computeIfPresent(workspaceId, (k, set) -> {
                set.remove(w);
                return set.isEmpty() ? null : set;
            }));
        });
    }

    /** How many tabs are following checks now. */
    int open() {
        return watchers.values().stream().mapToInt(Set::size).sum();
    }

    @Scheduled(every = "2s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        List<Uni<Void>> reads = new ArrayList<>();
        watchers.forEach((workspace, tabs) -> reads.add(publish(workspace, Set.copyOf(tabs))));
        return reads.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(reads).andCollectFailures().replaceWithVoid()
                        .onFailure().invoke(e -> LOG.debugf("a live read failed: %s", e.toString())).onFailure().recoverWithNull();
    }

    private Uni<Void> publish(UUID workspace, Set<Watcher> tabs) {
        Set<UUID> union = new LinkedHashSet<>();
        tabs.forEach(t -> union.addAll(t.checks()));
        return states(workspace, List.copyOf(union)).invoke(all -> {
            Map<UUID, State> byId = all.stream().collect(Collectors.toMap(s -> s.line().id(), Function.identity()));
            for (Watcher t : tabs) {
                t.out().emit(t.checks().stream().map(byId::get).filter(s -> s != null).toList());
            }
        }).replaceWithVoid();
    }

    /** The checks' states now (others' ids left out). */
    Uni<List<State>> states(UUID workspace, List<UUID> checks) {
        if (checks.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return overview.of(workspace, checks).chain(lines -> verdicts.of(checks).map(current -> lines.stream()
                .map(l -> new State(l, Optional.ofNullable(current.get(l.id())).map(CurrentVerdict::failingRegions).orElse(List.of())))
                .toList()));
    }
}

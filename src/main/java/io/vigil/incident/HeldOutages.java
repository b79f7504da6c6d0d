package io.vigil.incident;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.ServerOnly;
import io.vigil.check.CheckRegistry;
import io.vigil.check.CheckSpec;
import io.vigil.core.CheckStatus;
import io.vigil.maintenance.MaintenanceService;
import io.vigil.verdict.CheckVerdict;
import io.vigil.verdict.StatusChanged;
import io.vigil.verdict.Transition;
import io.vigil.verdict.VerdictTracker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Outages held back when they began: the check went down in a maintenance window or below a down parent. When that
 * ends and the check is still down, its incident opens then (and is announced), through the same
 * {@link IncidentLedger} path; a failed attempt stays held and is tried again on the next sweep.
 */
@ApplicationScoped
class HeldOutages {

    private record Held(Suppression reason, Transition wentDown) {
    }

    @Inject
    Pool pool;
    @Inject
    CheckRegistry registry;
    @Inject
    MaintenanceService maintenance;
    @Inject
    VerdictTracker verdicts;
    @Inject
    IncidentLedger ledger;
    @Inject
    Event<StatusChanged> statusChanged;
    @Inject
    Clock clock;

    private final Map<UUID, Held> held = new ConcurrentHashMap<>();

    /** Why an outage of this check beginning at {@code at} opens no incident of its own, if it does not. */
    Suppression suppression(CheckSpec check, Instant at) {
        if (maintenance.inMaintenance(check.workspaceId(), check.id(), check.tags(), at)) {
            return Suppression.MAINTENANCE;
        }
        if (check.parentId() != null && verdicts.status(check.parentId()) == CheckStatus.DOWN) {
            return Suppression.PARENT_DOWN;
        }
        return Suppression.NONE;
    }

    void hold(Transition wentDown, Suppression reason) {
        if (reason == Suppression.NONE) {
            held.remove(wentDown.check().checkId());
        } else {
            held.put(wentDown.check().checkId(), new Held(reason, wentDown));
        }
    }

    void release(UUID checkId) {
        held.remove(checkId);
    }

    /** Checks still down after their maintenance ended or their parent recovered: their incident opens now. */
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = ServerOnly.class)
    Uni<Void> sweep() {
        Instant now = clock.instant();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<UUID, Held> e : held.entrySet()) {
            CheckSpec check = registry.get(e.getKey());
            if (check == null || verdicts.status(e.getKey()) != CheckStatus.DOWN) {
                held.remove(e.getKey(), e.getValue());
            } else if (suppression(check, now) == Suppression.NONE) {
                chain = chain.chain(() -> open(e.getValue(), now));
            }
        }
        return chain;
    }

    private Uni<Void> open(Held h, Instant now) {
        Transition t = h.wentDown();
        // What the check showed while held: maintenance, or unknown below a down parent (never down, so this
        // transition is the check going down; never up, so it is not announced as degraded).
        CheckStatus shown = h.reason() == Suppression.MAINTENANCE ? CheckStatus.MAINTENANCE : CheckStatus.UNKNOWN;
        Transition ended = new Transition(t.check(), new CheckVerdict.Verdict(shown, List.of(), List.of()), t.to(),
                t.flapping(), t.flapping(), now, t.evidence());
        return pool.withTransaction(conn -> ledger.accept(conn, ended))
                .invoke(() -> statusChanged.fire(new StatusChanged(t.check().checkId())))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}

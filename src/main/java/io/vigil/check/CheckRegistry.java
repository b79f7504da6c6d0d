package io.vigil.check;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vigil.ServerOnly;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vigil.VigilConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process's in-memory view of every check definition. Changes made through this process arrive at once as
 * {@link CheckChanged} events; a periodic reload picks up changes made by other replicas (reading only the rows
 * written since it last looked) and re-fires the diff.
 */
@ApplicationScoped
public class CheckRegistry {

    private static final Logger LOG = Logger.getLogger(CheckRegistry.class);

    @Inject
    CheckService checks;
    @Inject
    Event<CheckChanged> changed;
    @Inject
    VigilConfig vigil;

    private final Map<UUID, CheckSpec> specs = new ConcurrentHashMap<>();
    /** A sequence number per change applied here, so a reload never undoes a change newer than its snapshot. */
    private final AtomicLong sequence = new AtomicLong();
    private final Map<UUID, Long> touched = new ConcurrentHashMap<>();
    /** The row version of each definition as last loaded: only rows with another version are read again. */
    private final Map<UUID, Long> versions = new ConcurrentHashMap<>();

    /** Every definition is in memory before the scheduler starts (priority 100); an agent's come from its server. */
    void onStart(@Observes @Priority(50) StartupEvent event) throws Throwable {
        if (!vigil.agentMode()) {
            VertxContextSupport.subscribeAndAwait(this::reload);
        }
    }

    void onChange(@Observes CheckChanged event) {
        touched.put(event.checkId(), sequence.incrementAndGet());
        if (event.spec() == null) {
            specs.remove(event.checkId());
        } else {
            specs.put(event.checkId(), event.spec());
        }
    }

    /** The row version of a definition this process just wrote and announced, so the next reload skips it. */
    void stored(UUID id, long version) {
        versions.put(id, version);
    }

    public CheckSpec get(UUID id) {
        return specs.get(id);
    }

    public Collection<CheckSpec> all() {
        return specs.values();
    }

    private boolean newerThan(UUID id, long snapshot) {
        return touched.getOrDefault(id, 0L) > snapshot;
    }

    /**
     * Picks up what changed in the database since the last look: one cheap query reads every check's row version
     * ({@code xmin}, new with every write), then only the rows whose version is new here are loaded and compared,
     * and an event is fired for each one that differs from memory (or that is gone).
     */
    @Scheduled(every = "${vigil.schedule.reload:10s}", delayed = "${vigil.schedule.reload:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = ServerOnly.class)
    public Uni<Void> reload() {
        long snapshot = sequence.get();
        return checks.versions().chain(stored -> {
            List<UUID> stale = new ArrayList<>();
            stored.forEach((id, version) -> {
                if (!version.equals(versions.get(id))) {
                    stale.add(id);
                }
            });
            return checks.specs(stale, stored.size()).invoke(fresh -> apply(snapshot, stored, fresh));
        }).onFailure().invoke(e -> LOG.warnf("Reloading check definitions failed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private void apply(long snapshot, Map<UUID, Long> stored, List<CheckSpec> fresh) {
        for (CheckSpec spec : fresh) {
            if (!newerThan(spec.id(), snapshot) && !Objects.equals(specs.get(spec.id()), spec)) {
                changed.fire(new CheckChanged(spec.id(), spec));
            }
            // A row written again meanwhile has a newer version than this one, and is simply loaded next time.
            versions.put(spec.id(), stored.get(spec.id()));
        }
        for (UUID id : Set.copyOf(specs.keySet())) {
            // Created here while the snapshot was being read: it is simply not in it yet.
            if (!stored.containsKey(id) && !newerThan(id, snapshot)) {
                changed.fire(new CheckChanged(id, null));
            }
        }
        versions.keySet().retainAll(stored.keySet());
        // Changes up to the snapshot are in the database now; only newer ones need protecting.
        touched.values().removeIf(seq -> seq <= snapshot);
    }
}

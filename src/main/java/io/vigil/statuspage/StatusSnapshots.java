package io.vigil.statuspage;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.incident.PublicIncidents;
import io.vigil.verdict.StatusChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves {@link StatusSnapshot}s, computed by {@link SnapshotAssembler} from the read models of verdicts, rollups and
 * incidents (never raw results), a handful of queries per page, and keeps each for {@code vigil.status-pages.cache-ttl}: a burst of visitors costs one computation per page
 * per TTL. A page's definition, a verdict transition or an incident change on this replica drops the snapshots
 * concerned at once; changes made through another replica show within the TTL.
 */
@ApplicationScoped
public class StatusSnapshots {

    @Inject
    Pool pool;
    @Inject
    SnapshotAssembler assembler;
    @Inject
    PublicIncidents incidents;
    @Inject
    StatusPagesConfig config;
    @Inject
    Clock clock;

    private record Cached(StatusSnapshot snapshot, Instant expires) {
    }

    private final Map<String, Cached> bySlug = new ConcurrentHashMap<>();
    private final Map<String, Optional<String>> slugByDomain = new ConcurrentHashMap<>();
    private final Map<UUID, String> slugById = new ConcurrentHashMap<>();
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

    void onChange(@Observes StatusPageChanged event) {
        bySlug.values().removeIf(c -> c.snapshot().page().id().equals(event.pageId()));
        slugByDomain.clear();
        slugById.remove(event.pageId());
    }

    /** A check's public state changed here: drop the pages showing it (all pages for an incident without a check). */
    void onStatus(@Observes StatusChanged event) {
        bySlug.values().removeIf(c -> event.checkId() == null
                || c.snapshot().components().stream().anyMatch(comp -> comp.checkId().equals(event.checkId())));
    }

    /** The page at {@code /status/{slug}}, or empty when there is none. */
    public Uni<Optional<StatusSnapshot>> bySlug(String slug) {
        Instant now = clock.instant();
        Cached cached = bySlug.get(slug);
        if (cached != null && !config.cacheTtl().isZero()) {
            // Stale while revalidating: visitors get the last snapshot at once and one refresh runs behind them, so an
            // expiring snapshot never sends a burst of visitors to the database together.
            if (!cached.expires().isAfter(now) && refreshing.add(slug)) {
                load(slug, now).onTermination().invoke(() -> refreshing.remove(slug)).subscribe().with(x -> { }, e -> { });
            }
            return Uni.createFrom().item(Optional.of(cached.snapshot()));
        }
        return load(slug, now);
    }

    private Uni<Optional<StatusSnapshot>> load(String slug, Instant now) {
        return assembler.compute(slug, now).invoke(s -> s.ifPresentOrElse(
                snap -> bySlug.put(slug, new Cached(snap, now.plus(config.cacheTtl()))), () -> bySlug.remove(slug)));
    }

    /** The page with this id (its subscribers know it by id, since a slug may change), or empty when there is none. */
    public Uni<Optional<StatusSnapshot>> byId(UUID pageId) {
        String known = slugById.get(pageId);
        if (known != null) {
            // a page sending to its subscribers asks once per message: no query for what the cache knows
            return bySlug(known).chain(found -> found.isPresent() && found.get().page().id().equals(pageId)
                    ? Uni.createFrom().item(found) : lookUp(pageId));
        }
        return lookUp(pageId);
    }

    private Uni<Optional<StatusSnapshot>> lookUp(UUID pageId) {
        return pool.preparedQuery("SELECT slug FROM status_pages WHERE id = $1").execute(Tuple.of(pageId))
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        slugById.remove(pageId);
                        return Uni.createFrom().item(Optional.<StatusSnapshot>empty());
                    }
                    String slug = rows.iterator().next().getString(0);
                    if (slugById.size() < 10_000) {
                        slugById.put(pageId, slug);
                    }
                    return bySlug(slug);
                });
    }

    /** The slug of the page answering on a custom domain (a Host header), if any. */
    public Uni<Optional<String>> slugForDomain(String host) {
        String domain = host == null ? "" : host.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
        Optional<String> known = slugByDomain.get(domain);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return pool.preparedQuery("SELECT slug FROM status_pages WHERE custom_domain = $1").execute(Tuple.of(domain))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getString(0)) : Optional.<String>empty())
                .invoke(slug -> {
                    if (slugByDomain.size() < 10_000) {
                        slugByDomain.put(domain, slug);
                    }
                });
    }

    /** Resolved incidents of a page's checks (and the workspace's manual ones), newest first, for the history. */
    public Uni<List<StatusSnapshot.Incident>> history(StatusSnapshot s, Instant before, int limit) {
        SnapshotAssembler.Definition def = definition(s);
        return incidents.resolvedBefore(s.page().workspaceId(), def.checks(), before, limit)
                .map(list -> SnapshotAssembler.stories(def, list));
    }

    /** One incident of this page (one of its checks', or a manual one of its workspace), or empty. */
    public Uni<Optional<StatusSnapshot.Incident>> incident(StatusSnapshot s, UUID id) {
        SnapshotAssembler.Definition def = definition(s);
        return incidents.one(s.page().workspaceId(), def.checks(), id)
                .map(found -> found.map(i -> SnapshotAssembler.stories(def, List.of(i)).get(0)));
    }

    private static SnapshotAssembler.Definition definition(StatusSnapshot s) {
        return new SnapshotAssembler.Definition(s.page(), s.components().stream().map(c -> new SnapshotAssembler.ComponentRow(
                c.id(), c.name(), c.group(), c.description(), c.checkId())).toList());
    }
}

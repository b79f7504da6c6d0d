package io.vigil.statuspage.badge;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.statuspage.StatusPageChanged;
import io.vigil.statuspage.StatusPagesConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which public page shows a check: a badge exists only for a check that is a component of a page with
 * {@code "public": true}. Answers (including "none") are kept for the page cache TTL and dropped when any page
 * changes, so a burst of badge requests costs one query per check.
 */
@ApplicationScoped
public class PublicChecks {

    private static final int MAX_CACHED = 10_000;

    @Inject
    Pool pool;
    @Inject
    StatusPagesConfig config;
    @Inject
    Clock clock;

    private record Cached(Optional<String> slug, Instant expires) {
    }

    private final Map<UUID, Cached> pageOf = new ConcurrentHashMap<>();

    void onChange(@Observes StatusPageChanged event) {
        pageOf.clear();
    }

    /** The slug of the oldest public page that has this check as a component, if any. */
    public Uni<Optional<String>> publicPageOf(UUID checkId) {
        Instant now = clock.instant();
        Cached cached = pageOf.get(checkId);
        if (cached != null && cached.expires().isAfter(now)) {
            return Uni.createFrom().item(cached.slug());
        }
        return pool.preparedQuery("""
                        SELECT p.slug FROM status_page_components c JOIN status_pages p ON p.id = c.page_id
                        WHERE c.check_id = $1 AND p.public ORDER BY p.created_at, p.id LIMIT 1""")
                .execute(Tuple.of(checkId))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getString(0)) : Optional.<String>empty())
                .invoke(slug -> {
                    if (pageOf.size() >= MAX_CACHED) {
                        pageOf.clear();
                    }
                    pageOf.put(checkId, new Cached(slug, now.plus(config.cacheTtl())));
                });
    }
}

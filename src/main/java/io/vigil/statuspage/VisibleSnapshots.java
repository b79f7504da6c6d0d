package io.vigil.statuspage;

import io.smallrye.mutiny.Uni;
import io.vigil.VigilConfig;
import io.vigil.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * The snapshot a visitor of a machine-readable route (JSON, feeds) may read: 404 for an unknown slug, 401 for a
 * protected page the visitor has not logged in to (saying nothing about its components or incidents).
 */
@ApplicationScoped
public class VisibleSnapshots {

    @Inject
    StatusSnapshots snapshots;
    @Inject
    PageAccess access;
    @Inject
    VigilConfig vigil;

    public Uni<StatusSnapshot> forVisitor(String slug, HttpHeaders headers) {
        return snapshots.bySlug(slug).map(found -> {
            StatusSnapshot s = found.orElseThrow(() -> ApiException.notFound("status page '" + slug + "'"));
            if (!access.allowed(s, headers)) {
                throw ApiException.unauthorized("this status page is protected by a password; log in at " + pageUrl(s));
            }
            return s;
        });
    }

    /** The page's public address, {@code <vigil.public-url>/status/<slug>}. */
    public String pageUrl(StatusSnapshot s) {
        return vigil.publicUrl() + "/status/" + s.page().slug();
    }
}

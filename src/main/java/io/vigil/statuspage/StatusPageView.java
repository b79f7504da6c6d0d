package io.vigil.statuspage;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A status page as the API shows it; the password never appears, only whether one is set. */
public record StatusPageView(UUID id, String slug, String title, String description, String logoUrl, String accentColor,
                             @com.fasterxml.jackson.annotation.JsonProperty("public") boolean isPublic,
                             boolean passwordProtected, String customDomain, List<Component> components, String url,
                             Instant createdAt, Instant updatedAt) {

    public record Component(UUID id, String name, UUID checkId, String group, String description) {
    }
}

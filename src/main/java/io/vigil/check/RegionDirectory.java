package io.vigil.check;

import io.smallrye.mutiny.Uni;

import java.util.Set;
import java.util.UUID;

/** The regions checks may run in, as far as check needs to know them; implemented where regions live. */
public interface RegionDirectory {

    /** Names of the regions a workspace may assign checks to (the server's own region included). */
    Uni<Set<String>> names(UUID workspaceId);
}

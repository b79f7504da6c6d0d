package io.vigil.check;

import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.UUID;

/** The notification channels a check may name; implemented where channels live. */
public interface ChannelDirectory {

    /** Those of {@code ids} that are not channels of the workspace a check may use, in the given order. */
    Uni<List<UUID>> unknown(UUID workspaceId, List<UUID> ids);
}

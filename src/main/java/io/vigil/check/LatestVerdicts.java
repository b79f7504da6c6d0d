package io.vigil.check;

import io.smallrye.mutiny.Uni;
import io.vigil.core.CheckStatus;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/** The stored check-level verdicts, for the status a check shows; implemented where verdicts are kept. */
public interface LatestVerdicts {

    /** A check's latest verdict. */
    record Verdict(CheckStatus status, boolean flapping) {
    }

    /** The latest verdict of each of these checks that has one; checks without one are absent. */
    Uni<Map<UUID, Verdict>> of(Collection<UUID> checkIds);

    /** The latest verdict of every check of the workspace that has one (one indexed read, for lists of all checks). */
    Uni<Map<UUID, Verdict>> ofWorkspace(UUID workspaceId);
}

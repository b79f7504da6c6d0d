package io.vigil.region;

import java.time.Instant;
import java.util.List;

/** A region as the API shows it: where it is, its agents, and how many checks it probes. */
public record RegionView(String name, String displayName, String location, boolean server, int assignedChecks,
                         List<Agent> agents) {

    /** One agent of the region, as it last reported. */
    public record Agent(String id, String version, long backlog, long dropped, Instant lastSeenAt, boolean live,
                        int assignedChecks) {
    }
}

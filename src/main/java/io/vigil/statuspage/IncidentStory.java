package io.vigil.statuspage;

import io.vigil.incident.IncidentPhase;
import io.vigil.incident.PublicIncident;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An incident as a page tells it: titled after the page's components when Vigil opened it ({@link PublicTitle}), and
 * always with its opening update. An outage Vigil opened itself has no words of a person's at its start, so the page
 * writes the "investigating" sentence naming the affected components (and, once it recovered by itself, the
 * "resolved" one); so does a person's incident opened without a message.
 */
final class IncidentStory {

    private IncidentStory() {
    }

    /** @param names the page's components showing the incident's check (empty for a workspace-wide incident) */
    static StatusSnapshot.Incident of(PublicIncident i, List<String> names, List<UUID> componentIds) {
        List<String> shown = names.stream().distinct().toList();
        List<StatusSnapshot.Update> updates = new ArrayList<>();
        boolean resolvedSaid = i.updates().stream().anyMatch(u -> u.phase() == IncidentPhase.RESOLVED);
        if (i.resolvedAt() != null && !resolvedSaid && i.automatic()) {
            updates.add(new StatusSnapshot.Update(i.resolvedAt(), IncidentPhase.RESOLVED, recovered(shown)));
        }
        i.updates().forEach(u -> updates.add(new StatusSnapshot.Update(u.at(), u.phase(), u.message())));
        boolean openingSaid = !i.updates().isEmpty() && !i.updates().get(i.updates().size() - 1).at().isAfter(i.startedAt());
        if (!openingSaid) {
            updates.add(new StatusSnapshot.Update(i.startedAt(), IncidentPhase.INVESTIGATING, i.automatic() ? outage(shown) : investigating(shown)));
        }
        java.time.Instant updated = updates.get(0).at();
        if (i.resolvedAt() != null && i.resolvedAt().isAfter(updated)) {
            updated = i.resolvedAt();
        }
        return new StatusSnapshot.Incident(i.id(), i.checkId(), PublicTitle.of(i.title(), i.automatic(), shown), i.state(),
                i.phase(), i.impact(), i.startedAt(), i.resolvedAt(), updated, List.copyOf(updates), componentIds);
    }

    static String outage(List<String> names) {
        if (names.isEmpty()) {
            return "A service is not responding as it should. We are investigating.";
        }
        return join(names) + (names.size() == 1 ? " is" : " are") + " not responding as expected. We are investigating.";
    }

    static String recovered(List<String> names) {
        if (names.isEmpty()) {
            return "The service is responding normally again. This incident has been resolved.";
        }
        return join(names) + (names.size() == 1 ? " is" : " are") + " responding normally again. This incident has been resolved.";
    }

    static String investigating(List<String> names) {
        return names.isEmpty() ? "We are investigating this issue."
                : "We are investigating an issue affecting " + join(names) + ".";
    }

    /** "A", "A and B", "A, B and C". */
    static String join(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}

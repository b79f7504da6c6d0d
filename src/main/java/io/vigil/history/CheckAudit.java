package io.vigil.history;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.audit.Changes;
import io.vigil.audit.Revisions;
import io.vigil.auth.Caller;
import io.vigil.check.CheckHistory;
import io.vigil.check.CheckView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Checks' changes into the audit log and their revisions. The computed members (status, flapping, the ping URL built
 * from the public URL) are no change of the definition and stay out of the diff; a pause shows as {@code paused}.
 */
@ApplicationScoped
public class CheckAudit implements CheckHistory {

    @Inject
    AuditLog audit;

    @Override
    public Uni<Void> inSession(Caller caller, Change change, CheckView before, CheckView after) {
        return audit.recordInSession(event(caller, change, before, after));
    }

    @Override
    public Uni<Void> on(SqlClient tx, Caller caller, Change change, CheckView before, CheckView after) {
        return audit.record(tx, event(caller, change, before, after));
    }

    private AuditEvent event(Caller caller, Change change, CheckView before, CheckView after) {
        CheckView object = after != null ? after : before;
        Changes changes = switch (change) {
            case PAUSED -> Changes.none().with("paused", false, true);
            case RESUMED -> Changes.none().with("paused", true, false);
            default -> audit.diff(before, after).without("status", "flapping", "pingUrl");
        };
        AuditEvent event = AuditEvent.of(caller.workspaceId(), caller.actor(), change.action(), Revisions.CHECK, object.id())
                .changes(changes);
        if (change.newRevision()) {
            event = event.revision(audit.tree(after));
        }
        return change == Change.DELETED ? event.forgettingRevisions() : event;
    }
}

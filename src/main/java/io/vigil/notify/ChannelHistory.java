package io.vigil.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.audit.Changes;
import io.vigil.audit.Revisions;
import io.vigil.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Channels in the audit log and as revisions. A secret setting never leaves the channel: the diff says only that it
 * changed ({@code ["(secret)", "(secret)"]}), and revisions keep no secret at all (not even masked), so a restore
 * keeps the secrets the channel has at that time.
 */
@ApplicationScoped
public class ChannelHistory {

    /** Members of a channel's view that a request does not take. */
    private static final Set<String> READ_ONLY = Set.of("id", "createdAt", "updatedAt", "disabledReason");

    @Inject
    AuditLog audit;
    @Inject
    Channels channels;

    /** The entry for a change from {@code before} to {@code after} (null: none before / none after). */
    AuditEvent event(Caller caller, String action, ChannelConfig before, ChannelConfig after) {
        ChannelConfig object = after != null ? after : before;
        Changes changes = audit.diff(before == null ? null : ChannelView.of(before, false),
                after == null ? null : ChannelView.of(after, false));
        for (String secret : secretNames(object.type())) {
            changes = changes.secret(secret, before == null ? null : before.secrets().get(secret),
                    after == null ? null : after.secrets().get(secret));
        }
        AuditEvent event = AuditEvent.of(caller.workspaceId(), caller.actor(), action, Revisions.CHANNEL, object.id())
                .changes(changes);
        if (after == null) {
            return event.forgettingRevisions();
        }
        ObjectNode view = (ObjectNode) audit.tree(ChannelView.of(after, false));
        view.remove(secretNames(after.type()));
        return event.revision(view);
    }

    /** A kept revision as the body of a replace: read-only members and (absent anyway) secrets left out. */
    Map<String, Object> restorable(String type, Map<String, Object> revision) {
        Map<String, Object> body = new LinkedHashMap<>(revision);
        READ_ONLY.forEach(body::remove);
        secretNames(type).forEach(body::remove);
        return body;
    }

    private List<String> secretNames(String type) {
        Channel channel = channels.get(type);
        return channel == null ? List.of() : channel.settings().stream().filter(Setting::secret).map(Setting::name).toList();
    }
}

package io.vigil.notify;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.audit.Actor;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.audit.Changes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The relay turning a channel off (its receiver answered 410 Gone, or failed for the whole retry schedule): in the
 * relay's transaction, with an audit entry by the system for a workspace's own channel; afterwards the log and, for
 * those channels, the {@link ChannelDisabled} event that tells the workspace's owners. A page's subscriber (a channel
 * the service made itself) goes quietly.
 */
@ApplicationScoped
class ChannelSwitch {

    private static final Logger LOG = Logger.getLogger(ChannelSwitch.class);
    private static final String DISABLE = "UPDATE channels SET enabled = false, disabled_reason = $2 WHERE id = $1 AND enabled";

    @Inject
    Channels channels;
    @Inject
    AuditLog audit;
    @Inject
    Event<ChannelDisabled> disabled;

    Uni<Void> disable(SqlClient conn, ChannelConfig channel, String reason) {
        return conn.preparedQuery(DISABLE).execute(Tuple.of(channel.id(), reason)).chain(rows -> rows.rowCount() == 0
                || internal(channel) ? Uni.createFrom().voidItem()
                : audit.record(conn, AuditEvent.of(channel.workspaceId(), Actor.system(), "channel.disabled", "channel",
                        channel.id()).changes(Changes.none().with("enabled", true, false).with("disabledReason", null, reason))));
    }

    /** After the commit. */
    void announce(ChannelConfig channel, String reason) {
        if (internal(channel)) {
            LOG.infof("Disabled subscriber %s of a status page of workspace %s: %s (it comes back by subscribing again)",
                    channel.id(), channel.workspaceId(), reason);
            return;
        }
        LOG.warnf("Disabled channel %s (%s) of workspace %s: %s", channel.name(), channel.id(), channel.workspaceId(), reason);
        disabled.fire(new ChannelDisabled(channel.workspaceId(), channel.id(), channel.name(), channel.type(), reason));
    }

    private boolean internal(ChannelConfig channel) {
        Channel type = channels.get(channel.type());
        return type != null && type.internal();
    }
}

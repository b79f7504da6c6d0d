package io.vigil.notify.email;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.notify.Attempt;
import io.vigil.notify.ChannelDisabled;
import io.vigil.notify.NotifyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells a workspace's owners by e-mail when the relay disabled one of its channels (410 Gone, or failing until
 * {@code give-up-after}): otherwise a dead channel goes unnoticed until the next outage is not announced. One message
 * per owner; a failure is only logged (there is nobody else to tell).
 */
@ApplicationScoped
public class OwnerNotice {

    private static final Logger LOG = Logger.getLogger(OwnerNotice.class);
    static final String OWNERS = "SELECT u.email FROM users u JOIN memberships m ON m.user_id = u.id "
            + "WHERE m.workspace_id = $1 AND m.role = 'owner' AND u.disabled_at IS NULL ORDER BY u.email";

    @Inject
    Pool pool;
    @Inject
    ReactiveMailer mailer;
    @Inject
    NotifyConfig config;

    /**
     * The relay fires the event synchronously (on its event loop, after its transaction), so this only starts the
     * work and returns; nothing here blocks or throws into the relay.
     */
    void channelDisabled(@Observes ChannelDisabled event) {
        try {
            tell(event).subscribe().with(x -> { }, e -> LOG.warnf("Could not tell the owners of workspace %s that channel "
                    + "%s was disabled: %s", event.workspaceId(), event.channelId(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warnf("Could not tell the owners of workspace %s that channel %s was disabled: %s", event.workspaceId(),
                    event.channelId(), e.getMessage());
        }
    }

    Uni<Void> tell(ChannelDisabled event) {
        return pool.preparedQuery(OWNERS).execute(Tuple.of(event.workspaceId()))
                .map(rows -> {
                    List<String> owners = new ArrayList<>();
                    rows.forEach(row -> owners.add(row.getString("email")));
                    return owners;
                })
                .onItem().transformToMulti(owners -> Multi.createFrom().iterable(owners))
                .onItem().transformToUniAndMerge(owner -> Smtp.send(mailer, mail(owner, event), config.timeout())
                        .invoke(a -> log(owner, event, a)))
                .collect().last()
                .replaceWithVoid();
    }

    private static void log(String owner, ChannelDisabled event, Attempt a) {
        if (a.ok()) {
            LOG.infof("Told owner %s that channel %s (%s) was disabled", owner, event.channelName(), event.channelId());
        } else {
            LOG.warnf("Could not tell owner %s that channel %s (%s) was disabled: %s", owner, event.channelName(),
                    event.channelId(), a.error());
        }
    }

    static Mail mail(String owner, ChannelDisabled event) {
        return Mail.withText(owner, subject(event), text(event)).addHeader("Auto-Submitted", "auto-generated");
    }

    static String subject(ChannelDisabled event) {
        return "Vigil disabled channel " + Smtp.oneLine(event.channelName());
    }

    static String text(ChannelDisabled event) {
        return "Vigil disabled the " + event.type() + " channel \"" + event.channelName() + "\" of your workspace.\n\n"
                + "Reason: " + event.reason() + "\n\n"
                + "No notifications go to this channel while it is disabled. Once its receiver is fixed, enable it again: "
                + "PUT /api/v1/channels/" + event.channelId() + " with \"enabled\": true. Its delivery log is at "
                + "GET /api/v1/channels/" + event.channelId() + "/deliveries.\n\n"
                + "-- \nSent by Vigil to the owners of the workspace.\n";
    }
}

package io.vigil.notify;

import io.smallrye.mutiny.Uni;
import io.vigil.api.FieldError;

import java.util.List;

/**
 * One kind of notification channel (webhook, Slack, e-mail, ...): a bean carrying {@link ChannelType}, found by it.
 * Payload building is a pure function of the settings and the message, so it is tested without a network; sending goes
 * through the one guarded egress client (or the mailer) with an explicit timeout. Retries, back-off, grouping and
 * the delivery log belong to the relay, not to a channel.
 */
public interface Channel {

    /** The type settings this channel accepts besides the common members (name, events, ...). */
    List<Setting> settings();

    /**
     * Checks the meaning of the type settings (presence and JSON kind are checked before) and may normalize them or
     * fill in a generated secret with {@link ChannelSettings#put}. Adds one error per problem, named by setting.
     */
    void validate(ChannelSettings settings, List<FieldError> errors);

    /**
     * The settings holding URLs Vigil itself sends to (not, say, an avatar the receiving service fetches): checked
     * against the egress policy on save by {@link Channels#validate}, and again at every send.
     */
    default List<String> destinations() {
        return List.of();
    }

    /** Whether several notifications may leave as one message (people read it); machine receivers say no. */
    default boolean groups() {
        return true;
    }

    /**
     * True for the kinds the service creates itself (a status page's subscribers): never offered by the channel API, and
     * their owners are not e-mailed when one is disabled.
     */
    default boolean internal() {
        return false;
    }

    /** Sends one message. Never fails: a failure is an {@link Attempt} with an error. */
    Uni<Attempt> send(ChannelSettings settings, Message message);
}

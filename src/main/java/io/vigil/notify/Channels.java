package io.vigil.notify;

import io.quarkus.arc.All;
import io.quarkus.arc.InstanceHandle;
import io.vigil.api.FieldError;
import io.vigil.egress.EgressPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The channel types there are: every {@link Channel} bean, by its {@link ChannelType}. No hand-kept list. */
@ApplicationScoped
public class Channels {

    private final Map<String, Channel> byType = new TreeMap<>();
    private final EgressPolicy egress;

    @Inject
    Channels(@All List<InstanceHandle<Channel>> channels, EgressPolicy egress) {
        this.egress = egress;
        for (InstanceHandle<Channel> handle : channels) {
            for (Annotation q : handle.getBean().getQualifiers()) {
                if (q instanceof ChannelType type && byType.put(type.value(), handle.get()) != null) {
                    throw new IllegalStateException("two channels for type " + type.value());
                }
            }
        }
    }

    /**
     * A channel's own checks ({@link Channel#validate}), then its {@link Channel#destinations() destinations} against
     * the egress policy, so a channel that could never be sent to is refused on save (400 naming the setting), as a
     * check's target is. No DNS here: literal addresses are judged now, host names at every send.
     */
    public void validate(Channel channel, ChannelSettings settings, List<FieldError> errors) {
        channel.validate(settings, errors);
        for (String name : channel.destinations()) {
            String url = settings.text(name);
            if (url != null && errors.stream().noneMatch(e -> name.equals(e.field()))) {
                egress.destinationRefusal(url)
                        .ifPresent(why -> errors.add(new FieldError(name, "is refused by the egress policy: " + why)));
            }
        }
    }

    /** The channel for a type, or null when there is none. */
    public Channel get(String type) {
        return byType.get(type);
    }

    public java.util.Set<String> types() {
        return byType.keySet();
    }

    /** The types the channel API offers: all but the {@link Channel#internal()} ones. */
    public List<String> publicTypes() {
        return byType.entrySet().stream().filter(e -> !e.getValue().internal()).map(Map.Entry::getKey).toList();
    }
}

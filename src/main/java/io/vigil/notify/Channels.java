package io.vigil.notify;

import io.quarkus.arc.All;
import io.quarkus.arc.InstanceHandle;
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

    @Inject
    Channels(@All List<InstanceHandle<Channel>> channels) {
        for (InstanceHandle<Channel> handle : channels) {
            for (Annotation q : handle.getBean().getQualifiers()) {
                if (q instanceof ChannelType type && byType.put(type.value(), handle.get()) != null) {
                    throw new IllegalStateException("two channels for type " + type.value());
                }
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

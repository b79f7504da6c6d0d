package io.vigil.notify;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import io.vigil.VigilConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Listens for the outbox's commit signal ({@code NOTIFY} on {@link #CHANNEL}, sent by {@link Outbox}) and wakes the
 * {@link Relay}, reconnecting when the database comes back; polling is the fallback.
 */
@ApplicationScoped
class OutboxWakeups {

    private static final Logger LOG = Logger.getLogger(OutboxWakeups.class);
    static final String CHANNEL = "vigil_outbox";

    @Inject
    Relay relay;
    @Inject
    NotifyConfig config;
    @Inject
    Vertx vertx;
    @Inject
    VigilConfig vigil;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    Optional<String> databaseUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> databaseUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> databasePassword;

    private PgSubscriber subscriber;

    void onStart(@Observes StartupEvent event) {
        if (vigil.agentMode() || !config.relay() || databaseUrl.isEmpty()) {
            return;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(databaseUrl.get());
        databaseUser.ifPresent(options::setUser);
        databasePassword.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        subscriber.channel(CHANNEL).handler(payload -> relay.wake());
        subscriber.connect().subscribe().with(x -> { },
                e -> LOG.infof("Outbox wake-ups unavailable (%s); polling every %s", e.getMessage(), config.pollInterval()));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close().subscribe().with(x -> { }, e -> { });
        }
    }
}

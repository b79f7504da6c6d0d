package io.vigil.egress;

import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;

/** Builds the one egress policy and the one guarded client from configuration; a bad CIDR fails the boot. */
public class EgressBeans {

    @Produces
    @Singleton
    EgressPolicy egressPolicy(EgressConfig config) {
        return new EgressPolicy(config.allowedNetworks().orElse(List.of()));
    }

    @Produces
    @Singleton
    GuardedHttpClient guardedHttpClient(Vertx vertx, EgressPolicy policy, EgressConfig config) {
        return new GuardedHttpClient(vertx, policy, new GuardedHttpClient.Options(Duration.ofSeconds(30),
                config.maxBodyBytes(), config.maxRedirects(), null, null));
    }

    void close(@Disposes GuardedHttpClient client) {
        client.close();
    }
}

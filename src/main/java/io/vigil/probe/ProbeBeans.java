package io.vigil.probe;

import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;

/** Builds the one guarded egress client from configuration; a bad CIDR fails the boot. */
public class ProbeBeans {

    @Produces
    @Singleton
    EgressPolicy egressPolicy(ProbeConfig config) {
        return new EgressPolicy(config.allowedNetworks().orElse(List.of()));
    }

    @Produces
    @Singleton
    GuardedHttpClient guardedHttpClient(Vertx vertx, EgressPolicy policy, ProbeConfig config) {
        return new GuardedHttpClient(vertx, policy, new GuardedHttpClient.Options(Duration.ofSeconds(30),
                config.maxBodyBytes(), config.maxRedirects(), null, null));
    }

    void close(@Disposes GuardedHttpClient client) {
        client.close();
    }
}

package io.vigil.egress;

import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;

/** Builds the one egress policy and the one guarded client from configuration; a bad CIDR fails the boot. */
public class EgressBeans {

    private static final Logger LOG = Logger.getLogger(EgressBeans.class);

    @Produces
    @Singleton
    EgressPolicy egressPolicy(EgressConfig config, EgressConfigAliases.FormerNames former) {
        if (former.allowedNetworks().isPresent() || former.maxBodyBytes().isPresent() || former.maxRedirects().isPresent()) {
            LOG.warn("vigil.probe.allowed-networks, max-body-bytes and max-redirects are now vigil.egress.*; "
                    + "the old names still work");
        }
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

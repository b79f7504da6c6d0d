package io.vigil.probe;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.List;

/** Builds the egress guard from configuration once; a bad CIDR fails the boot. */
public class ProbeBeans {

    @Produces
    @Singleton
    EgressPolicy egressPolicy(ProbeConfig config) {
        return new EgressPolicy(config.allowedNetworks().orElse(List.of()));
    }
}

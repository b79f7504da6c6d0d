package io.vigil.probe;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/** TEMPORARY STUB, replaced by the probe branch. */
public final class EgressPolicy {
    public EgressPolicy(List<String> allowed) {
    }

    public Optional<String> refusal(InetAddress address) {
        return address.isLoopbackAddress() ? Optional.of(address.getHostAddress() + " is a loopback address") : Optional.empty();
    }
}

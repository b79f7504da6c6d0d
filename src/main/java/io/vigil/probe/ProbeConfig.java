package io.vigil.probe;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "vigil.probe")
public interface ProbeConfig {

    /** CIDRs that outbound requests may reach although the SSRF guard blocks them by default (loopback, private, ...). */
    Optional<List<String>> allowedNetworks();

    /** Response bytes read per probe; the rest is discarded unread. */
    @WithDefault("65536")
    int maxBodyBytes();

    /** Redirect hops followed at most. */
    @WithDefault("10")
    int maxRedirects();
}

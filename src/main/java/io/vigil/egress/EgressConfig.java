package io.vigil.egress;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/**
 * The guarded egress client: the SSRF allow-list and the client-wide limits, for probes, channels and subscriber
 * webhooks alike. Each property is also read under its former {@code vigil.probe.*} name ({@link EgressConfigAliases}).
 */
@ConfigMapping(prefix = "vigil.egress")
public interface EgressConfig {

    /** CIDRs that outbound requests may reach although the SSRF guard blocks them by default (loopback, private, ...). */
    Optional<List<String>> allowedNetworks();

    /** Response bytes read per request unless the caller asks for fewer; the rest is discarded unread. */
    @WithDefault("65536")
    int maxBodyBytes();

    /** Redirect hops followed at most. */
    @WithDefault("10")
    int maxRedirects();
}

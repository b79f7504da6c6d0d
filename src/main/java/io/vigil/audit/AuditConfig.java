package io.vigil.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code vigil.audit.*}. */
@ConfigMapping(prefix = "vigil.audit")
public interface AuditConfig {

    /** How long audit entries are kept ({@code VIGIL_AUDIT_RETENTION}); revisions stay as long as their object. */
    @WithDefault("400d")
    Duration retention();
}

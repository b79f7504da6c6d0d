package io.vigil;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.util.Optional;

/** Process-wide settings. Feature settings live in their own mappings (vigil.checks, vigil.probe, ...). */
@ConfigMapping(prefix = "vigil")
public interface VigilConfig {

    /** The address people and jobs reach Vigil at; heartbeat ping URLs are built from it. */
    @WithName("public-url")
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /** The region this process probes as. */
    @WithDefault("local")
    String region();

    /** Where the embedded PostgreSQL keeps its data when no external database is configured (read by VigilMain). */
    @WithName("data-dir")
    @WithDefault("data")
    String dataDir();

    /** External PostgreSQL as one URL, postgresql://user:password@host:5432/db (read by VigilMain). */
    @WithName("db.url")
    Optional<String> dbUrl();

    /** First user, created on first start when no user exists. */
    Admin admin();

    interface Admin {
        /** E-mail of the first user (owner of workspace "default"). */
        Optional<String> email();

        /** Password of the first user; only its argon2id hash is stored. */
        Optional<String> password();
    }
}

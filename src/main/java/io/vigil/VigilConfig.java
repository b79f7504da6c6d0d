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

    /** {@code server} (the default: API, database, probing its own region) or {@code agent} (probes one region for a server, no database). */
    @WithDefault("server")
    String mode();

    /** Agent mode: the server's address, e.g. https://vigil.example.com. */
    @WithName("server-url")
    Optional<String> serverUrl();

    /** Agent mode: the region's agent token ({@code vga_…}). */
    @WithName("agent-token")
    Optional<String> agentToken();

    /** Agent mode settings. */
    Agent agent();

    default boolean agentMode() {
        return "agent".equals(mode());
    }

    interface Agent {
        /** This agent's name within its region (several agents share a region's checks); default: the host name. */
        Optional<String> id();

        /** Where results wait while the server is unreachable. */
        @WithDefault("data/agent-spool")
        String spoolDir();

        /** Results kept at most while the server is unreachable; past it the oldest are dropped and counted. */
        @WithDefault("1000000")
        long spoolMax();

        /** Results per delivery batch (at most the server's vigil.agents.max-batch). */
        @WithDefault("500")
        int batch();

        /** How often the agent asks the server for its checks (changes reach it within this time). */
        @WithDefault("5s")
        java.time.Duration poll();

        /** How often the agent reports in. */
        @WithDefault("10s")
        java.time.Duration heartbeat();
    }

    /**
     * Key that encrypts stored channel secrets: the base64 of 32 random bytes ({@code openssl rand -base64 32}).
     * When unset, one is generated into {@code <data-dir>/secret.key}.
     */
    @WithName("secret-key")
    Optional<String> secretKey();

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

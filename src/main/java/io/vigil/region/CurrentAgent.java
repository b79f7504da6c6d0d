package io.vigil.region;

import io.vigil.api.ApiException;
import jakarta.enterprise.context.RequestScoped;

import java.util.UUID;

/** The region agent calling, resolved from its {@code vga_} token by {@link AgentAuthFilter}. */
@RequestScoped
public class CurrentAgent {

    /** The token's workspace and region: an agent can act for its region only. */
    public record Identity(UUID workspaceId, String region) {
    }

    private Identity identity;

    void set(Identity identity) {
        this.identity = identity;
    }

    public Identity get() {
        if (identity == null) {
            throw ApiException.unauthorized("send Authorization: Bearer <agent token>");
        }
        return identity;
    }
}

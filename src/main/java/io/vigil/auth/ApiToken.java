package io.vigil.auth;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A bearer token; only the SHA-256 of its secret is stored. */
@Entity
@Table(name = "api_tokens")
public class ApiToken extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "workspace_id", nullable = false)
    public UUID workspaceId;
    @Column(name = "user_id", nullable = false)
    public UUID userId;
    @Column(nullable = false, columnDefinition = "text")
    public String name;
    @Column(name = "token_hash", nullable = false)
    public byte[] tokenHash;
    @Column(nullable = false, columnDefinition = "text")
    public String role;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "last_used_at")
    public Instant lastUsedAt;
    @Column(name = "last_used_ip", columnDefinition = "text")
    public String lastUsedIp;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}

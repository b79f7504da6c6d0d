package io.vigil.auth;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "workspace_id", nullable = false)
    public UUID workspaceId;
    @Column(nullable = false, columnDefinition = "text")
    public String email;
    @Column(name = "password_hash", nullable = false, columnDefinition = "text")
    public String passwordHash;
    @Column(nullable = false, columnDefinition = "text")
    public String role;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public Role role() {
        return Role.fromWire(role);
    }
}

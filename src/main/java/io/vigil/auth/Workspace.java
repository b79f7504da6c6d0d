package io.vigil.auth;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A tenant: every tenant-owned row points at one. */
@Entity
@Table(name = "workspaces")
public class Workspace extends PanacheEntityBase {

    public static final String DEFAULT_SLUG = "default";

    @Id
    public UUID id;
    @Column(nullable = false, columnDefinition = "text")
    public String slug;
    @Column(nullable = false, columnDefinition = "text")
    public String name;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}

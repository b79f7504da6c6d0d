package io.vigil.auth;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A user's place in a workspace: one role per (workspace, user). */
@Entity
@Table(name = "memberships")
public class Membership extends PanacheEntityBase {

    /** The key: a user is a member of a workspace at most once. */
    @Embeddable
    public record Key(@Column(name = "workspace_id") UUID workspaceId, @Column(name = "user_id") UUID userId)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;
    @Column(nullable = false, columnDefinition = "text")
    public String role;
    @Column(name = "joined_at", nullable = false)
    public Instant joinedAt;

    public static Membership of(UUID workspaceId, UUID userId, Role role, Instant joinedAt) {
        Membership m = new Membership();
        m.key = new Key(workspaceId, userId);
        m.role = role.wire();
        m.joinedAt = joinedAt;
        return m;
    }

    public Role role() {
        return Role.fromWire(role);
    }
}

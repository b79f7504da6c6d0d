package io.vigil.auth;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** A person; their workspaces and roles are {@link Membership}s. E-mail is stored lower-cased and unique. */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(nullable = false, columnDefinition = "text")
    public String email;
    @Column(nullable = false, columnDefinition = "text")
    public String name;
    /** Argon2id; {@code null} for a user who only signs in with SSO. */
    @Column(name = "password_hash", columnDefinition = "text")
    public String passwordHash;
    @Column(name = "instance_admin", nullable = false)
    public boolean instanceAdmin;
    /** Set when the instance admin disables the user: their sessions and tokens stop working at once. */
    @Column(name = "disabled_at")
    public Instant disabledAt;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The one normal form of an e-mail address: trimmed and lower-cased. */
    public static String normalizeEmail(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }
}

package io.vigil.audit;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.UUID;

/**
 * One entry of the audit log, before it is written.
 *
 * @param workspaceId null for an instance-level event (a workspace deleted, a failed login, the instance admin's acts)
 * @param action      {@code <objectType>.<verb>}: {@code check.updated}, {@code member.role_changed}, {@code login.failed}
 * @param objectId    the object's id as text (a UUID, or an e-mail for logins); may be null
 * @param changes     field by field, secrets already redacted (and redacted again by name when written)
 * @param revision    when not null, the object's full public view after the change, kept as its next revision
 * @param forget      the object is gone: its revisions go too
 */
public record AuditEvent(UUID workspaceId, Actor actor, String action, String objectType, String objectId,
                         Changes changes, JsonNode revision, boolean forget) {

    public static AuditEvent of(UUID workspaceId, Actor actor, String action, String objectType, Object objectId) {
        return new AuditEvent(workspaceId, actor, action, objectType, objectId == null ? null : objectId.toString(),
                Changes.none(), null, false);
    }

    /**
     * A failed login (wrong password, unknown or disabled account, refused second factor), at instance level:
     * the e-mail as given is the object (cut to 320 characters, control characters dropped), never the password.
     *
     * @param userId the account's id when the e-mail is known, else null
     * @param how    how the attempt came (e.g. {@code basic}, {@code form}); shown as {@code via}
     * @param reason why it failed (e.g. {@code password}, {@code second factor})
     */
    public static AuditEvent loginFailed(String email, UUID userId, String address, String how, String reason) {
        String who = email == null ? "" : email.replaceAll("\\p{Cntrl}", "");
        who = who.length() > 320 ? who.substring(0, 320) : who;
        return of(null, Actor.user(userId, address).named(who), "login.failed", "login", who)
                .changes(Changes.none().with("via", null, how).with("reason", null, reason));
    }

    /** A successful login of a person (a page or SSO), at instance level. */
    public static AuditEvent loginSucceeded(UUID userId, String address, String how) {
        return of(null, Actor.user(userId, address), "login.succeeded", "user", userId)
                .changes(Changes.none().with("via", null, how));
    }

    public AuditEvent changes(Changes changes) {
        return new AuditEvent(workspaceId, actor, action, objectType, objectId, changes, revision, forget);
    }

    /** Also keeps {@code view} as the object's next revision (checks, channels, status pages). */
    public AuditEvent revision(JsonNode view) {
        return new AuditEvent(workspaceId, actor, action, objectType, objectId, changes, view, forget);
    }

    /** The object was deleted: its revisions are dropped in the same transaction. */
    public AuditEvent forgettingRevisions() {
        return new AuditEvent(workspaceId, actor, action, objectType, objectId, changes, revision, true);
    }

    /** The same event, recorded at instance level (outside any workspace). */
    public AuditEvent instanceLevel() {
        return new AuditEvent(null, actor, action, objectType, objectId, changes, revision, forget);
    }
}

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

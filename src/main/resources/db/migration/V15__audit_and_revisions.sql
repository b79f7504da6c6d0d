-- The audit log: who changed what, when and from where, written in the transaction of the change itself.
-- workspace_id is NULL for instance-level events (a workspace deleted, a failed login, the instance admin's acts);
-- a workspace's entries go with it. Secrets never reach `changes` (AuditLog redacts them before the insert).
CREATE TABLE audit_events (
    id             uuid PRIMARY KEY,
    workspace_id   uuid REFERENCES workspaces (id) ON DELETE CASCADE,
    at             timestamptz NOT NULL,
    actor_type     text NOT NULL CHECK (actor_type IN ('user', 'token', 'system')),
    actor_id       uuid,
    -- The person behind a token, so "everything Alice did" finds her tokens' work too.
    actor_user_id  uuid,
    actor_name     text,
    address        text,
    action         text NOT NULL,
    object_type    text NOT NULL,
    object_id      text,
    changes        jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_workspace ON audit_events (workspace_id, at DESC, id DESC);
CREATE INDEX audit_events_object ON audit_events (workspace_id, object_id, at DESC);
CREATE INDEX audit_events_instance ON audit_events (at DESC, id DESC) WHERE workspace_id IS NULL;
CREATE INDEX audit_events_age ON audit_events (at);

-- Revisions of checks, channels and status pages: the full public view after each create, update or restore,
-- numbered 1, 2, 3… per object. revision_heads hands out the numbers (an upsert, so concurrent saves queue up).
CREATE TABLE revision_heads (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    object_type  text NOT NULL,
    object_id    uuid NOT NULL,
    last         integer NOT NULL,
    PRIMARY KEY (object_type, object_id)
);

CREATE TABLE revisions (
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    object_type   text NOT NULL,
    object_id     uuid NOT NULL,
    revision      integer NOT NULL,
    at            timestamptz NOT NULL,
    actor_type    text NOT NULL,
    actor_id      uuid,
    actor_name    text,
    view          jsonb NOT NULL,
    changes       jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (object_type, object_id, revision)
);

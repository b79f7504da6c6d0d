-- Invitations to a workspace: a link mailed to an address; accepting it creates the account or adds the membership.
-- Only the SHA-256 of the link's token is stored (256-bit random, so a fast hash lets the lookup be an index probe).
CREATE TABLE invitations (
    id            uuid PRIMARY KEY,
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    email         text NOT NULL,
    role          text NOT NULL CHECK (role IN ('owner', 'admin', 'editor', 'viewer')),
    token_hash    bytea NOT NULL UNIQUE,
    invited_by    uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL DEFAULT now() + interval '7 days',
    accepted_at   timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX invitations_pending ON invitations (workspace_id, created_at DESC)
    WHERE accepted_at IS NULL AND revoked_at IS NULL;

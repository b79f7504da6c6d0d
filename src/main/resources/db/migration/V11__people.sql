-- Step 2, people: a user belongs to any number of workspaces through memberships, each with a role.

ALTER TABLE users ADD COLUMN name text NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN instance_admin boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN disabled_at timestamptz;
-- SSO users may have no password.
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;
-- E-mail addresses are stored lower-cased; the index keeps them unique whatever the case of a stray write.
ALTER TABLE users DROP CONSTRAINT users_email_key;
CREATE UNIQUE INDEX users_email_lower ON users (lower(email));

CREATE TABLE memberships (
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          text NOT NULL CHECK (role IN ('owner', 'admin', 'editor', 'viewer')),
    joined_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

INSERT INTO memberships (workspace_id, user_id, role, joined_at)
SELECT workspace_id, id, role, created_at FROM users;
UPDATE users SET instance_admin = true WHERE id = (SELECT id FROM users ORDER BY created_at, id LIMIT 1);
UPDATE users SET name = split_part(email, '@', 1) WHERE name = '';

ALTER TABLE users DROP COLUMN workspace_id;
ALTER TABLE users DROP COLUMN role;

-- Per-workspace limits set by the instance admin; NULL = no limit.
ALTER TABLE workspaces ADD COLUMN max_checks integer CHECK (max_checks >= 0);
ALTER TABLE workspaces ADD COLUMN max_status_pages integer CHECK (max_status_pages >= 0);
ALTER TABLE workspaces ADD COLUMN min_interval_seconds integer CHECK (min_interval_seconds > 0);

ALTER TABLE api_tokens ADD COLUMN last_used_ip text;

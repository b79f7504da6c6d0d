-- Region agents: per-region tokens (hashed) and what each agent last reported.
CREATE TABLE agent_tokens (
    id            uuid PRIMARY KEY,
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    region        text NOT NULL,
    token_hash    bytea NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL,
    FOREIGN KEY (workspace_id, region) REFERENCES regions (workspace_id, name) ON DELETE CASCADE
);

CREATE TABLE agents (
    workspace_id  uuid NOT NULL,
    region        text NOT NULL,
    agent_id      text NOT NULL,
    version       text,
    backlog       bigint NOT NULL DEFAULT 0,
    dropped       bigint NOT NULL DEFAULT 0,
    last_seen_at  timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, region, agent_id),
    FOREIGN KEY (workspace_id, region) REFERENCES regions (workspace_id, name) ON DELETE CASCADE
);

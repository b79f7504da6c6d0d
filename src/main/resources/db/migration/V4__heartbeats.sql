-- Heartbeat checks: jobs ping a secret URL; a missing or failed ping makes the check down.
ALTER TABLE checks ADD COLUMN period_seconds integer;
ALTER TABLE checks ADD COLUMN grace_seconds integer;
-- The ping URL is a capability the user copies into cron jobs, shown with the check like a webhook URL.
ALTER TABLE checks ADD COLUMN ping_token text UNIQUE;

CREATE TABLE heartbeats (
    check_id         uuid PRIMARY KEY REFERENCES checks (id) ON DELETE CASCADE,
    last_success_at  timestamptz,
    last_start_at    timestamptz,
    last_fail_at     timestamptz,
    pings            bigint NOT NULL DEFAULT 0
);

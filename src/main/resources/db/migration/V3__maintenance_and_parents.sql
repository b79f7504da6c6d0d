-- Maintenance windows (one-off or recurring by cron) and check dependencies.

CREATE TABLE maintenance_windows (
    id                uuid PRIMARY KEY,
    workspace_id      uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name              text NOT NULL,
    check_ids         uuid[] NOT NULL,
    tags              text[] NOT NULL,
    starts_at         timestamptz,
    ends_at           timestamptz,
    cron              text,
    duration_minutes  integer,
    time_zone         text,
    created_at        timestamptz NOT NULL,
    CHECK ((starts_at IS NOT NULL AND ends_at IS NOT NULL AND cron IS NULL)
        OR (cron IS NOT NULL AND duration_minutes IS NOT NULL AND time_zone IS NOT NULL AND starts_at IS NULL))
);
CREATE INDEX maintenance_windows_workspace ON maintenance_windows (workspace_id, created_at DESC);

-- While a check's parent is down, the child's outage is folded into the parent's incident.
ALTER TABLE checks ADD COLUMN parent_id uuid REFERENCES checks (id) ON DELETE SET NULL;

-- Check-level verdicts, their transitions, and incidents.

-- The current verdict of each check across its regions; written on every change.
CREATE TABLE check_verdicts (
    check_id      uuid PRIMARY KEY REFERENCES checks (id) ON DELETE CASCADE,
    workspace_id  uuid NOT NULL,
    status        text NOT NULL,
    flapping      boolean NOT NULL,
    failing       text[] NOT NULL,
    unknown       text[] NOT NULL,
    changed_at    timestamptz NOT NULL
);

-- Every check-level transition, with the regions involved and the results that decided it.
CREATE TABLE check_events (
    id            bigserial PRIMARY KEY,
    check_id      uuid NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    workspace_id  uuid NOT NULL,
    at            timestamptz NOT NULL,
    from_status   text NOT NULL,
    to_status     text NOT NULL,
    flapping      boolean NOT NULL,
    regions       text[] NOT NULL,
    detail        jsonb NOT NULL
);
CREATE INDEX check_events_check_at ON check_events (check_id, at DESC);

CREATE TABLE incidents (
    id            uuid PRIMARY KEY,
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    check_id      uuid REFERENCES checks (id) ON DELETE SET NULL,
    title         text NOT NULL,
    state         text NOT NULL CHECK (state IN ('open', 'resolved')),
    phase         text NOT NULL CHECK (phase IN ('investigating', 'identified', 'monitoring', 'resolved')),
    impact        text NOT NULL CHECK (impact IN ('none', 'minor', 'major', 'critical')),
    regions       text[] NOT NULL,
    started_at    timestamptz NOT NULL,
    resolved_at   timestamptz
);
-- A check has at most one open incident: opening is idempotent under retries and concurrent replicas.
CREATE UNIQUE INDEX incidents_one_open_per_check ON incidents (check_id) WHERE state = 'open';
CREATE INDEX incidents_workspace_started ON incidents (workspace_id, started_at DESC, id DESC);

CREATE TABLE incident_updates (
    id           bigserial PRIMARY KEY,
    incident_id  uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    at           timestamptz NOT NULL,
    phase        text NOT NULL,
    message      text NOT NULL
);
CREATE INDEX incident_updates_incident ON incident_updates (incident_id, at);

CREATE TABLE incident_timeline (
    id           bigserial PRIMARY KEY,
    incident_id  uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    at           timestamptz NOT NULL,
    kind         text NOT NULL,
    region       text,
    detail       text NOT NULL
);
CREATE INDEX incident_timeline_incident ON incident_timeline (incident_id, at);

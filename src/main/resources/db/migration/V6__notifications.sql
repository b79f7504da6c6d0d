-- Notification channels, the outbox of notification events, and the delivery log.

-- Channels a check notifies explicitly (ids of channels); none means: the workspace's default channels.
ALTER TABLE checks ADD COLUMN channel_ids text[] NOT NULL DEFAULT '{}';

CREATE TABLE channels (
    id              uuid PRIMARY KEY,
    workspace_id    uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    type            text NOT NULL,
    name            text NOT NULL,
    -- Notified by checks that name no channels.
    is_default      boolean NOT NULL DEFAULT false,
    -- Event types this channel wants (incident.opened, check.degraded, ...).
    events          text[] NOT NULL,
    -- Also notified by every check carrying one of these tags.
    tags            text[] NOT NULL DEFAULT '{}',
    -- Escalation: an outage is announced only once it has lasted this long (0: at once).
    delay_minutes   integer NOT NULL DEFAULT 0,
    -- Reminders while an incident stays open (null: none).
    remind_minutes  integer,
    -- Type settings that are not secret (shown by the API) ...
    settings        jsonb NOT NULL,
    -- ... and those that are, AES-GCM encrypted (see SecretBox); never shown after create.
    secrets         text,
    enabled         boolean NOT NULL DEFAULT true,
    disabled_reason text,
    -- Grouping: after an outage announcement, further ones wait this long and leave as one message (null: default).
    group_seconds   integer,
    -- ... that is, those due before this instant wait.
    hold_until      timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX channels_workspace ON channels (workspace_id, created_at DESC, id DESC);

-- The outbox: one row per notification event, written in the transaction that caused it.
-- Its id is the webhook-id receivers deduplicate on; retries keep it.
CREATE TABLE notification_events (
    id            uuid PRIMARY KEY,
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    type          text NOT NULL,
    check_id      uuid,
    incident_id   uuid,
    payload       jsonb NOT NULL,
    created_at    timestamptz NOT NULL
);

-- One event to one channel: claimed by the relay with FOR UPDATE SKIP LOCKED, retried with back-off.
CREATE INDEX notification_events_created ON notification_events (created_at);

CREATE TABLE deliveries (
    id               uuid PRIMARY KEY,
    seq              bigserial NOT NULL,
    event_id         uuid NOT NULL REFERENCES notification_events (id) ON DELETE CASCADE,
    channel_id       uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    workspace_id     uuid NOT NULL,
    type             text NOT NULL,
    incident_id      uuid,
    -- pending (due at next_attempt_at), delivered, failed (gave up or 410), skipped (escalation not reached)
    state            text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed', 'skipped')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    -- still failing then: given up, and the channel disabled
    give_up_at       timestamptz NOT NULL,
    created_at       timestamptz NOT NULL,
    finished_at      timestamptz,
    last_status      integer,
    last_error       text,
    UNIQUE (event_id, channel_id)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX deliveries_channel ON deliveries (channel_id, created_at DESC, id DESC);
CREATE INDEX deliveries_incident ON deliveries (incident_id, channel_id) WHERE incident_id IS NOT NULL;

-- Every attempt, successful or not.
CREATE TABLE delivery_attempts (
    id           bigserial PRIMARY KEY,
    delivery_id  uuid NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    at           timestamptz NOT NULL,
    status       integer,
    latency_ms   integer NOT NULL,
    response     text,
    error        text
);
CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, at);

-- The tightest certificate-expiry threshold (days) a check was warned about; cleared when the certificate is renewed.
CREATE TABLE certificate_notices (
    check_id     uuid PRIMARY KEY REFERENCES checks (id) ON DELETE CASCADE,
    days         integer NOT NULL,
    notified_at  timestamptz NOT NULL
);

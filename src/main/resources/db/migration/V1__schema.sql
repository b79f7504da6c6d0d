-- Vigil schema, version 1. Flyway owns the schema; Hibernate only validates it.

CREATE TABLE workspaces (
    id          uuid PRIMARY KEY,
    slug        text NOT NULL UNIQUE,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id             uuid PRIMARY KEY,
    workspace_id   uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    email          text NOT NULL UNIQUE,
    password_hash  text NOT NULL,
    role           text NOT NULL CHECK (role IN ('owner', 'admin', 'editor', 'viewer')),
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- API tokens are stored only as SHA-256 of the secret: they are 256-bit random, so a fast hash is enough
-- and lets the lookup be an index probe.
CREATE TABLE api_tokens (
    id            uuid PRIMARY KEY,
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          text NOT NULL,
    token_hash    bytea NOT NULL UNIQUE,
    role          text NOT NULL CHECK (role IN ('owner', 'admin', 'editor', 'viewer')),
    expires_at    timestamptz,
    last_used_at  timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE regions (
    id            uuid PRIMARY KEY,
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name          text NOT NULL,
    display_name  text NOT NULL,
    location      text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (workspace_id, name)
);

CREATE TABLE checks (
    id                 uuid PRIMARY KEY,
    workspace_id       uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name               text NOT NULL,
    type               text NOT NULL,
    url                text,
    method             text NOT NULL,
    headers            jsonb NOT NULL,
    body               text,
    interval_seconds   integer NOT NULL,
    timeout_ms         integer NOT NULL,
    follow_redirects   boolean NOT NULL,
    regions            text[] NOT NULL,
    assertions         text[] NOT NULL,
    degraded_after_ms  integer,
    failure_threshold  integer NOT NULL,
    success_threshold  integer NOT NULL,
    quorum             text,
    tags               text[] NOT NULL,
    paused             boolean NOT NULL DEFAULT false,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);
CREATE INDEX checks_workspace_created ON checks (workspace_id, created_at DESC, id DESC);

-- Latest verdict per (check, region): the scheduler keeps the counters in memory and writes a row
-- when the state changes, so the hot path never updates it per result.
CREATE TABLE check_states (
    check_id               uuid NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    region                 text NOT NULL,
    workspace_id           uuid NOT NULL,
    status                 text NOT NULL,
    consecutive_failures   integer NOT NULL,
    consecutive_successes  integer NOT NULL,
    last_result_at         timestamptz,
    changed_at             timestamptz NOT NULL,
    PRIMARY KEY (check_id, region)
);

-- Raw results, one row per (check, region, slot); range-partitioned by day on the slot time.
-- Partitions are created ahead and dropped past retention by ResultPartitions; rows are never DELETEd.
-- No foreign key to checks: dropping a day must stay a metadata-only operation.
CREATE TABLE check_results (
    id             bigserial,
    check_id       uuid NOT NULL,
    workspace_id   uuid NOT NULL,
    region         text NOT NULL,
    scheduled_at   timestamptz NOT NULL,
    started_at     timestamptz,
    outcome        text NOT NULL,
    status_code    integer,
    latency_ms     integer,
    error_class    text,
    error_message  text,
    dns_ms         integer,
    connect_ms     integer,
    tls_ms         integer,
    first_byte_ms  integer,
    total_ms       integer,
    assertions     jsonb,
    tls_days_left  integer,
    tls_subject    text,
    tls_issuer     text,
    PRIMARY KEY (check_id, scheduled_at, region)
) PARTITION BY RANGE (scheduled_at);

-- Latency histogram shared by every rollup: counts per bucket, bucket i holding latencies below bound i
-- (the last bucket is open-ended). RollupHistogram.BOUNDS in Java must match this array.
CREATE FUNCTION vigil_latency_bucket(ms integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT width_bucket(ms, ARRAY[1,2,3,5,7,10,15,20,25,30,40,50,65,80,100,125,150,200,250,300,400,500,650,800,1000,1250,1500,2000,2500,3000,4000,5000,7500,10000,15000,20000,30000,60000]) + 1 $$;

CREATE FUNCTION vigil_hist_accum(state integer[], ms integer) RETURNS integer[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    b integer;
BEGIN
    IF ms IS NULL THEN
        RETURN state;
    END IF;
    b := vigil_latency_bucket(ms);
    state[b] := state[b] + 1;
    RETURN state;
END
$$;

CREATE AGGREGATE vigil_hist(integer) (
    SFUNC = vigil_hist_accum,
    STYPE = integer[],
    INITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0}'
);

CREATE FUNCTION vigil_hist_merge(a integer[], b integer[]) RETURNS integer[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT array_agg(x + y ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS t(x, y, i) $$;

CREATE AGGREGATE vigil_hist_sum(integer[]) (
    SFUNC = vigil_hist_merge,
    STYPE = integer[]
);

-- Rollups per (check, region, bucket). Maintained in the same statement that inserts raw results, from the
-- rows actually inserted, so a replayed result changes nothing; ResultRollups.rebuild() recomputes them.
-- latency_* and hist cover results that got a response in time (up or degraded).

CREATE TABLE rollups_minute (
    check_id       uuid NOT NULL,
    region         text NOT NULL,
    bucket         timestamptz NOT NULL,
    workspace_id   uuid NOT NULL,
    up             integer NOT NULL,
    degraded       integer NOT NULL,
    down           integer NOT NULL,
    missed         integer NOT NULL,
    latency_sum    bigint NOT NULL,
    latency_count  integer NOT NULL,
    hist           integer[] NOT NULL,
    PRIMARY KEY (check_id, region, bucket)
) PARTITION BY RANGE (bucket);

CREATE TABLE rollups_hour (
    check_id       uuid NOT NULL,
    region         text NOT NULL,
    bucket         timestamptz NOT NULL,
    workspace_id   uuid NOT NULL,
    up             integer NOT NULL,
    degraded       integer NOT NULL,
    down           integer NOT NULL,
    missed         integer NOT NULL,
    latency_sum    bigint NOT NULL,
    latency_count  integer NOT NULL,
    hist           integer[] NOT NULL,
    PRIMARY KEY (check_id, region, bucket)
);

CREATE TABLE rollups_day (
    check_id       uuid NOT NULL,
    region         text NOT NULL,
    bucket         timestamptz NOT NULL,
    workspace_id   uuid NOT NULL,
    up             integer NOT NULL,
    degraded       integer NOT NULL,
    down           integer NOT NULL,
    missed         integer NOT NULL,
    latency_sum    bigint NOT NULL,
    latency_count  integer NOT NULL,
    hist           integer[] NOT NULL,
    PRIMARY KEY (check_id, region, bucket)
);

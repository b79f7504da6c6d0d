-- One year of history for every check of the bench workspace: daily rollups for 365 days, hourly for 90 days,
-- some downtime on about one day in twenty, and resolved incidents with updates. Only rollups and incidents:
-- the status page never reads raw results.
\set ON_ERROR_STOP on
INSERT INTO rollups_day (check_id, region, bucket, workspace_id, up, degraded, down, missed, latency_sum, latency_count, hist)
SELECT c.id, 'local', d, c.workspace_id, 8640 - x.down, 0, x.down, 0, (8640 - x.down)::bigint * x.ms, 8640 - x.down,
       array_fill(0, ARRAY[39])
FROM checks c
CROSS JOIN generate_series(date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '364 days',
                           date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', interval '1 day') d
CROSS JOIN LATERAL (SELECT CASE WHEN random() < 0.05 THEN (random() * 300)::int ELSE 0 END AS down,
                           60 + (random() * 80)::int AS ms, c.id AS dep) x
ON CONFLICT DO NOTHING;

INSERT INTO rollups_hour (check_id, region, bucket, workspace_id, up, degraded, down, missed, latency_sum, latency_count, hist)
SELECT c.id, 'local', h, c.workspace_id, 360 - x.down, 0, x.down, 0, (360 - x.down)::bigint * x.ms, 360 - x.down,
       array_fill(0, ARRAY[39])
FROM checks c
CROSS JOIN generate_series(date_trunc('hour', now()) - interval '90 days', date_trunc('hour', now()), interval '1 hour') h
CROSS JOIN LATERAL (SELECT CASE WHEN random() < 0.01 THEN (random() * 60)::int ELSE 0 END AS down,
                           60 + (random() * 80)::int AS ms, c.id AS dep) x
ON CONFLICT DO NOTHING;

WITH made AS (
    INSERT INTO incidents (id, workspace_id, check_id, title, state, phase, impact, regions, started_at, resolved_at)
    SELECT gen_random_uuid(), c.workspace_id, c.id, c.name || ' is down', 'resolved', 'resolved', 'major', '{local}',
           s.at, s.at + interval '17 minutes'
    FROM (SELECT id, workspace_id, name, row_number() OVER (ORDER BY id) AS n FROM checks) c
    CROSS JOIN LATERAL (SELECT now() - (random() * interval '360 days') - interval '1 day' AS at, g AS dep
                        FROM generate_series(1, 3) g) s
    RETURNING id, started_at
)
INSERT INTO incident_updates (incident_id, at, phase, message)
SELECT id, started_at + interval '5 minutes', 'identified', 'A failed deploy; rolling back.' FROM made
UNION ALL
SELECT id, started_at + interval '17 minutes', 'resolved', 'Rolled back; all requests succeed again.' FROM made;

SELECT (SELECT count(*) FROM rollups_day) AS day_rollups, (SELECT count(*) FROM rollups_hour) AS hour_rollups,
       (SELECT count(*) FROM incidents) AS incidents;

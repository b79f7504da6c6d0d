-- The visitor throttle of status pages becomes the one throttle of the service (see io.vigil.api.AttemptThrottle):
-- it also counts HTTP Basic logins to the API, per account and per client address. Same rows, same mechanism; the
-- scope is a status page's id, or the nil UUID for service-wide counts (API logins). The rows are transient (one
-- window each), so renaming keeps them as they are.
ALTER TABLE status_page_visitor_attempts RENAME TO attempt_throttle;
ALTER TABLE attempt_throttle RENAME COLUMN page_id TO scope_id;
ALTER INDEX status_page_visitor_attempts_last_at RENAME TO attempt_throttle_last_at;
ALTER INDEX status_page_visitor_attempts_pkey RENAME TO attempt_throttle_pkey;

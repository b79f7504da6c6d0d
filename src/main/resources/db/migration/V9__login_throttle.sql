-- Password guesses on protected status pages, counted in one place for every replica (see LoginThrottle).
-- One row per (page, client): the times of the attempts still inside the sliding window, oldest first (at most the
-- limit), whether the latest attempt was refused, and when the newest counted attempt was made. Rows live minutes: a
-- scheduled job deletes those whose newest attempt has left the window. No foreign key to status_pages: a deleted
-- page's rows expire the same way, and each attempt stays one statement on one row.
CREATE TABLE status_page_login_attempts (
    page_id     uuid NOT NULL,
    -- the client's address; IPv6 by its /64 prefix
    client_key  text NOT NULL,
    attempts    timestamptz[] NOT NULL,
    refused     boolean NOT NULL DEFAULT false,
    last_at     timestamptz NOT NULL,
    PRIMARY KEY (page_id, client_key)
);
CREATE INDEX status_page_login_attempts_last_at ON status_page_login_attempts (last_at);

-- What visitors try on status pages (password guesses, subscriptions), counted in one place for every replica
-- (see VisitorThrottle).
-- One row per (page, what, client): the times of the attempts still inside the sliding window, oldest first (at most the
-- limit), whether the latest attempt was refused, and when the newest counted attempt was made. Rows live one window
-- (5 minutes for logins, an hour for subscriptions): a
-- scheduled job deletes those whose newest attempt has left the window. No foreign key to status_pages: a deleted
-- page's rows expire the same way, and each attempt stays one statement on one row.
CREATE TABLE status_page_visitor_attempts (
    page_id     uuid NOT NULL,
    -- what is counted and who: 'login|203.0.113.7', 'subscribe|2001:db8:1:2::/64' (IPv6 by its /64 prefix)
    client_key  text NOT NULL,
    attempts    timestamptz[] NOT NULL,
    refused     boolean NOT NULL DEFAULT false,
    last_at     timestamptz NOT NULL,
    PRIMARY KEY (page_id, client_key)
);
CREATE INDEX status_page_visitor_attempts_last_at ON status_page_visitor_attempts (last_at);

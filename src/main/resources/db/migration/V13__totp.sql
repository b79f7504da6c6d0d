-- Second factor: TOTP (RFC 6238). Secrets are sealed with the server key (SecretBox), never stored in the clear.
ALTER TABLE users ADD COLUMN totp_secret text;
-- An enrolment waiting for its first code; it becomes totp_secret on confirmation.
ALTER TABLE users ADD COLUMN totp_pending_secret text;
ALTER TABLE users ADD COLUMN totp_enabled_at timestamptz;
-- The newest time step whose code was accepted: a code of that step or an older one is a replay.
ALTER TABLE users ADD COLUMN totp_last_step bigint;

-- Single-use recovery codes, stored as SHA-256 of their normal form.
CREATE TABLE recovery_codes (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  bytea NOT NULL,
    used_at    timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

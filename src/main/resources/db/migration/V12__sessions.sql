-- Console sessions: server-side, so every replica sees them and ending one ends it everywhere at once. The cookie holds a
-- 256-bit random token; only its SHA-256 is stored. A session is 'second_factor' between the password and the second
-- factor (short-lived, good for /login/2fa only), then 'active' with a fresh token.
CREATE TABLE sessions (
    id            uuid PRIMARY KEY,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash    bytea NOT NULL UNIQUE,
    stage         text NOT NULL CHECK (stage IN ('second_factor', 'active')),
    method        text NOT NULL CHECK (method IN ('password', 'passkey', 'sso')),
    created_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    address       text,
    user_agent    text
);
CREATE INDEX sessions_user ON sessions (user_id, last_seen_at DESC);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Password reset links (/reset/{token}): single use, one hour; only the token's SHA-256 is stored.
CREATE TABLE password_resets (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- Open sign-up (vigil.accounts.signup=open): the account is created only when the mailed link is opened.
CREATE TABLE signups (
    id             uuid PRIMARY KEY,
    email          text NOT NULL,
    name           text NOT NULL,
    password_hash  text NOT NULL,
    token_hash     bytea NOT NULL UNIQUE,
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    used_at        timestamptz
);
CREATE INDEX signups_expiry ON signups (expires_at);

-- Passkeys (WebAuthn credentials). The attested credential data (AAGUID, credential id, COSE public key) is kept as the
-- authenticator sent it; sign_count only ever rises (a lower or equal non-zero counter means a cloned authenticator).
CREATE TABLE passkeys (
    id               uuid PRIMARY KEY,
    user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id    bytea NOT NULL UNIQUE,
    credential       bytea NOT NULL,
    sign_count       bigint NOT NULL DEFAULT 0,
    uv_initialized   boolean NOT NULL,
    backup_eligible  boolean NOT NULL,
    backup_state     boolean NOT NULL,
    transports       text NOT NULL DEFAULT '',
    name             text NOT NULL,
    created_at       timestamptz NOT NULL,
    last_used_at     timestamptz
);
CREATE INDEX passkeys_user ON passkeys (user_id, created_at);

-- WebAuthn challenges: random, single use (taken by DELETE ... RETURNING), a few minutes long, shared by every replica.
-- Only the challenge's SHA-256 is stored. A registration or second-factor challenge is bound to its session.
CREATE TABLE passkey_challenges (
    challenge_hash  bytea PRIMARY KEY,
    purpose         text NOT NULL CHECK (purpose IN ('register', 'login', 'second_factor')),
    session_id      uuid REFERENCES sessions (id) ON DELETE CASCADE,
    expires_at      timestamptz NOT NULL
);
CREATE INDEX passkey_challenges_expiry ON passkey_challenges (expires_at);

-- Public status pages and their components.

CREATE TABLE status_pages (
    id             uuid PRIMARY KEY,
    workspace_id   uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    -- /status/{slug}: unique across all workspaces, since the URL is
    slug           text NOT NULL UNIQUE,
    title          text NOT NULL,
    description    text,
    logo_url       text,
    accent_color   text,
    public         boolean NOT NULL DEFAULT true,
    -- argon2id; a page with a password answers only after login
    password_hash  text,
    -- the page also answers on this Host header (lower case)
    custom_domain  text UNIQUE,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE INDEX status_pages_workspace ON status_pages (workspace_id, created_at DESC, id DESC);

CREATE TABLE status_page_components (
    id           uuid PRIMARY KEY,
    page_id      uuid NOT NULL REFERENCES status_pages (id) ON DELETE CASCADE,
    position     integer NOT NULL,
    name         text NOT NULL,
    check_id     uuid NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    grp          text,
    description  text
);
CREATE INDEX status_page_components_page ON status_page_components (page_id, position);
CREATE INDEX status_page_components_check ON status_page_components (check_id);

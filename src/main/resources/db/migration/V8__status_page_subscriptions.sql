-- A status page's subscribers: e-mail addresses and webhooks that visitors gave. Each is a channel owned by the page
-- (page_id), delivered by the same outbox and relay as the workspace's own channels but never listed with them.
ALTER TABLE channels ADD COLUMN page_id uuid REFERENCES status_pages (id) ON DELETE CASCADE;
-- A keyed hash (HMAC) of the normalized address: finds a subscriber again without decrypting every address.
ALTER TABLE channels ADD COLUMN subscriber_key text;
-- Double opt-in: an e-mail subscriber is sent nothing but its confirmation request until confirmed.
ALTER TABLE channels ADD COLUMN confirmed_at timestamptz;
CREATE UNIQUE INDEX channels_page_subscriber ON channels (page_id, subscriber_key) WHERE page_id IS NOT NULL;

-- Outages Vigil opened itself (titled after the check, whose name is the operators'): public pages and subscribers name
-- them after the page's components instead, and one whose check was deleted shows on no page.
ALTER TABLE incidents ADD COLUMN automatic boolean NOT NULL DEFAULT false;
UPDATE incidents i SET automatic = true FROM checks c WHERE c.id = i.check_id AND i.title = c.name || ' is down';

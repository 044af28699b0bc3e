-- Single sign-on logins in flight (app::sso): one row per login begun at an OpenID
-- provider, keyed by the SHA-256 of its `state`, deleted when the provider sends the
-- browser back (so a state and its nonce work once) or after ten minutes.
-- (0005 is reserved for another change.)
CREATE TABLE sso_pending (
    state_hash TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    nonce TEXT NOT NULL,
    verifier TEXT NOT NULL,
    lang TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX sso_pending_created ON sso_pending (created_at);

-- The catalog: the current revision of each object, and every revision ever written.
-- Bodies are the catalog format's JSON (docs/catalog-format.md). Nothing is deleted:
-- retiring an object writes a revision with valid_to set.
CREATE TABLE entities (
    kind        TEXT NOT NULL,
    id          TEXT NOT NULL,
    revision    BIGINT NOT NULL,
    valid_from  TEXT NOT NULL,
    valid_to    TEXT,
    body        TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);

CREATE TABLE entity_revisions (
    kind        TEXT NOT NULL,
    id          TEXT NOT NULL,
    revision    BIGINT NOT NULL,
    body        TEXT NOT NULL,
    actor       TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (kind, id, revision)
);

CREATE TABLE users (
    username      TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    username   TEXT NOT NULL REFERENCES users (username),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE INDEX sessions_expires_at ON sessions (expires_at);

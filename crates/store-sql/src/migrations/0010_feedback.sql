-- Residents' feedback on units (app::feedback): one row per piece of feedback, in the queue of
-- the organisation that ran the unit when it was given, until someone marks it handled.
-- `feedback_clients` keeps, for the rate limit only, a keyed hash of each sender's address
-- (never the address) and when they sent; rows older than the limit's window are removed
-- with every new piece of feedback. Portable SQL: the same on SQLite and PostgreSQL.
CREATE TABLE feedback (
    id              TEXT PRIMARY KEY,
    unit_id         TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    lang            TEXT NOT NULL,
    message         TEXT NOT NULL,
    contact         TEXT,
    created_at      TEXT NOT NULL,
    handled_at      TEXT,
    handled_by      TEXT
);
CREATE INDEX feedback_queue ON feedback (organization_id, created_at);
CREATE INDEX feedback_created ON feedback (created_at);

CREATE TABLE feedback_clients (
    client_hash TEXT NOT NULL,
    sent_at     TEXT NOT NULL
);
CREATE INDEX feedback_clients_hash ON feedback_clients (client_hash, sent_at);
CREATE INDEX feedback_clients_sent ON feedback_clients (sent_at);

-- Client data, roles and the access log (Client Data Act 703/2023).
-- Statements end with a semicolon at the end of a line; lines from `-- @sqlite` or
-- `-- @postgres` to the next `-- @both` run on that backend only.

-- Roles: users that existed before roles keep what they could do (the catalog, rules,
-- planning and users), and gain no access to client data.
ALTER TABLE users ADD COLUMN roles TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN organization TEXT;
ALTER TABLE users ADD COLUMN display_name TEXT;
ALTER TABLE users ADD COLUMN issuer TEXT;
UPDATE users SET roles = 'planner,catalog_editor,administrator';
ALTER TABLE sessions ADD COLUMN client_id TEXT;
CREATE INDEX sessions_username ON sessions (username);

CREATE TABLE sign_in_failures (
    key TEXT NOT NULL,
    at  TEXT NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at);

-- A client's identity and contact details are one JSON body (domain::client::ClientDetails).
CREATE TABLE clients (
    id         TEXT PRIMARY KEY,
    hetu       TEXT NOT NULL UNIQUE,
    body       TEXT NOT NULL,
    navigator  TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX clients_navigator ON clients (navigator, created_at);

-- Every value a fact ever had, with who recorded it and when; the newest version holds.
CREATE TABLE client_facts (
    client_id   TEXT NOT NULL REFERENCES clients (id),
    fact        TEXT NOT NULL,
    version     BIGINT NOT NULL,
    value       TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (client_id, fact, version)
);

CREATE TABLE consents (
    id           TEXT PRIMARY KEY,
    client_id    TEXT NOT NULL REFERENCES clients (id),
    organization TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    given_at     TEXT NOT NULL,
    valid_until  TEXT NOT NULL,
    withdrawn_at TEXT,
    recorded_by  TEXT NOT NULL
);
CREATE INDEX consents_client ON consents (client_id);

CREATE TABLE referrals (
    id              TEXT PRIMARY KEY,
    client_id       TEXT NOT NULL REFERENCES clients (id),
    to_organization TEXT NOT NULL,
    service         TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    closed_at       TEXT,
    closed_by       TEXT
);
CREATE INDEX referrals_client ON referrals (client_id);

CREATE TABLE emergency_access (
    client_id  TEXT NOT NULL REFERENCES clients (id),
    username   TEXT NOT NULL,
    reason     TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX emergency_access_client ON emergency_access (client_id, username);

-- The access log: append-only, each row chained to the one before by its hash
-- (app::clients::row_hash). The head row orders writers on every server.
CREATE TABLE audit_head (
    id          BIGINT PRIMARY KEY,
    seq         BIGINT NOT NULL,
    hash        TEXT NOT NULL,
    anchor_seq  BIGINT NOT NULL,
    anchor_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash, anchor_seq, anchor_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
    seq          BIGINT PRIMARY KEY,
    at           TEXT NOT NULL,
    username     TEXT NOT NULL,
    roles        TEXT NOT NULL,
    organization TEXT,
    client_id    TEXT,
    record       TEXT NOT NULL,
    fields       TEXT NOT NULL,
    action       TEXT NOT NULL,
    basis        TEXT NOT NULL,
    reason       TEXT,
    request_id   TEXT NOT NULL,
    address      TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_log_client ON audit_log (client_id, seq);
CREATE INDEX audit_log_user ON audit_log (username, seq);
CREATE INDEX audit_log_at ON audit_log (at);

-- Rows cannot be changed, and only rows up to the anchor (past retention) can be removed.
-- @sqlite
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log WHEN OLD.seq > (SELECT anchor_seq FROM audit_head WHERE id = 1) BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
-- @postgres
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'UPDATE' OR OLD.seq > (SELECT anchor_seq FROM audit_head WHERE id = 1) THEN RAISE EXCEPTION 'the access log is append-only'; END IF; RETURN OLD; END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
-- @both

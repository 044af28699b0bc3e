-- Service paths (app::referrals): referrals with the Gravity SDOH states, their history,
-- their legal deadlines, the "path broken" flags, and notifications (webhook and e-mail
-- subscriptions, and the outbox they are delivered from, with its dead letters).
ALTER TABLE referrals ADD COLUMN status TEXT NOT NULL DEFAULT 'requested';
ALTER TABLE referrals ADD COLUMN status_reason TEXT;
ALTER TABLE referrals ADD COLUMN note TEXT;
ALTER TABLE referrals ADD COLUMN outcome TEXT;
ALTER TABLE referrals ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE referrals ADD COLUMN from_organization TEXT;
ALTER TABLE referrals ADD COLUMN plan_id TEXT;
ALTER TABLE referrals ADD COLUMN requested_at TEXT;
ALTER TABLE referrals ADD COLUMN updated_at TEXT;
ALTER TABLE referrals ADD COLUMN updated_by TEXT;
-- 1 while the referral is a draft or open (requested, accepted, in-progress, on-hold).
ALTER TABLE referrals ADD COLUMN active BIGINT NOT NULL DEFAULT 1;
-- The earliest deadline not yet met ('9999-12-31' when none), and since when it is overdue.
ALTER TABLE referrals ADD COLUMN due_on TEXT NOT NULL DEFAULT '9999-12-31';
ALTER TABLE referrals ADD COLUMN overdue_since TEXT;
UPDATE referrals SET status = 'completed', active = 0, outcome = '{"kind":"visit-done"}' WHERE closed_at IS NOT NULL;
UPDATE referrals SET requested_at = created_at, updated_at = COALESCE(closed_at, created_at), updated_by = COALESCE(closed_by, created_by);
-- The producer's inbox, sorted by deadline: an index, not a scan.
CREATE INDEX referrals_inbox ON referrals (to_organization, active, due_on, id);
-- The sweep: open referrals past their earliest deadline.
CREATE INDEX referrals_due ON referrals (active, due_on);

CREATE TABLE referral_events (
    referral_id  TEXT NOT NULL REFERENCES referrals (id),
    seq          BIGINT NOT NULL,
    at           TEXT NOT NULL,
    by_user      TEXT NOT NULL,
    organization TEXT,
    status       TEXT NOT NULL,
    reason       TEXT,
    note         TEXT,
    outcome      TEXT,
    PRIMARY KEY (referral_id, seq)
);

CREATE TABLE referral_deadlines (
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    clock       TEXT NOT NULL,
    family      TEXT NOT NULL,
    name_fi     TEXT NOT NULL,
    name_sv     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    met_by      TEXT NOT NULL,
    met_at      TEXT,
    basis       TEXT NOT NULL,
    missing     TEXT,
    PRIMARY KEY (referral_id, clock)
);

-- Clients whose path is broken: the last step ended without the service, nothing is open.
-- A navigator may mark one handled, with the reason (the client needs nothing more, say);
-- a handled flag is not raised again for the same referral.
CREATE TABLE path_flags (
    client_id   TEXT NOT NULL REFERENCES clients (id),
    referral_id TEXT NOT NULL,
    status      TEXT NOT NULL,
    since       TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT,
    resolution  TEXT,
    PRIMARY KEY (client_id, referral_id)
);

CREATE TABLE subscriptions (
    id           TEXT PRIMARY KEY,
    organization TEXT NOT NULL,
    kind         TEXT NOT NULL,
    target       TEXT NOT NULL,
    secret       TEXT,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    active       BIGINT NOT NULL
);
CREATE INDEX subscriptions_organization ON subscriptions (organization, active);

-- Notifications waiting, delivered or dead; one per subscription and event (idempotent).
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    subscription_id TEXT NOT NULL REFERENCES subscriptions (id),
    event_id        TEXT NOT NULL,
    kind            TEXT NOT NULL,
    target          TEXT NOT NULL,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        BIGINT NOT NULL,
    next_at         TEXT NOT NULL,
    claimed_until   TEXT,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    delivered_at    TEXT,
    UNIQUE (subscription_id, event_id)
);
CREATE INDEX outbox_due ON outbox (status, next_at);

-- Room on each page of referrals for a changed row's new version, so that PostgreSQL can
-- update in place where no indexed column changes (the sweep's `overdue_since`).
-- @postgres
ALTER TABLE referrals SET (fillfactor = 80);
-- @both

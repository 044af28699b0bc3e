-- Monitoring (app::monitoring): events as the county's systems export them and as Polku
-- makes them. `body` is the event as canonical JSON (what the engine loads); the other
-- columns are its fields and counting columns (domain::event::Derived), so that the
-- indicators' SQL (monitor::indicators) runs here too, over the view `events`.
-- @sqlite
CREATE TABLE monitoring_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
-- @postgres
CREATE TABLE monitoring_events (
    seq BIGSERIAL PRIMARY KEY,
-- @both
    id            TEXT NOT NULL UNIQUE,
    digest        TEXT NOT NULL,
    body          TEXT NOT NULL,
    source        TEXT NOT NULL,
    imported_at   TEXT NOT NULL,
    kind          TEXT NOT NULL,
    service_group TEXT NOT NULL,
    preventive    BOOLEAN NOT NULL,
    client        TEXT,
    professional  TEXT,
    age           INTEGER,
    age_group     TEXT,
    municipality  TEXT NOT NULL,
    area          TEXT,
    language      TEXT,
    service       TEXT,
    unit          TEXT,
    producer      TEXT,
    channel       TEXT,
    urgent        BOOLEAN,
    status        TEXT,
    value         DOUBLE PRECISION,
    cost          DOUBLE PRECISION,
    day_no        INTEGER NOT NULL,
    minute_no     BIGINT NOT NULL,
    week          INTEGER NOT NULL,
    month         INTEGER NOT NULL,
    year          INTEGER NOT NULL,
    days          INTEGER,
    working_days  INTEGER,
    months        INTEGER
);
CREATE INDEX monitoring_events_day ON monitoring_events (day_no);
CREATE VIEW events AS SELECT * FROM monitoring_events;

-- Residents by municipality and age, and need coefficients by municipality: the
-- denominators of the per-resident indicators (written by the application).
CREATE TABLE population (
    municipality TEXT NOT NULL,
    age          INTEGER NOT NULL,
    age_group    TEXT NOT NULL,
    residents    INTEGER NOT NULL,
    PRIMARY KEY (municipality, age)
);
CREATE TABLE need (
    municipality TEXT PRIMARY KEY,
    coefficient  DOUBLE PRECISION NOT NULL
);

-- Alert thresholds, and the alerts raised (once per rule and period); an alert's e-mail
-- goes through the outbox of the rule's subscription (`alert-<rule>`).
CREATE TABLE alert_rules (
    id           TEXT PRIMARY KEY,
    indicator    TEXT NOT NULL,
    municipality TEXT,
    period       TEXT NOT NULL,
    direction    TEXT NOT NULL,
    threshold    DOUBLE PRECISION NOT NULL,
    manager      TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE TABLE alerts (
    id           TEXT PRIMARY KEY,
    rule_id      TEXT NOT NULL REFERENCES alert_rules (id),
    indicator    TEXT NOT NULL,
    municipality TEXT,
    period       INTEGER NOT NULL,
    value        DOUBLE PRECISION NOT NULL,
    threshold    DOUBLE PRECISION NOT NULL,
    direction    TEXT NOT NULL,
    manager      TEXT NOT NULL,
    raised_at    TEXT NOT NULL
);

-- Service navigation (app::navigation, app::capacity): needs assessments and service plans
-- (client data: read and written only through the access log), the facts' source, and the
-- capacity that choice needs: places per unit and kind over time, appointment supply,
-- waiting lists (by the producer's own case reference, never an identity) and voucher terms.
CREATE TABLE assessments (
    id            TEXT PRIMARY KEY,
    client_id     TEXT NOT NULL REFERENCES clients (id),
    questionnaire TEXT NOT NULL,
    version       BIGINT NOT NULL,
    answers       TEXT NOT NULL,
    complete      BIGINT NOT NULL,
    urgency       TEXT,
    segment       TEXT,
    revision      BIGINT NOT NULL,
    started_by    TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    completed_at  TEXT
);
CREATE INDEX assessments_client ON assessments (client_id, updated_at);

CREATE TABLE service_plans (
    id         TEXT PRIMARY KEY,
    client_id  TEXT NOT NULL REFERENCES clients (id),
    body       TEXT NOT NULL,
    revision   BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX service_plans_client ON service_plans (client_id, updated_at);

ALTER TABLE client_facts ADD COLUMN source TEXT;

CREATE TABLE unit_places (
    unit_id     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    as_of       TEXT NOT NULL,
    places      BIGINT NOT NULL,
    occupied    BIGINT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (unit_id, kind, as_of)
);

CREATE TABLE appointment_supply (
    unit_id     TEXT NOT NULL,
    service_id  TEXT NOT NULL,
    as_of       TEXT NOT NULL,
    t3_days     DOUBLE PRECISION,
    free_times  TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (unit_id, service_id, as_of)
);

CREATE TABLE waiting_entries (
    id         TEXT PRIMARY KEY,
    unit_id    TEXT NOT NULL,
    service_id TEXT NOT NULL,
    reference  TEXT NOT NULL,
    priority   BIGINT NOT NULL,
    decided_on TEXT NOT NULL,
    entered_on TEXT NOT NULL,
    left_on    TEXT,
    placed     BIGINT NOT NULL,
    revision   BIGINT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (unit_id, service_id, reference)
);
CREATE INDEX waiting_entries_unit ON waiting_entries (unit_id, service_id, left_on);

CREATE TABLE voucher_terms (
    unit_id       TEXT NOT NULL,
    service_id    TEXT NOT NULL,
    as_of         TEXT NOT NULL,
    price         DOUBLE PRECISION NOT NULL,
    voucher_value DOUBLE PRECISION NOT NULL,
    recorded_by   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    PRIMARY KEY (unit_id, service_id, as_of)
);

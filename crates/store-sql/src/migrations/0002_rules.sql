-- Eligibility rule files (docs/rules-format.md): the current text of each file
-- and every revision. Withdrawing a file writes a revision with no source.
CREATE TABLE rule_files (
    name       TEXT PRIMARY KEY,
    revision   BIGINT NOT NULL,
    source     TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE rule_file_revisions (
    name        TEXT NOT NULL,
    revision    BIGINT NOT NULL,
    source      TEXT,
    actor       TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (name, revision)
);

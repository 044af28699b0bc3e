-- The search quality loop (app::search_log): residents' searches counted per day, language
-- and normalised query text (lower-cased words, no digits, no e-mail addresses), nothing
-- about who searched. `searches` counts searches, `zero_results` those that found nothing,
-- `clicked` those whose results were followed to a service; abandoned = searches -
-- zero_results - clicked. Servers add their counts (INSERT ... ON CONFLICT DO UPDATE SET
-- n = n + excluded.n), so two servers on one database add up.
CREATE TABLE search_counts (
    day          TEXT NOT NULL,
    lang         TEXT NOT NULL,
    query        TEXT NOT NULL,
    searches     BIGINT NOT NULL,
    zero_results BIGINT NOT NULL,
    clicked      BIGINT NOT NULL,
    PRIMARY KEY (day, lang, query)
);

-- The catalog team's synonym lists, one text per language in the format of
-- data/search/synonyms/*.txt (the shipped files are the defaults until a list is saved),
-- and every revision with its author. A save writes a change-log row (kind `synonyms`,
-- id the language), so every server applies it to its search index without a restart.
CREATE TABLE search_synonyms (
    lang       TEXT PRIMARY KEY,
    revision   BIGINT NOT NULL,
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE search_synonym_revisions (
    lang        TEXT NOT NULL,
    revision    BIGINT NOT NULL,
    body        TEXT NOT NULL,
    actor       TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (lang, revision)
);

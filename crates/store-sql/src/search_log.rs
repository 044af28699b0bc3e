//! The search quality loop in SQL: [`app::search_log::SearchLogStore`] (migration 0011).
//! Counts are added with one upsert per row (`n = n + excluded.n`), so servers sharing the
//! database add up; a synonym list's save writes its change-log row in its transaction.

use crate::clients::get;
use crate::{SqlStore, db, take_positions, time};
use app::search_log::{SearchCount, SearchLogStore, SynonymList};
use app::store::{Actor, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::Lang;

/// The change log's kind for a synonym list (its id is the language).
pub(crate) const SYNONYMS: &str = "synonyms";

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn lang(code: &str) -> Result<Lang, StoreError> {
    Lang::parse(code).ok_or_else(|| StoreError::Corrupt(format!("unknown language {code:?}")))
}

#[async_trait]
impl SearchLogStore for SqlStore {
    async fn add_search_counts(&self, counts: &[SearchCount]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        for c in counts {
            sqlx::query(
                "INSERT INTO search_counts (day, lang, query, searches, zero_results, clicked) \
                 VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (day, lang, query) DO UPDATE SET \
                 searches = search_counts.searches + excluded.searches, \
                 zero_results = search_counts.zero_results + excluded.zero_results, \
                 clicked = search_counts.clicked + excluded.clicked",
            )
            .bind(day(c.day))
            .bind(c.lang.code())
            .bind(&c.query)
            .bind(c.searches)
            .bind(c.zero_results)
            .bind(c.clicked)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        tx.commit().await.map_err(db)
    }

    async fn search_counts(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<SearchCount>, StoreError> {
        let rows = sqlx::query(
            "SELECT lang, query, CAST(SUM(searches) AS BIGINT) AS searches, \
             CAST(SUM(zero_results) AS BIGINT) AS zero_results, CAST(SUM(clicked) AS BIGINT) AS clicked \
             FROM search_counts WHERE day >= $1 AND day <= $2 GROUP BY lang, query ORDER BY lang, query",
        )
        .bind(day(from))
        .bind(day(to))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(SearchCount {
                    day: to,
                    lang: lang(&get::<String>(r, "lang")?)?,
                    query: get(r, "query")?,
                    searches: get(r, "searches")?,
                    zero_results: get(r, "zero_results")?,
                    clicked: get(r, "clicked")?,
                })
            })
            .collect()
    }

    async fn synonym_lists(&self) -> Result<Vec<SynonymList>, StoreError> {
        let rows = sqlx::query("SELECT lang, body, revision FROM search_synonyms ORDER BY lang")
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(SynonymList {
                    lang: lang(&get::<String>(r, "lang")?)?,
                    body: get(r, "body")?,
                    revision: get(r, "revision")?,
                })
            })
            .collect()
    }

    async fn put_synonym_list(
        &self,
        lang: Lang,
        body: &str,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let at = time(at);
        let mut tx = self.pool.begin().await.map_err(db)?;
        let seq = take_positions(&mut tx, 1).await?;
        let last: Option<i64> = get(
            &sqlx::query("SELECT MAX(revision) AS revision FROM search_synonym_revisions WHERE lang = $1")
                .bind(lang.code())
                .fetch_one(&mut *tx)
                .await
                .map_err(db)?,
            "revision",
        )?;
        let revision = last.unwrap_or(0) + 1;
        sqlx::query("DELETE FROM search_synonyms WHERE lang = $1")
            .bind(lang.code())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        sqlx::query("INSERT INTO search_synonyms (lang, revision, body, updated_at) VALUES ($1, $2, $3, $4)")
            .bind(lang.code())
            .bind(revision)
            .bind(body)
            .bind(&at)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        sqlx::query(
            "INSERT INTO search_synonym_revisions (lang, revision, body, actor, recorded_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(lang.code())
        .bind(revision)
        .bind(body)
        .bind(actor.label())
        .bind(&at)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        sqlx::query("INSERT INTO change_log (seq, kind, id, revision, recorded_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(seq)
            .bind(SYNONYMS)
            .bind(lang.code())
            .bind(revision)
            .bind(&at)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(revision)
    }
}

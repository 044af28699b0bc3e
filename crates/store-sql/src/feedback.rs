//! Residents' feedback in SQL: [`app::feedback::FeedbackStore`] (migration 0010). A piece of
//! feedback and its sender's rate-limit row are written in one transaction, which begins
//! with the removal of the hashes past the window (on SQLite a write, so the transaction
//! holds the write lock before it counts, and two servers cannot both count under the limit).

use crate::{SqlStore, db, time};
use app::feedback::{Admitted, Feedback, FeedbackStore};
use app::store::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::Row;

fn parse_time(s: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Database(format!("bad time {s:?}: {e}")))
}

fn feedback_of(row: &sqlx::any::AnyRow) -> Result<Feedback, StoreError> {
    let created_at: String = row.try_get("created_at").map_err(db)?;
    let handled_at: Option<String> = row.try_get("handled_at").map_err(db)?;
    Ok(Feedback {
        id: row.try_get("id").map_err(db)?,
        unit: row.try_get("unit_id").map_err(db)?,
        organization: row.try_get("organization_id").map_err(db)?,
        lang: row.try_get("lang").map_err(db)?,
        message: row.try_get("message").map_err(db)?,
        contact: row.try_get("contact").map_err(db)?,
        created_at: parse_time(&created_at)?,
        handled_at: handled_at.as_deref().map(parse_time).transpose()?,
        handled_by: row.try_get("handled_by").map_err(db)?,
    })
}

#[async_trait]
impl FeedbackStore for SqlStore {
    async fn put_feedback(
        &self,
        feedback: &Feedback,
        client_hash: &str,
        window_start: DateTime<Utc>,
        limit: u32,
    ) -> Result<Admitted, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("DELETE FROM feedback_clients WHERE sent_at < $1")
            .bind(time(window_start))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, MIN(sent_at) AS oldest FROM feedback_clients WHERE client_hash = $1 AND sent_at >= $2",
        )
        .bind(client_hash)
        .bind(time(window_start))
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        let sent: i64 = row.try_get("n").map_err(db)?;
        if sent >= i64::from(limit) {
            let oldest: Option<String> = row.try_get("oldest").map_err(db)?;
            tx.rollback().await.map_err(db)?;
            let oldest = oldest.as_deref().map(parse_time).transpose()?.unwrap_or(feedback.created_at);
            return Ok(Admitted::Limited { oldest });
        }
        sqlx::query("INSERT INTO feedback_clients (client_hash, sent_at) VALUES ($1, $2)")
            .bind(client_hash)
            .bind(time(feedback.created_at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        sqlx::query(
            "INSERT INTO feedback (id, unit_id, organization_id, lang, message, contact, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&feedback.id)
        .bind(&feedback.unit)
        .bind(&feedback.organization)
        .bind(&feedback.lang)
        .bind(&feedback.message)
        .bind(feedback.contact.as_deref())
        .bind(time(feedback.created_at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(Admitted::Stored)
    }

    async fn feedback_queue(&self, organization: Option<&str>, limit: usize) -> Result<Vec<Feedback>, StoreError> {
        const COLUMNS: &str =
            "id, unit_id, organization_id, lang, message, contact, created_at, handled_at, handled_by";
        let rows =
            match organization {
                Some(org) => sqlx::query(&format!(
                    "SELECT {COLUMNS} FROM feedback WHERE organization_id = $1 ORDER BY created_at DESC, id LIMIT $2"
                ))
                .bind(org)
                .bind(limit as i64)
                .fetch_all(&self.pool)
                .await,
                None => {
                    sqlx::query(&format!("SELECT {COLUMNS} FROM feedback ORDER BY created_at DESC, id LIMIT $1"))
                        .bind(limit as i64)
                        .fetch_all(&self.pool)
                        .await
                }
            }
            .map_err(db)?;
        rows.iter().map(feedback_of).collect()
    }

    async fn handle_feedback(
        &self,
        id: &str,
        organization: Option<&str>,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE feedback SET handled_at = $1, handled_by = $2 \
             WHERE id = $3 AND handled_at IS NULL AND ($4 = '' OR organization_id = $4)",
        )
        .bind(time(at))
        .bind(by)
        .bind(id)
        .bind(organization.unwrap_or(""))
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(done.rows_affected() == 1)
    }
}

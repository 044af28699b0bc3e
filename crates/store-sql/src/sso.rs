//! Single sign-on logins in flight in SQL: [`app::sso::SsoStore`]. A login is taken with
//! `DELETE … RETURNING`, so of two servers taking the same state at once only one gets it.

use crate::{SqlStore, db, time};
use app::sso::{PendingLogin, SsoStore};
use app::store::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::Row;

#[async_trait]
impl SsoStore for SqlStore {
    async fn put_pending_login(
        &self,
        state_hash: &str,
        login: &PendingLogin,
        expired_before: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("DELETE FROM sso_pending WHERE created_at < $1")
            .bind(time(expired_before))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        sqlx::query(
            "INSERT INTO sso_pending (state_hash, provider, nonce, verifier, lang, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(state_hash)
        .bind(&login.provider)
        .bind(&login.nonce)
        .bind(&login.verifier)
        .bind(&login.lang)
        .bind(time(login.created_at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)
    }

    async fn take_pending_login(&self, state_hash: &str) -> Result<Option<PendingLogin>, StoreError> {
        let row = sqlx::query(
            "DELETE FROM sso_pending WHERE state_hash = $1 RETURNING provider, nonce, verifier, lang, created_at",
        )
        .bind(state_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        let Some(row) = row else { return Ok(None) };
        let created_at: String = row.try_get("created_at").map_err(db)?;
        Ok(Some(PendingLogin {
            provider: row.try_get("provider").map_err(db)?,
            nonce: row.try_get("nonce").map_err(db)?,
            verifier: row.try_get("verifier").map_err(db)?,
            lang: row.try_get("lang").map_err(db)?,
            created_at: DateTime::parse_from_rfc3339(&created_at)
                .map_err(|e| StoreError::Database(format!("bad time {created_at:?}: {e}")))?
                .with_timezone(&Utc),
        }))
    }
}

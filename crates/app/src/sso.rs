//! Single sign-on logins in flight: what an OpenID Connect login remembers between the
//! redirect to the provider and its return (the nonce, the PKCE verifier, which provider,
//! the page's language), kept in the database under the hash of the `state` so that any
//! server on the same database can finish a login another began, and taken (deleted) on
//! return, so that a state, and the nonce tied to it, work once. Pending logins expire
//! after [`PENDING_MINUTES`]. The tokens themselves are validated by the HTTP layer.

use crate::catalog::Polku;
use crate::error::AppError;
use crate::store::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// How long a login may take at the provider.
pub const PENDING_MINUTES: i64 = 10;

/// A login begun and not yet finished.
#[derive(Clone, PartialEq, Eq)]
pub struct PendingLogin {
    /// Which configured provider: `staff` or `resident`.
    pub provider: String,
    /// The `nonce` the `id_token` must carry.
    pub nonce: String,
    /// The PKCE `code_verifier` (its S256 hash went to the provider).
    pub verifier: String,
    /// The language of the page the login started from.
    pub lang: String,
    pub created_at: DateTime<Utc>,
}

impl std::fmt::Debug for PendingLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingLogin")
            .field("provider", &self.provider)
            .field("lang", &self.lang)
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}

/// Storage of pending logins, implemented by `store-sql`.
#[async_trait]
pub trait SsoStore: Send + Sync {
    /// Stores a pending login under the hash of its state, and removes those created
    /// before `expired_before`.
    async fn put_pending_login(
        &self,
        state_hash: &str,
        login: &PendingLogin,
        expired_before: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Deletes and returns the pending login of a state hash: of two servers taking the
    /// same one at once, one gets it and the other nothing.
    async fn take_pending_login(&self, state_hash: &str) -> Result<Option<PendingLogin>, StoreError>;
}

/// What the redirect to the provider carries: `state`, `nonce`, and the PKCE verifier
/// whose S256 hash is the `code_challenge`.
#[derive(Clone)]
pub struct BegunLogin {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
}

fn state_hash(state: &str) -> String {
    Sha256::digest(state.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

impl Polku {
    /// Adds the storage of pending single sign-on logins.
    pub fn with_sso(mut self, store: Arc<dyn SsoStore>) -> Polku {
        self.sso = Some(store);
        self
    }

    fn sso_store(&self) -> Result<&dyn SsoStore, AppError> {
        self.sso.as_deref().ok_or_else(|| AppError::Internal("single sign-on has no store (Polku::with_sso)".into()))
    }

    /// Begins a login at a provider: fresh random state, nonce and PKCE verifier, stored.
    pub async fn begin_sso(&self, provider: &str, lang: &str) -> Result<BegunLogin, AppError> {
        let begun = BegunLogin {
            state: crate::auth::random_token(),
            nonce: crate::auth::random_token(),
            verifier: crate::auth::random_token(),
        };
        let now = self.clock().now();
        let login = PendingLogin {
            provider: provider.to_owned(),
            nonce: begun.nonce.clone(),
            verifier: begun.verifier.clone(),
            lang: lang.to_owned(),
            created_at: now,
        };
        let expired_before = now - chrono::Duration::minutes(PENDING_MINUTES);
        self.sso_store()?.put_pending_login(&state_hash(&begun.state), &login, expired_before).await?;
        Ok(begun)
    }

    /// Takes the pending login of a returning `state`: `None` when it is unknown, already
    /// used (a replay) or expired. Either way it cannot be used again.
    pub async fn finish_sso(&self, state: &str) -> Result<Option<PendingLogin>, AppError> {
        if state.is_empty() || state.len() > 256 {
            return Ok(None);
        }
        let Some(login) = self.sso_store()?.take_pending_login(&state_hash(state)).await? else { return Ok(None) };
        let age = self.clock().now() - login.created_at;
        if age > chrono::Duration::minutes(PENDING_MINUTES) {
            tracing::info!(provider = login.provider, minutes = age.num_minutes(), "single sign-on: login expired");
            return Ok(None);
        }
        Ok(Some(login))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_logins_hide_their_secrets_in_debug() {
        let login = PendingLogin {
            provider: "staff".into(),
            nonce: "secret-nonce".into(),
            verifier: "secret-verifier".into(),
            lang: "fi".into(),
            created_at: Utc::now(),
        };
        let shown = format!("{login:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert_eq!(state_hash("x").len(), 64);
    }
}

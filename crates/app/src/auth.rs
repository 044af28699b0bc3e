//! Local staff login: users with argon2-hashed passwords, sessions in the database.
//! Roles and single sign-on come later; they will sit behind the same calls.

use crate::catalog::Polku;
use crate::error::AppError;
use crate::store::{SessionRecord, UserRecord};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const SESSION_HOURS: i64 = 8;
pub const MIN_PASSWORD: usize = 12;

/// A signed-in staff user, taken from the request by the HTTP layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffUser {
    pub username: String,
}

/// A fresh random token (256 bits, hex), for sessions and CSRF.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Sessions are stored by the hash of their token, so a leaked table opens no session.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

pub fn check_username(username: &str) -> Result<(), AppError> {
    let ok = (3..=64).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-' | b'@'));
    if ok { Ok(()) } else { Err(AppError::invalid("username", "3 to 64 characters of a-z, 0-9, '.', '_', '-', '@'")) }
}

fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("hashing password: {e}")))
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

impl Polku {
    pub async fn add_user(&self, username: &str, password: &str) -> Result<(), AppError> {
        check_username(username)?;
        if password.chars().count() < MIN_PASSWORD {
            return Err(AppError::invalid("password", format!("must be at least {MIN_PASSWORD} characters")));
        }
        let password = password.to_owned();
        let password_hash = tokio::task::spawn_blocking(move || hash_password(&password))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))??;
        let user = UserRecord { username: username.to_owned(), password_hash };
        self.auth_store().create_user(&user, self.clock().now()).await.map_err(|e| match e {
            crate::store::StoreError::Conflict(_) => AppError::Conflict(vec![domain::Problem {
                field: "username".into(),
                problem: format!("user {username:?} exists already"),
            }]),
            other => AppError::Store(other),
        })
    }

    /// Check a password and open a session; returns the session token for the cookie.
    pub async fn login(&self, username: &str, password: &str) -> Result<String, AppError> {
        let user = self.auth_store().user(username).await?;
        let password = password.to_owned();
        // Verify against a dummy hash when the user is unknown, so timing does not tell.
        let hash = user.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| DUMMY_HASH.to_owned());
        let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let Some(user) = user.filter(|_| ok) else {
            tracing::info!(username, "login refused");
            return Err(AppError::BadCredentials);
        };
        let token = random_token();
        let now = self.clock().now();
        let session =
            SessionRecord { username: user.username, expires_at: now + chrono::Duration::hours(SESSION_HOURS) };
        self.auth_store().create_session(&token_hash(&token), &session, now).await?;
        tracing::info!(username, "login");
        Ok(token)
    }

    /// The user of a session token, if the session exists and has not expired.
    pub async fn session_user(&self, token: &str) -> Result<Option<StaffUser>, AppError> {
        let Some(session) = self.auth_store().session(&token_hash(token)).await? else {
            return Ok(None);
        };
        if session.expires_at <= self.clock().now() {
            self.auth_store().delete_session(&token_hash(token)).await?;
            return Ok(None);
        }
        Ok(Some(StaffUser { username: session.username }))
    }

    pub async fn logout(&self, token: &str) -> Result<(), AppError> {
        Ok(self.auth_store().delete_session(&token_hash(token)).await?)
    }
}

/// An argon2 hash of a random password nobody knows.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$T4EKsWPl1yqfEk4A1s3U6jeMYCCd5ghPMc4F6SwbNkY";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("wrong", &hash));
        assert!(!verify_password("anything", "not a hash"));
        assert!(!verify_password("anything", DUMMY_HASH));
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn usernames() {
        assert!(check_username("anna.virtanen").is_ok());
        assert!(check_username("ab").is_err());
        assert!(check_username("Anna").is_err());
    }
}

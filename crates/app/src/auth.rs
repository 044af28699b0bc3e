//! Who is acting: users with roles (and, for professionals, an organisation), local
//! sign-in with argon2-hashed passwords and rate limiting, single sign-on identities
//! (OpenID Connect, validated by the HTTP layer) mapped to users, residents signed in
//! with strong identification mapped to their client record, and sessions in the database
//! (stored by the hash of their token; expiring; "log out everywhere").

use crate::catalog::Polku;
use crate::error::AppError;
use crate::store::{Actor, SessionRecord, StoreError, UserRecord};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use domain::Id;
use domain::client::{Hetu, Role};
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const SESSION_HOURS: i64 = 8;
pub const MIN_PASSWORD: usize = 12;
/// Failed sign-ins counted per username and per address over this many minutes.
pub const SIGN_IN_WINDOW_MINUTES: i64 = 15;
/// Failed sign-ins of one username within the window before sign-in is refused.
pub const MAX_FAILURES_PER_USER: u32 = 5;
/// Failed sign-ins from one address within the window before sign-in is refused.
pub const MAX_FAILURES_PER_ADDRESS: u32 = 20;

/// A signed-in person, taken from the request by the HTTP layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub username: String,
    pub display_name: Option<String>,
    /// Sorted, without repeats.
    pub roles: Vec<Role>,
    /// The organisation a professional or navigator works for.
    pub organization: Option<Id>,
    /// A resident's own client record.
    pub client: Option<String>,
}

impl Principal {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// How the roles are written in the access log and the database: `navigator,planner`.
    pub fn roles_label(&self) -> String {
        roles_label(&self.roles)
    }

    /// The staff roles: every role but resident.
    pub fn is_staff(&self) -> bool {
        self.roles.iter().any(|r| *r != Role::Resident)
    }
}

pub fn roles_label(roles: &[Role]) -> String {
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
}

/// Parses `navigator,planner`; unknown names are an error naming them.
pub fn parse_roles(s: &str) -> Result<Vec<Role>, AppError> {
    let mut roles = Vec::new();
    for name in s.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        roles.push(Role::parse(name).ok_or_else(|| {
            AppError::invalid(
                "roles",
                format!(
                    "unknown role {name:?}: the roles are {}",
                    Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
                ),
            )
        })?);
    }
    roles.sort();
    roles.dedup();
    Ok(roles)
}

/// Where a request came from, for the access log and rate limiting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestMeta {
    /// The request's id (from `X-Request-Id` when well-formed, else made up).
    pub request_id: String,
    /// The peer address (and the forwarded-for address, when a proxy sent one).
    pub address: String,
}

/// An identity from a single sign-on provider, after the HTTP layer validated its
/// `id_token` (signature, issuer, audience, expiry, nonce).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoIdentity {
    pub issuer: String,
    pub subject: String,
    /// Staff: the username to use (from `preferred_username` or `email`).
    pub username: String,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    /// Staff: roles mapped from the provider's claims.
    pub roles: Vec<Role>,
    pub organization: Option<Id>,
    /// Residents (strong identification): the personal identity code claim.
    pub hetu: Option<Hetu>,
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
    /// Creates a local user (password hashed with argon2id) with roles and an organisation.
    pub async fn add_user(
        &self,
        username: &str,
        password: &str,
        roles: &[Role],
        organization: Option<&Id>,
    ) -> Result<(), AppError> {
        check_username(username)?;
        if password.chars().count() < MIN_PASSWORD {
            return Err(AppError::invalid("password", format!("must be at least {MIN_PASSWORD} characters")));
        }
        check_roles(roles, organization)?;
        let password = password.to_owned();
        let password_hash = tokio::task::spawn_blocking(move || hash_password(&password))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))??;
        let mut roles = roles.to_vec();
        roles.sort();
        roles.dedup();
        let user = UserRecord {
            username: username.to_owned(),
            password_hash: Some(password_hash),
            roles,
            organization: organization.map(|o| o.to_string()),
            display_name: None,
            issuer: None,
        };
        self.auth_store().create_user(&user, self.clock().now()).await.map_err(|e| match e {
            StoreError::Conflict(_) => AppError::Conflict(vec![domain::Problem {
                field: "username".into(),
                problem: format!("user {username:?} exists already"),
            }]),
            other => other.into(),
        })
    }

    /// [`Polku::add_user`] on behalf of someone: administrators only.
    pub async fn add_user_as(
        &self,
        acting: &Actor,
        username: &str,
        password: &str,
        roles: &[Role],
        organization: Option<&Id>,
    ) -> Result<(), AppError> {
        acting.require(crate::permit::Action::ManageUsers)?;
        if roles.contains(&Role::Resident) {
            return Err(AppError::invalid("roles", "the resident role comes only from strong identification"));
        }
        self.add_user(username, password, roles, organization).await
    }

    /// Every user, by username (administrators).
    pub async fn users(&self, acting: &Actor) -> Result<Vec<UserRecord>, AppError> {
        acting.require(crate::permit::Action::ManageUsers)?;
        let mut users = self.auth_store().users().await?;
        for user in &mut users {
            user.password_hash = None;
        }
        Ok(users)
    }

    /// Sets a user's roles and organisation (administrators). Their sessions end, so that
    /// the new roles hold from their next sign-in on every server.
    pub async fn set_roles(
        &self,
        acting: &Actor,
        username: &str,
        roles: &[Role],
        organization: Option<&Id>,
    ) -> Result<(), AppError> {
        acting.require(crate::permit::Action::ManageUsers)?;
        check_roles(roles, organization)?;
        if roles.contains(&Role::Resident) {
            return Err(AppError::invalid("roles", "the resident role comes only from strong identification"));
        }
        let mut roles = roles.to_vec();
        roles.sort();
        roles.dedup();
        let found = self.auth_store().set_roles(username, &roles, organization.map(|o| o.as_str())).await?;
        if !found {
            return Err(AppError::NotFound { kind: "user", id: username.to_owned() });
        }
        self.auth_store().delete_sessions_of(username).await?;
        tracing::info!(by = acting.label(), username, roles = roles_label(&roles), "roles set");
        Ok(())
    }

    /// Checks a password and opens a session; returns the session token for the cookie.
    /// After too many failures (per username and per address) sign-in is refused for a while,
    /// with [`AppError::TooManyAttempts`], before the password is even looked at.
    pub async fn login(&self, username: &str, password: &str, meta: &RequestMeta) -> Result<String, AppError> {
        let now = self.clock().now();
        let since = now - chrono::Duration::minutes(SIGN_IN_WINDOW_MINUTES);
        let user_key = format!("user:{username}");
        let address_key = format!("address:{}", meta.address);
        let store = self.auth_store();
        if store.sign_in_failures(&user_key, since).await? >= MAX_FAILURES_PER_USER
            || store.sign_in_failures(&address_key, since).await? >= MAX_FAILURES_PER_ADDRESS
        {
            tracing::warn!(username, address = meta.address, "sign-in refused: too many failed attempts");
            return Err(AppError::TooManyAttempts { retry_after_seconds: SIGN_IN_WINDOW_MINUTES * 60 });
        }
        let user = store.user(username).await?;
        let password = password.to_owned();
        // Verify against a dummy hash when the user is unknown, so timing does not tell.
        let hash = user.as_ref().and_then(|u| u.password_hash.clone()).unwrap_or_else(|| DUMMY_HASH.to_owned());
        let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let Some(user) = user.filter(|_| ok) else {
            store.record_sign_in_failure(&[&user_key, &address_key], now).await?;
            tracing::info!(username, address = meta.address, "sign-in refused");
            return Err(AppError::BadCredentials);
        };
        tracing::info!(username, "sign-in");
        self.open_session(&user.username, None).await
    }

    async fn open_session(&self, username: &str, client: Option<String>) -> Result<String, AppError> {
        let token = random_token();
        let now = self.clock().now();
        let session = SessionRecord {
            username: username.to_owned(),
            expires_at: now + chrono::Duration::hours(SESSION_HOURS),
            client,
        };
        self.auth_store().create_session(&token_hash(&token), &session, now).await?;
        Ok(token)
    }

    /// Opens a session for an identity that the HTTP layer took from a validated `id_token`.
    /// Staff: the user is created or updated with the roles and organisation of the claims.
    /// Residents (an identity code in the claims): the session is tied to their client
    /// record, made for them on their first sign-in (and logged as their own write).
    pub async fn sso_session(&self, identity: SsoIdentity, meta: &RequestMeta) -> Result<String, AppError> {
        let now = self.clock().now();
        if let Some(hetu) = &identity.hetu {
            let client = self.resident_client(&identity, hetu, meta).await?;
            // The same name as the access log gives the resident (a pseudonym, never the code).
            let username = self.resident_username(&client)?;
            let user = UserRecord {
                username: username.clone(),
                password_hash: None,
                roles: vec![Role::Resident],
                organization: None,
                display_name: Some(
                    [identity.given_name.as_deref(), identity.family_name.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                issuer: Some(identity.issuer.clone()),
            };
            self.auth_store().upsert_user(&user, now).await?;
            tracing::info!(username, "resident sign-in (strong identification)");
            return self.open_session(&username, Some(client)).await;
        }
        check_username(&identity.username)?;
        check_roles(&identity.roles, identity.organization.as_ref())?;
        if identity.roles.contains(&Role::Resident) {
            return Err(AppError::invalid("roles", "the resident role comes only from strong identification"));
        }
        let existing = self.auth_store().user(&identity.username).await?;
        if let Some(existing) = &existing
            && existing.issuer.as_deref() != Some(identity.issuer.as_str())
        {
            // A local user, or one of another provider, is not taken over by a token.
            return Err(AppError::Conflict(vec![domain::Problem {
                field: "username".into(),
                problem: format!("user {:?} exists and does not sign in with {}", identity.username, identity.issuer),
            }]));
        }
        let mut roles = identity.roles.clone();
        roles.sort();
        roles.dedup();
        let user = UserRecord {
            username: identity.username.clone(),
            password_hash: None,
            roles,
            organization: identity.organization.as_ref().map(|o| o.to_string()),
            display_name: [identity.given_name.as_deref(), identity.family_name.as_deref()]
                .into_iter()
                .flatten()
                .map(str::to_owned)
                .reduce(|a, b| format!("{a} {b}")),
            issuer: Some(identity.issuer.clone()),
        };
        self.auth_store().upsert_user(&user, now).await?;
        tracing::info!(username = identity.username, roles = user.roles_label(), "single sign-on");
        self.open_session(&identity.username, None).await
    }

    /// The person of a session token, if the session exists and has not expired.
    pub async fn session_user(&self, token: &str) -> Result<Option<Principal>, AppError> {
        let Some((session, user)) = self.auth_store().session(&token_hash(token)).await? else {
            return Ok(None);
        };
        if session.expires_at <= self.clock().now() {
            self.auth_store().delete_session(&token_hash(token)).await?;
            return Ok(None);
        }
        Ok(Some(Principal {
            username: user.username,
            display_name: user.display_name,
            roles: user.roles,
            organization: user.organization.and_then(|o| Id::parse(&o).ok()),
            client: session.client,
        }))
    }

    pub async fn logout(&self, token: &str) -> Result<(), AppError> {
        Ok(self.auth_store().delete_session(&token_hash(token)).await?)
    }

    /// Ends every session of the user, on every server.
    pub async fn logout_everywhere(&self, username: &str) -> Result<(), AppError> {
        self.auth_store().delete_sessions_of(username).await?;
        tracing::info!(username, "signed out everywhere");
        Ok(())
    }
}

/// Professionals belong to an organisation; the other roles may name one.
fn check_roles(roles: &[Role], organization: Option<&Id>) -> Result<(), AppError> {
    if roles.contains(&Role::Professional) && organization.is_none() {
        return Err(AppError::invalid("organization", "a professional belongs to an organisation: name its id"));
    }
    Ok(())
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

//! Residents' feedback on a unit, to the producer's queue: the organisation that runs the
//! unit reads it (its professionals, and the catalog editors for every producer) and marks
//! it handled. Spam is kept out without third-party services: a hidden field that people
//! leave empty (a *honeypot*), a signed time token that the form carries (HMAC with the
//! server's pseudonym key, so any server of one database checks any other's) refusing
//! forms sent faster than [`MIN_SECONDS`] or older than [`MAX_AGE_HOURS`], and a limit of
//! [`LIMIT_PER_WINDOW`] per client per [`WINDOW_MINUTES`], keyed by a keyed hash of the
//! client's address (the address itself is never stored, and the hashes are forgotten
//! after the window).

use crate::auth::Principal;
use crate::catalog::Polku;
use crate::error::AppError;
use crate::permit::Action;
use crate::store::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// A form sent sooner than this after it was shown is refused (people read and type).
pub const MIN_SECONDS: i64 = 3;
/// A form older than this is refused (its token has expired): the page shows a fresh one.
pub const MAX_AGE_HOURS: i64 = 24;
/// At most this many pieces of feedback per client in [`WINDOW_MINUTES`].
pub const LIMIT_PER_WINDOW: u32 = 5;
pub const WINDOW_MINUTES: i64 = 60;
/// The longest message and contact detail taken.
pub const MAX_MESSAGE: usize = 4000;
pub const MAX_CONTACT: usize = 200;
/// The most items a queue shows at once.
pub const QUEUE_LIMIT: usize = 200;

/// A piece of feedback as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    pub id: String,
    pub unit: String,
    /// The producer: the organisation running the unit when the feedback was given.
    pub organization: String,
    /// The language of the page it was written on.
    pub lang: String,
    pub message: String,
    /// How the person asked to be answered, if at all.
    pub contact: Option<String>,
    pub created_at: DateTime<Utc>,
    pub handled_at: Option<DateTime<Utc>>,
    pub handled_by: Option<String>,
}

/// What the store did with a piece of feedback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admitted {
    Stored,
    /// The client sent [`LIMIT_PER_WINDOW`] already; the oldest of them was sent then.
    Limited {
        oldest: DateTime<Utc>,
    },
}

/// Storage of feedback, implemented by `store-sql` (migration 0010).
#[async_trait]
pub trait FeedbackStore: Send + Sync {
    /// Stores `feedback` unless the client (by its keyed hash) sent `limit` since
    /// `window_start`; forgets the client hashes older than the window.
    async fn put_feedback(
        &self,
        feedback: &Feedback,
        client_hash: &str,
        window_start: DateTime<Utc>,
        limit: u32,
    ) -> Result<Admitted, StoreError>;

    /// The newest feedback first, of one producer or (None) of all, at most `limit`.
    async fn feedback_queue(&self, organization: Option<&str>, limit: usize) -> Result<Vec<Feedback>, StoreError>;

    /// Marks a piece of feedback handled (of that producer only, when one is given):
    /// whether there was one not yet handled.
    async fn handle_feedback(
        &self,
        id: &str,
        organization: Option<&str>,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
}

/// A form as sent.
#[derive(Debug, Clone, Default)]
pub struct FeedbackForm {
    pub unit: String,
    pub lang: String,
    pub message: String,
    pub contact: String,
    /// The hidden field people leave empty.
    pub honeypot: String,
    /// The time token the form was shown with.
    pub token: String,
}

/// How a form went: only `Stored` stored anything. Every other outcome gives the form
/// back with what the person wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Posted {
    Stored(String),
    /// The hidden field was filled in: a robot. Told it went well, and nothing is stored.
    Trap,
    /// Sent within [`MIN_SECONDS`] of being shown.
    TooFast,
    /// The token is older than [`MAX_AGE_HOURS`], or not one this server's key signed.
    Expired,
    /// Too many from this client: try again in that many seconds.
    Limited {
        retry_after_seconds: i64,
    },
}

/// Whose queue a person reads.
enum Scope {
    All,
    Producer(String),
    Nobody,
}

impl Polku {
    /// Adds the storage of feedback.
    pub fn with_feedback(mut self, store: Arc<dyn FeedbackStore>) -> Polku {
        self.feedback = Some(store);
        self
    }

    fn feedback_store(&self) -> Result<&dyn FeedbackStore, AppError> {
        self.feedback
            .as_deref()
            .ok_or_else(|| AppError::Internal("feedback has no store (Polku::with_feedback)".into()))
    }

    /// The token a unit's feedback form is shown with at `at`: `<unix seconds>.<HMAC>`.
    pub fn feedback_token(&self, unit: &str, at: DateTime<Utc>) -> Result<String, AppError> {
        let seconds = at.timestamp();
        Ok(format!("{seconds}.{}", self.clients()?.pseudonyms.of(&format!("feedback-token|{unit}|{seconds}"))))
    }

    /// When a token of this unit was issued, if this server's key signed it.
    fn token_issued(&self, unit: &str, token: &str) -> Result<Option<DateTime<Utc>>, AppError> {
        let Some((seconds, mac)) = token.split_once('.') else { return Ok(None) };
        let Ok(seconds) = seconds.parse::<i64>() else { return Ok(None) };
        let expected = self.clients()?.pseudonyms.of(&format!("feedback-token|{unit}|{seconds}"));
        let same =
            expected.len() == mac.len() && expected.bytes().zip(mac.bytes()).fold(0u8, |a, (x, y)| a | (x ^ y)) == 0;
        Ok(if same { DateTime::from_timestamp(seconds, 0) } else { None })
    }

    /// Takes a feedback form from `client_address` (hashed with the server's key, never
    /// stored as it is). Refuses (naming the field) an unknown unit, an empty or over-long
    /// message, an over-long contact.
    pub async fn post_feedback(&self, form: &FeedbackForm, client_address: &str) -> Result<Posted, AppError> {
        let snapshot = self.snapshot();
        let unit = snapshot
            .catalog
            .units
            .get(form.unit.as_str())
            .ok_or_else(|| AppError::NotFound { kind: "unit", id: form.unit.clone() })?;
        let message = form.message.trim();
        if message.is_empty() {
            return Err(AppError::invalid("message", "write your feedback"));
        }
        if message.chars().count() > MAX_MESSAGE {
            return Err(AppError::invalid("message", format!("at most {MAX_MESSAGE} characters")));
        }
        let contact = form.contact.trim();
        if contact.chars().count() > MAX_CONTACT {
            return Err(AppError::invalid("contact", format!("at most {MAX_CONTACT} characters")));
        }
        if !form.honeypot.is_empty() {
            tracing::info!(unit = form.unit, "feedback: the hidden field was filled in; not stored");
            return Ok(Posted::Trap);
        }
        let now = self.clock().now();
        let Some(issued) = self.token_issued(&form.unit, &form.token)? else { return Ok(Posted::Expired) };
        let age = now - issued;
        if age > chrono::Duration::hours(MAX_AGE_HOURS) || age < chrono::Duration::seconds(-60) {
            return Ok(Posted::Expired);
        }
        if age < chrono::Duration::seconds(MIN_SECONDS) {
            return Ok(Posted::TooFast);
        }
        let feedback = Feedback {
            id: crate::clients::new_id("feedback"),
            unit: unit.id.to_string(),
            organization: unit.organization.to_string(),
            lang: domain::Lang::parse(&form.lang).unwrap_or(domain::Lang::Fi).code().to_owned(),
            message: message.to_owned(),
            contact: (!contact.is_empty()).then(|| contact.to_owned()),
            created_at: now,
            handled_at: None,
            handled_by: None,
        };
        let client_hash = self.clients()?.pseudonyms.of(&format!("feedback-client|{client_address}"));
        let window = chrono::Duration::minutes(WINDOW_MINUTES);
        match self.feedback_store()?.put_feedback(&feedback, &client_hash, now - window, LIMIT_PER_WINDOW).await? {
            Admitted::Stored => Ok(Posted::Stored(feedback.id)),
            Admitted::Limited { oldest } => {
                tracing::info!(unit = form.unit, "feedback: a client's limit was reached");
                Ok(Posted::Limited { retry_after_seconds: (oldest + window - now).num_seconds().max(1) })
            }
        }
    }

    /// Whose feedback a person reads: every producer's (a catalog editor), their own
    /// organisation's (a professional), or nobody's (a professional of no organisation);
    /// refused without the role.
    fn feedback_scope(principal: Option<&Principal>) -> Result<Scope, AppError> {
        crate::permit::require(principal, Action::ReadFeedback)?;
        let principal = principal.ok_or(AppError::Unauthenticated)?;
        if principal.has(domain::client::Role::CatalogEditor) {
            return Ok(Scope::All);
        }
        Ok(principal.organization.as_ref().map_or(Scope::Nobody, |o| Scope::Producer(o.to_string())))
    }

    /// The feedback queue a person may read, newest first.
    pub async fn feedback_queue(&self, principal: Option<&Principal>) -> Result<Vec<Feedback>, AppError> {
        match Polku::feedback_scope(principal)? {
            Scope::All => Ok(self.feedback_store()?.feedback_queue(None, QUEUE_LIMIT).await?),
            Scope::Producer(org) => Ok(self.feedback_store()?.feedback_queue(Some(&org), QUEUE_LIMIT).await?),
            Scope::Nobody => Ok(Vec::new()),
        }
    }

    /// Marks a piece of feedback of the person's queue handled; `NotFound` when it is not in
    /// their queue or was handled already.
    pub async fn handle_feedback(&self, principal: Option<&Principal>, id: &str) -> Result<(), AppError> {
        let scope = Polku::feedback_scope(principal)?;
        let by = principal.map(|p| p.username.clone()).unwrap_or_default();
        let not_found = || AppError::NotFound { kind: "feedback", id: id.to_owned() };
        if !crate::clients::well_formed_id(id) {
            return Err(not_found());
        }
        let org = match &scope {
            Scope::All => None,
            Scope::Producer(org) => Some(org.as_str()),
            Scope::Nobody => return Err(not_found()),
        };
        if self.feedback_store()?.handle_feedback(id, org, &by, self.clock().now()).await? {
            Ok(())
        } else {
            Err(not_found())
        }
    }
}

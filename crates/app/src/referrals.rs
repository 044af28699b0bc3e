//! Service paths: referrals between producers tracked to closure, with the law's clocks.
//!
//! A referral is client data: it is made and changed only through
//! [`Polku::client_access`], so each change writes its access-log row, its history event,
//! its deadlines, the client's "path broken" flag and its notifications (the outbox) in
//! one transaction. The states and the machine are `domain::referral`'s; the deadlines
//! come from the legal clocks (`rules::clocks`, `data/rules/clocks/`) counted in Finnish
//! working days; broken paths and the measures are the `paths` engine's.
//!
//! Changes are conditional on the version they were read at: of two servers changing
//! the same referral at once, one lands and the other is told it is stale (409), and
//! nothing is lost. Notifications leave through the outbox ([`Polku::deliver_due`]):
//! signed webhooks and e-mails, retried with backoff, then kept as dead letters that an
//! administrator can replay.

use crate::auth::{Principal, RequestMeta};
use crate::catalog::Polku;
use crate::clients::{Answer, Op};
use crate::error::AppError;
use crate::permit::Action;
use crate::store::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::client::{Record, Role};
use domain::referral::{Change, Outcome, Reason, Side, Status};
use serde::Serialize;
use std::sync::Arc;

/// A referral as stored, with its deadlines and history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferralRecord {
    pub id: String,
    pub client: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_organization: Option<String>,
    pub to_organization: String,
    pub service: String,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<Reason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Changes are made from this version (`If-Match`); each change adds one.
    pub version: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested_at: Option<DateTime<Utc>>,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_by: Option<String>,
    /// The earliest deadline not yet met.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_on: Option<NaiveDate>,
    /// Set by the sweep when the earliest deadline passed unmet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overdue_since: Option<NaiveDate>,
    pub deadlines: Vec<DeadlineRecord>,
    pub events: Vec<ReferralEvent>,
}

/// One legal deadline of a referral, from a clock of `data/rules/clocks/`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeadlineRecord {
    pub clock: String,
    pub family: String,
    /// The clock's name in fi, sv, en.
    pub name: [String; 3],
    pub due_on: NaiveDate,
    /// The state that meets it (a later state on the path meets it too).
    pub met_by: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub met_at: Option<DateTime<Utc>>,
    pub basis: String,
    /// When the clock may apply but a fact is missing: the facts that would decide it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
}

impl DeadlineRecord {
    /// Whether `status` meets it.
    pub fn met_by_status(&self, status: Status) -> bool {
        status.progress() >= self.met_by.progress() && !matches!(status, Status::Rejected | Status::Cancelled)
    }
}

/// One change in a referral's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferralEvent {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub by: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
}

/// A new referral, as the store writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferralWrite {
    pub id: String,
    pub to_organization: String,
    pub service: String,
    /// `draft` or `requested`.
    pub status: Status,
    pub note: Option<String>,
    pub plan: Option<String>,
    /// Computed when it is sent (`requested`).
    pub deadlines: Vec<DeadlineRecord>,
}

/// A change of state, as the store applies it: only from `version`.
#[derive(Debug, Clone, PartialEq)]
pub struct TransitionWrite {
    pub referral: String,
    pub version: i64,
    pub change: Change,
    /// The deadlines, when a draft is sent.
    pub deadlines: Vec<DeadlineRecord>,
}

/// What a referral's reader needs to know to decide who acts on which side.
#[derive(Debug, Clone, PartialEq)]
pub struct Parties<'a> {
    pub created_by: &'a str,
    pub from_organization: Option<&'a str>,
    pub to_organization: &'a str,
    /// The navigator whose queue the client is in.
    pub navigator: Option<&'a str>,
}

/// The sides one person acts on for a referral: the receiving producer's staff are the
/// performer; the one who made it, its organisation's staff and the client's navigator
/// are the requester. Someone may be both (a county unit referring to itself).
pub fn sides(p: &Principal, parties: &Parties<'_>) -> Vec<Side> {
    let staff = p.has(Role::Professional) || p.has(Role::Navigator);
    let org = p.organization.as_ref().map(|o| o.as_str());
    let mut sides = Vec::new();
    if staff && org == Some(parties.to_organization) {
        sides.push(Side::Performer);
    }
    let own_org = org.is_some() && org == parties.from_organization;
    if p.username == parties.created_by
        || (staff && own_org)
        || (p.has(Role::Navigator) && parties.navigator == Some(p.username.as_str()))
    {
        sides.push(Side::Requester);
    }
    sides
}

/// The action a change of state needs in the role table: the requester's states need
/// `refer`, the others (and cancelling) `close_referral`.
pub fn action_for(to: Status) -> Action {
    match to.set_by() {
        Some(Side::Requester) => Action::Refer,
        _ => Action::CloseReferral,
    }
}

/// One row of a producer's inbox or a navigator's list: no identity, only the client's id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InboxItem {
    pub id: String,
    pub client: String,
    pub service: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_organization: Option<String>,
    pub to_organization: String,
    pub status: Status,
    pub version: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_on: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overdue_since: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// How an inbox row stands against today: overdue, due within `SOON_DAYS`, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Overdue,
    Soon,
    Later,
    None,
}

/// Working days ahead that count as "soon due".
pub const SOON_DAYS: u32 = 2;

impl InboxItem {
    pub fn urgency(&self, today: NaiveDate) -> Urgency {
        match self.due_on {
            Some(due) if due < today => Urgency::Overdue,
            Some(due) if due <= domain::calendar::add_working_days(today, SOON_DAYS) => Urgency::Soon,
            Some(_) => Urgency::Later,
            None => Urgency::None,
        }
    }
}

/// Where an inbox page starts: after this (due day, id).
pub type Cursor = (NaiveDate, String);

/// A client whose path is broken.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BrokenPath {
    pub client: String,
    pub referral: String,
    pub status: Status,
    pub since: DateTime<Utc>,
}

/// What a sweep did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SweepReport {
    /// Referrals newly flagged overdue.
    pub newly_overdue: u64,
    /// Open referrals overdue in all.
    pub overdue: u64,
    /// Clients whose path is broken.
    pub broken_paths: u64,
}

/// Where notifications of a producer go.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Subscription {
    pub id: String,
    pub organization: String,
    /// `webhook` or `email`.
    pub kind: String,
    /// The URL or the address.
    pub target: String,
    /// The webhook's signing secret (shown once, when made).
    #[serde(skip_serializing)]
    pub secret: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub active: bool,
}

/// A notification waiting, delivered, or dead.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutboxItem {
    pub id: String,
    pub subscription: String,
    /// The same for every delivery of one event: receivers drop repeats by it.
    pub event_id: String,
    pub kind: String,
    pub target: String,
    pub payload: String,
    /// `pending`, `delivered` or `dead`.
    pub status: String,
    pub attempts: i64,
    pub next_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<DateTime<Utc>>,
    /// The webhook's secret, for signing (never serialised).
    #[serde(skip_serializing)]
    pub secret: Option<String>,
}

/// Delivery attempts before a notification becomes a dead letter.
pub const MAX_ATTEMPTS: i64 = 6;

/// The wait before attempt `n + 1` after `n` failed ones: 30 s, 2 min, 8 min, 32 min,
/// about 2 h, then 6 h at most.
pub fn backoff(attempts: i64) -> Duration {
    let seconds = 30i64.saturating_mul(4i64.saturating_pow(attempts.clamp(1, 10) as u32 - 1));
    Duration::seconds(seconds.min(6 * 3600))
}

/// Referral data beyond one client's record (implemented by `store-sql`).
#[async_trait]
pub trait PathStore: Send + Sync {
    /// The client a referral is of (to log the access that follows against them).
    async fn client_of(&self, referral: &str) -> Result<Option<String>, StoreError>;
    /// A producer's open referrals, earliest deadline first, after `after`.
    async fn inbox(
        &self,
        organization: &str,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<Vec<InboxItem>, StoreError>;
    /// The referrals of a navigator's clients (every state), newest change first.
    async fn sent(&self, navigator: &str, limit: usize) -> Result<Vec<InboxItem>, StoreError>;
    /// Flags open referrals whose earliest deadline is before `today`; counts broken paths.
    async fn sweep(&self, today: NaiveDate) -> Result<SweepReport, StoreError>;
    /// Broken paths, oldest first (only the navigator's clients when one is named).
    async fn broken(&self, navigator: Option<&str>, limit: usize) -> Result<Vec<BrokenPath>, StoreError>;
    /// What the measures need of the referrals sent in `[from, to)`.
    async fn measure_facts(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<paths::ReferralFacts>, StoreError>;
    async fn subscribe(&self, subscription: &Subscription) -> Result<(), StoreError>;
    async fn subscriptions(&self, organization: Option<&str>) -> Result<Vec<Subscription>, StoreError>;
    /// Deactivates one; false when there is no such active subscription.
    async fn unsubscribe(&self, id: &str) -> Result<bool, StoreError>;
    /// Takes up to `limit` due notifications for `lease` (no other server takes them meanwhile).
    async fn claim(&self, now: DateTime<Utc>, lease: Duration, limit: usize) -> Result<Vec<OutboxItem>, StoreError>;
    async fn delivered(&self, id: &str, at: DateTime<Utc>) -> Result<(), StoreError>;
    /// A failed attempt: retried at `retry_at`, or dead when none.
    async fn failed(&self, id: &str, error: &str, retry_at: Option<DateTime<Utc>>) -> Result<(), StoreError>;
    async fn outbox(&self, status: Option<&str>, limit: usize) -> Result<Vec<OutboxItem>, StoreError>;
    /// A dead letter back in the queue, due now; false when there is no such dead letter.
    async fn replay(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError>;
}

/// A webhook or e-mail to deliver. A webhook with a secret is signed by the courier
/// when it is sent (`Polku-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`).
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Webhook { url: String, headers: Vec<(String, String)>, body: Vec<u8>, secret: Option<String> },
    Email { to: String, subject: String, text: String },
}

/// Delivers notifications (implemented by the `notify` adapter).
#[async_trait]
pub trait Courier: Send + Sync {
    async fn deliver(&self, message: &Message) -> Result<(), String>;
}

/// The event a change makes, as notifications carry it: no identity, only ids, so that a
/// receiver reads the referral itself through an access that is logged.
pub fn event_payload(record: &ReferralRecord, event_id: &str, at: DateTime<Utc>) -> String {
    serde_json::json!({
        "id": event_id,
        "type": "referral.status",
        "at": at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "referral": record.id,
        "task": format!("Task/{}", record.id),
        "status": record.status.code(),
        "status_reason": record.status_reason.map(|r| r.code()),
        "version": record.version,
        "service": record.service,
        "from_organization": record.from_organization,
        "to_organization": record.to_organization,
        "due_on": record.due_on,
    })
    .to_string()
}

/// The e-mail of an event, in Finnish, Swedish and English: the state, the service and
/// where to look; never the client's identity.
pub fn event_email(record: &ReferralRecord) -> (String, String) {
    use domain::Lang;
    let subject = format!(
        "Polku: {} / {} / {} ({})",
        record.status.name(Lang::Fi),
        record.status.name(Lang::Sv),
        record.status.name(Lang::En),
        record.id
    );
    let due = record.due_on.map(|d| d.format("%-d.%-m.%Y").to_string()).unwrap_or_else(|| "–".into());
    let mut text = String::new();
    for (lang, [state, service, deadline, look]) in [
        (Lang::Fi, ["Lähetteen tila", "Palvelu", "Ensimmäinen määräaika", "Katso lähete Polussa"]),
        (Lang::Sv, ["Remissens status", "Tjänst", "Första tidsfrist", "Se remissen i Polku"]),
        (Lang::En, ["Referral status", "Service", "First deadline", "See the referral in Polku"]),
    ] {
        text.push_str(&format!(
            "{state}: {}\n{service}: {}\n{deadline}: {due}\n{look}: /{}/referrals/{}\n\n",
            record.status.name(lang),
            record.service,
            lang.code(),
            record.id
        ));
    }
    (subject, text)
}

/// A new referral, as the navigator or professional asks for it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReferral {
    pub to_organization: String,
    pub service: String,
    /// Sent at once (`requested`), or kept as a draft.
    pub send: bool,
    pub note: Option<String>,
    pub plan: Option<String>,
}

/// The referral side of a [`Polku`]: set with [`Polku::with_paths`].
pub struct PathSide {
    pub(crate) store: Arc<dyn PathStore>,
    pub(crate) clocks: Arc<rules::clocks::ClockBook>,
}

/// The shipped legal clocks (`data/rules/clocks/`), embedded.
pub const DEMO_CLOCKS: &[(&str, &str)] = &[
    ("child-protection.clocks", include_str!("../../../data/rules/clocks/child-protection.clocks")),
    ("disability.clocks", include_str!("../../../data/rules/clocks/disability.clocks")),
    ("older-people.clocks", include_str!("../../../data/rules/clocks/older-people.clocks")),
    ("oral-care.clocks", include_str!("../../../data/rules/clocks/oral-care.clocks")),
    ("primary-care.clocks", include_str!("../../../data/rules/clocks/primary-care.clocks")),
    ("social-care.clocks", include_str!("../../../data/rules/clocks/social-care.clocks")),
    ("specialised-care.clocks", include_str!("../../../data/rules/clocks/specialised-care.clocks")),
];

/// The shipped clocks read and checked; a fault in them is a build mistake.
pub fn shipped_clocks() -> rules::clocks::ClockBook {
    rules::clocks::ClockBook::from_files(DEMO_CLOCKS).expect("the shipped clock files check clean")
}

fn internal(answer: Answer) -> AppError {
    AppError::Internal(format!("unexpected answer {answer:?}"))
}

impl Polku {
    /// Adds referral tracking over `store`, with the shipped legal clocks.
    pub fn with_paths(mut self, store: Arc<dyn PathStore>) -> Polku {
        self.paths = Some(PathSide { store, clocks: Arc::new(shipped_clocks()) });
        self
    }

    pub(crate) fn paths(&self) -> Result<&PathSide, AppError> {
        self.paths.as_ref().ok_or_else(|| AppError::Internal("this Polku keeps no referrals".into()))
    }

    /// Whether `organization` offers `service` today: it organises or produces it, or one of
    /// the service's units is its own.
    pub fn offers(&self, organization: &str, service: &str) -> bool {
        let snapshot = self.snapshot();
        let catalog = &snapshot.catalog;
        let Some(s) = catalog.services.get(service) else { return false };
        if !domain::catalog::Dated::valid_on(s, self.clock.today()) {
            return false;
        }
        s.organiser.as_str() == organization
            || s.producers.iter().any(|p| p.organization.as_str() == organization)
            || s.units
                .iter()
                .any(|u| catalog.units.get(u.as_str()).is_some_and(|u| u.organization.as_str() == organization))
    }

    /// The deadlines of a referral of `client` to `service` received today: the person the
    /// clocks see is read through the access log (identity, facts).
    async fn deadlines(
        &self,
        principal: Option<&Principal>,
        meta: &RequestMeta,
        client: &str,
        service: &str,
    ) -> Result<Vec<DeadlineRecord>, AppError> {
        let record = match self.client_access(principal, meta, client, Op::Read(Record::Identity)).await? {
            Answer::Client(c) => c,
            other => return Err(internal(other)),
        };
        let facts = match self.client_access(principal, meta, client, Op::Read(Record::Facts)).await? {
            Answer::Facts(f) => f,
            other => return Err(internal(other)),
        };
        let today = self.clock.today();
        let d = &record.details;
        let person =
            crate::navigation::person_of(&facts, d.municipality.as_deref(), d.language, Some(d.hetu.age_on(today)));
        Ok(deadline_records(&self.paths()?.clocks, service, &person, today))
    }

    /// Refers a client: checks that the producer offers the service, reckons the deadlines
    /// when sent, and writes it with its access-log row and notifications. Returns its id.
    pub async fn refer(
        &self,
        principal: Option<&Principal>,
        meta: &RequestMeta,
        client: &str,
        new: NewReferral,
    ) -> Result<String, AppError> {
        let id = crate::clients::new_id("referral");
        let status = if new.send { Status::Requested } else { Status::Draft };
        // Whoever's role may not refer is refused by the access itself, which logs it,
        // before anything is checked or read.
        if !principal.is_some_and(|p| crate::permit::allowed(p, Action::Refer)) {
            let write = ReferralWrite {
                id,
                to_organization: new.to_organization,
                service: new.service,
                status,
                note: None,
                plan: None,
                deadlines: Vec::new(),
            };
            self.client_access(principal, meta, client, Op::Refer(Box::new(write))).await?;
            return Err(AppError::Internal("a refer refused by its role was allowed".into()));
        }
        check_text("note", new.note.as_deref())?;
        crate::clients::check_refer_target(&self.snapshot().catalog, &new.to_organization, &new.service)?;
        if !self.offers(&new.to_organization, &new.service) {
            return Err(AppError::invalid(
                "to_organization",
                format!(
                    "{} does not offer the service {} (it neither organises nor produces it, nor has a unit for it)",
                    new.to_organization, new.service
                ),
            ));
        }
        let deadlines =
            if new.send { self.deadlines(principal, meta, client, &new.service).await? } else { Vec::new() };
        let write = ReferralWrite {
            id: id.clone(),
            to_organization: new.to_organization,
            service: new.service,
            status,
            note: new.note,
            plan: new.plan,
            deadlines,
        };
        self.client_access(principal, meta, client, Op::Refer(Box::new(write))).await?;
        Ok(id)
    }

    /// Sends the next steps of a client's service plan as referrals, one per step that has
    /// none yet (a step already referred from this plan, and not entered in error, is
    /// skipped, so sending twice makes nothing twice). Returns the new referrals' ids.
    pub async fn refer_plan(
        &self,
        principal: Option<&Principal>,
        meta: &RequestMeta,
        client: &str,
        plan: &str,
    ) -> Result<Vec<String>, AppError> {
        crate::permit::require(principal, Action::Refer)?;
        let plans = match self.client_access(principal, meta, client, Op::Read(Record::Plans)).await? {
            Answer::Plans(p) => p,
            other => return Err(internal(other)),
        };
        let Some(plan) = plans.into_iter().find(|p| p.id == plan) else {
            return Err(AppError::NotFound { kind: "plan", id: plan.to_owned() });
        };
        let existing = self.referrals(principal, meta, client).await?;
        let mut made = Vec::new();
        for step in plan.body.next_steps.iter().filter(|s| s.kind == "referral") {
            let done = existing.iter().any(|r| {
                r.plan.as_deref() == Some(plan.id.as_str())
                    && r.service == step.service
                    && r.to_organization == step.to_organization
                    && r.status != Status::EnteredInError
            });
            if done {
                continue;
            }
            let new = NewReferral {
                to_organization: step.to_organization.clone(),
                service: step.service.clone(),
                send: true,
                note: None,
                plan: Some(plan.id.clone()),
            };
            made.push(self.refer(principal, meta, client, new).await?);
        }
        Ok(made)
    }

    /// Changes a referral's state from `version`: refused when the machine does not allow
    /// it from the state stored, or when the version is not the stored one (stale).
    pub async fn transition(
        &self,
        principal: Option<&Principal>,
        meta: &RequestMeta,
        client: &str,
        referral: &str,
        version: i64,
        change: Change,
    ) -> Result<ReferralRecord, AppError> {
        if !crate::clients::well_formed_id(referral) {
            return Err(AppError::invalid("referral", "not a referral id"));
        }
        // As in `refer`: a role that may not is refused (and logged) by the access itself.
        let may = principal.is_some_and(|p| crate::permit::allowed(p, action_for(change.to)));
        let deadlines = if change.to == Status::Requested && may {
            let service = self.referral(principal, meta, client, referral).await?.service;
            self.deadlines(principal, meta, client, &service).await?
        } else {
            Vec::new()
        };
        let write = TransitionWrite { referral: referral.to_owned(), version, change, deadlines };
        match self.client_access(principal, meta, client, Op::Transition(Box::new(write))).await? {
            Answer::Referral(r) => Ok(*r),
            other => Err(internal(other)),
        }
    }

    /// The client's referrals that the viewer may see (a producer sees those to itself).
    pub async fn referrals(
        &self,
        principal: Option<&Principal>,
        meta: &RequestMeta,
        client: &str,
    ) -> Result<Vec<ReferralRecord>, AppError> {
        match self.client_access(principal, meta, client, Op::Read(Record::Referrals)).await? {
            Answer::Referrals(r) => Ok(r),
            other => Err(internal(other)),
        }
    }

    /// One referral of the client.
    pub async fn referral(
        &self,
        principal: Option<&Principal>,
        meta: &RequestMeta,
        client: &str,
        referral: &str,
    ) -> Result<ReferralRecord, AppError> {
        self.referrals(principal, meta, client)
            .await?
            .into_iter()
            .find(|r| r.id == referral)
            .ok_or_else(|| AppError::NotFound { kind: "referral", id: referral.to_owned() })
    }

    /// The client a referral is of, or not found.
    pub async fn referral_client(&self, principal: Option<&Principal>, referral: &str) -> Result<String, AppError> {
        principal.ok_or(AppError::Unauthenticated)?;
        if !crate::clients::well_formed_id(referral) {
            return Err(AppError::NotFound { kind: "referral", id: referral.to_owned() });
        }
        self.paths()?
            .store
            .client_of(referral)
            .await?
            .ok_or_else(|| AppError::NotFound { kind: "referral", id: referral.to_owned() })
    }

    /// A producer's inbox: its open referrals, earliest deadline first. Staff of the
    /// organisation only; the listing is logged as one access (no identities are in it).
    pub async fn inbox(
        &self,
        principal: Option<&Principal>,
        meta: &RequestMeta,
        organization: Option<&str>,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<Vec<InboxItem>, AppError> {
        crate::permit::require(principal, Action::CloseReferral)?;
        let p = principal.expect("checked");
        let own = p.organization.as_ref().map(|o| o.to_string());
        let organization = match (organization, own.as_deref()) {
            (Some(asked), Some(own)) if asked != own => {
                return Err(AppError::Forbidden { reason: format!("the inbox of {asked} is its own staff's") });
            }
            (_, Some(own)) => own.to_owned(),
            (_, None) => {
                return Err(AppError::Forbidden {
                    reason: "an inbox belongs to an organisation: you have none".into(),
                });
            }
        };
        let items = self.paths()?.store.inbox(&organization, after, limit.clamp(1, 500)).await?;
        self.log_listing(p, meta, &format!("inbox:{organization}"), domain::client::Basis::Referral).await?;
        Ok(items)
    }

    /// The referrals of the acting navigator's clients, every state, newest change first.
    pub async fn sent(&self, principal: Option<&Principal>, meta: &RequestMeta) -> Result<Vec<InboxItem>, AppError> {
        crate::permit::require(principal, Action::Refer)?;
        let p = principal.expect("checked");
        let items = self.paths()?.store.sent(&p.username, 500).await?;
        self.log_listing(p, meta, "sent", domain::client::Basis::ClientRelationship).await?;
        Ok(items)
    }

    /// Broken paths of the acting navigator's clients.
    pub async fn broken_paths(
        &self,
        principal: Option<&Principal>,
        meta: &RequestMeta,
    ) -> Result<Vec<BrokenPath>, AppError> {
        crate::permit::require(principal, Action::Refer)?;
        let p = principal.expect("checked");
        let items = self.paths()?.store.broken(Some(&p.username), 500).await?;
        self.log_listing(p, meta, "broken_paths", domain::client::Basis::ClientRelationship).await?;
        Ok(items)
    }

    /// Marks the client's broken path handled (the client needs nothing more, say), with
    /// the reason; a logged write. The flag is raised again only by another step that ends
    /// without the service.
    pub async fn resolve_path(
        &self,
        principal: Option<&Principal>,
        meta: &RequestMeta,
        client: &str,
        reason: &str,
    ) -> Result<(), AppError> {
        let op = Op::ResolvePath { reason: reason.trim().to_owned() };
        self.client_access(principal, meta, client, op).await.map(drop)
    }

    /// One access-log row for a listing of referrals (no one client's record): an inbox is
    /// read on the basis of the referrals to the organisation, the navigator's lists on the
    /// client relationships of their queue.
    async fn log_listing(
        &self,
        p: &Principal,
        meta: &RequestMeta,
        fields: &str,
        basis: domain::client::Basis,
    ) -> Result<(), AppError> {
        let request = crate::clients::Request {
            principal: p.clone(),
            meta: meta.clone(),
            client: String::new(),
            op: Op::Read(Record::Referrals),
            at: self.clock.now(),
            pseudonyms: self.clients()?.pseudonyms.clone(),
        };
        let mut row = crate::clients::AuditRow::of(&request, basis, "ok");
        row.fields = fields.to_owned();
        Ok(self.clients()?.audit.append(&[row]).await?)
    }

    /// The county's deadline sweep: flags open referrals past their earliest deadline.
    pub async fn sweep(&self) -> Result<SweepReport, AppError> {
        Ok(self.paths()?.store.sweep(self.clock.today()).await?)
    }

    /// The measures of the referrals sent in `[from, to)`, per producer, service and month.
    pub async fn referral_measures(
        &self,
        principal: Option<&Principal>,
        from: NaiveDate,
        to: NaiveDate,
        stale_days: i64,
    ) -> Result<Vec<paths::Measures>, AppError> {
        crate::permit::require(principal, Action::ReadAnalytics)?;
        if to <= from {
            return Err(AppError::invalid("to", "is before the start of the period (from), or the same day"));
        }
        if !(1..=365).contains(&stale_days) {
            return Err(AppError::invalid("stale_days", "1 to 365 days"));
        }
        let start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
        let facts = self.paths()?.store.measure_facts(start(from), start(to)).await?;
        Ok(paths::measure(&facts, self.clock.now(), stale_days))
    }

    /// Adds a webhook or e-mail subscription for an organisation's referral events.
    pub async fn subscribe(
        &self,
        principal: Option<&Principal>,
        organization: &str,
        kind: &str,
        target: &str,
    ) -> Result<Subscription, AppError> {
        crate::permit::require(principal, Action::ManageNotifications)?;
        domain::Id::parse(organization).map_err(|e| AppError::invalid("organization", e.to_string()))?;
        if !self.snapshot().catalog.organizations.contains_key(organization) {
            return Err(AppError::invalid("organization", "no such organisation in the catalog"));
        }
        let secret = match kind {
            "webhook" => {
                let ok = (target.starts_with("https://") || target.starts_with("http://"))
                    && target.len() <= 2000
                    && !target.contains(char::is_whitespace);
                if !ok {
                    return Err(AppError::invalid("target", "a webhook is an http(s) URL"));
                }
                Some(crate::auth::random_token())
            }
            "email" => {
                let ok = target.len() <= 254
                    && target.split_once('@').is_some_and(|(a, d)| !a.is_empty() && d.contains('.'))
                    && !target.contains(char::is_whitespace);
                if !ok {
                    return Err(AppError::invalid("target", "not an e-mail address"));
                }
                None
            }
            _ => return Err(AppError::invalid("kind", "webhook or email")),
        };
        let s = Subscription {
            id: crate::clients::new_id("subscription"),
            organization: organization.to_owned(),
            kind: kind.to_owned(),
            target: target.to_owned(),
            secret,
            created_by: principal.expect("checked").username.clone(),
            created_at: self.clock.now(),
            active: true,
        };
        self.paths()?.store.subscribe(&s).await?;
        Ok(s)
    }

    pub async fn subscriptions(&self, principal: Option<&Principal>) -> Result<Vec<Subscription>, AppError> {
        crate::permit::require(principal, Action::ManageNotifications)?;
        Ok(self.paths()?.store.subscriptions(None).await?)
    }

    pub async fn unsubscribe(&self, principal: Option<&Principal>, id: &str) -> Result<(), AppError> {
        crate::permit::require(principal, Action::ManageNotifications)?;
        if self.paths()?.store.unsubscribe(id).await? {
            Ok(())
        } else {
            Err(AppError::NotFound { kind: "subscription", id: id.to_owned() })
        }
    }

    /// Notifications by state: `dead` gives the dead letters.
    pub async fn outbox(
        &self,
        principal: Option<&Principal>,
        status: Option<&str>,
    ) -> Result<Vec<OutboxItem>, AppError> {
        crate::permit::require(principal, Action::ManageNotifications)?;
        if let Some(s) = status
            && !matches!(s, "pending" | "delivered" | "dead")
        {
            return Err(AppError::invalid("status", "pending, delivered or dead"));
        }
        Ok(self.paths()?.store.outbox(status, 500).await?)
    }

    /// Puts a dead letter back in the queue.
    pub async fn replay(&self, principal: Option<&Principal>, id: &str) -> Result<(), AppError> {
        crate::permit::require(principal, Action::ManageNotifications)?;
        if self.paths()?.store.replay(id, self.clock.now()).await? {
            Ok(())
        } else {
            Err(AppError::NotFound { kind: "dead letter", id: id.to_owned() })
        }
    }

    /// One round of delivery: takes the due notifications (leased, so that another server
    /// does not take them too), delivers each, and records the outcome: delivered, retried
    /// after [`backoff`], or dead after [`MAX_ATTEMPTS`]. Returns how many were tried.
    pub async fn deliver_due(&self, courier: &dyn Courier) -> Result<usize, AppError> {
        let store = &self.paths()?.store;
        let now = self.clock.now();
        let items = store.claim(now, Duration::seconds(60), 50).await?;
        for item in &items {
            let message = match item.kind.as_str() {
                "webhook" => Message::Webhook {
                    url: item.target.clone(),
                    headers: vec![
                        ("Polku-Event".into(), item.event_id.clone()),
                        ("Polku-Delivery".into(), item.id.clone()),
                    ],
                    body: item.payload.clone().into_bytes(),
                    secret: item.secret.clone(),
                },
                _ => {
                    let (subject, text) = item.payload.split_once('\n').unwrap_or(("Polku", &item.payload));
                    Message::Email { to: item.target.clone(), subject: subject.to_owned(), text: text.to_owned() }
                }
            };
            match courier.deliver(&message).await {
                Ok(()) => store.delivered(&item.id, self.clock.now()).await?,
                Err(error) => {
                    // `attempts` already counts this one (the claim added it).
                    let retry = (item.attempts < MAX_ATTEMPTS).then(|| self.clock.now() + backoff(item.attempts));
                    tracing::warn!(delivery = item.id, attempts = item.attempts, "notification failed: {error}");
                    store.failed(&item.id, &error, retry).await?;
                }
            }
        }
        Ok(items.len())
    }

    /// The client's path: assessments, plans and referrals with every change of state, who
    /// did what and when, oldest first. Each part is read through the access log; parts
    /// the viewer may not see are left out.
    pub async fn path(
        &self,
        principal: Option<&Principal>,
        meta: &RequestMeta,
        client: &str,
    ) -> Result<Vec<paths::Event>, AppError> {
        let referrals = self.referrals(principal, meta, client).await?;
        let mut sources = vec![referral_events(&referrals)];
        if let Ok(Answer::Assessments { assessments, .. }) =
            self.client_access(principal, meta, client, Op::Read(Record::Assessments)).await
        {
            sources.push(
                assessments
                    .iter()
                    .flat_map(|a| {
                        let mut v = vec![paths::Event {
                            at: a.started_at,
                            kind: "assessment",
                            subject: a.id.clone(),
                            what: "started".into(),
                            by: a.started_by.clone(),
                            organization: None,
                            service: None,
                            to_organization: None,
                            detail: Some(a.questionnaire.clone()),
                        }];
                        if let Some(done) = a.completed_at {
                            v.push(paths::Event {
                                at: done,
                                kind: "assessment",
                                subject: a.id.clone(),
                                what: "completed".into(),
                                by: a.updated_by.clone(),
                                organization: None,
                                service: None,
                                to_organization: None,
                                detail: a.urgency.clone(),
                            });
                        }
                        v
                    })
                    .collect(),
            );
        }
        if let Ok(Answer::Plans(plans)) = self.client_access(principal, meta, client, Op::Read(Record::Plans)).await {
            sources.push(
                plans
                    .iter()
                    .map(|p| paths::Event {
                        at: p.updated_at,
                        kind: "plan",
                        subject: p.id.clone(),
                        what: "saved".into(),
                        by: p.updated_by.clone(),
                        organization: None,
                        service: None,
                        to_organization: None,
                        detail: Some(format!("{} services", p.body.items.len())),
                    })
                    .collect(),
            );
        }
        Ok(paths::timeline(sources))
    }
}

/// Every change of every referral, as timeline events.
pub fn referral_events(referrals: &[ReferralRecord]) -> Vec<paths::Event> {
    referrals
        .iter()
        .flat_map(|r| {
            r.events.iter().map(move |e| paths::Event {
                at: e.at,
                kind: "referral",
                subject: r.id.clone(),
                what: e.status.code().to_owned(),
                by: e.by.clone(),
                organization: e.organization.clone(),
                service: Some(r.service.clone()),
                to_organization: Some(r.to_organization.clone()),
                detail: e
                    .reason
                    .map(|x| x.code().to_owned())
                    .or_else(|| e.outcome.as_ref().map(|o| o.kind.code().to_owned())),
            })
        })
        .collect()
}

/// The deadlines of the clocks that apply to `person` referred to `service` on `received`.
pub fn deadline_records(
    clocks: &rules::clocks::ClockBook,
    service: &str,
    person: &rules::Person,
    received: NaiveDate,
) -> Vec<DeadlineRecord> {
    clocks
        .deadlines(service, person, received)
        .into_iter()
        .map(|d| DeadlineRecord {
            met_by: Status::parse(d.met_by.as_str()).expect("clock states are task states"),
            missing: match &d.applies {
                rules::clocks::Applies::Yes => None,
                rules::clocks::Applies::Maybe { missing } => {
                    Some(missing.iter().map(|f| f.name()).collect::<Vec<_>>().join(","))
                }
            },
            name: domain::Lang::ALL.map(|l| d.name.show(l).to_owned()),
            met_at: None,
            clock: d.clock,
            family: d.family,
            due_on: d.due,
            basis: d.basis,
        })
        .collect()
}

fn check_text(field: &'static str, text: Option<&str>) -> Result<(), AppError> {
    if text.is_some_and(|t| t.chars().count() > domain::referral::MAX_TEXT) {
        return Err(AppError::invalid(field, format!("at most {} characters", domain::referral::MAX_TEXT)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let waits: Vec<i64> = (1..=8).map(|n| backoff(n).num_seconds()).collect();
        assert_eq!(waits, [30, 120, 480, 1920, 7680, 21600, 21600, 21600]);
    }

    #[test]
    fn sides_follow_the_parties() {
        let p = |name: &str, role: Role, org: &str| Principal {
            username: name.into(),
            display_name: None,
            roles: vec![role],
            organization: Some(domain::Id::parse(org).unwrap()),
            client: None,
        };
        let parties = Parties {
            created_by: "nina",
            from_organization: Some("org-county"),
            to_organization: "org-ngo",
            navigator: Some("nina"),
        };
        assert_eq!(sides(&p("pekka", Role::Professional, "org-ngo"), &parties), [Side::Performer]);
        assert_eq!(sides(&p("nina", Role::Navigator, "org-county"), &parties), [Side::Requester]);
        assert_eq!(sides(&p("olli", Role::Professional, "org-county"), &parties), [Side::Requester]);
        assert!(sides(&p("x", Role::Professional, "org-other"), &parties).is_empty());
        assert!(sides(&p("x", Role::Planner, "org-ngo"), &parties).is_empty());
    }
}

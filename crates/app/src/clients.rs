//! Client data: records, facts, consents, referrals, and the access log that records
//! every read and write of them.
//!
//! Client data is transactional and lives in the database only, never in the catalog
//! snapshot. Every access goes through [`Polku::client_access`]: the store reads what the
//! decision needs ([`crate::permit::Relations`]), [`crate::permit::decide`] finds the
//! lawful basis, and the access-log row (hash-chained to the one before) is written in
//! the same transaction as the access it records. A refused access is logged too, and
//! does nothing else. Concurrent accesses are written together (group commit), each with
//! its own decision and log row.

use crate::auth::{Principal, RequestMeta};
use crate::batch::Batcher;
use crate::catalog::Polku;
use crate::error::AppError;
use crate::permit::Action;
use crate::store::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::client::{Basis, ClientDetails, Hetu, Record, Scope};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// A client's record as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientRecord {
    pub id: String,
    #[serde(flatten)]
    pub details: ClientDetails,
    /// The navigator whose queue the client is in.
    pub navigator: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One recorded fact (a rules engine fact), with who recorded it and when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactRecord {
    pub fact: String,
    pub value: serde_json::Value,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    /// Where it came from: an assessment (`assessment:<id> (<questionnaire> v<n>)`), or
    /// none when entered as such.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsentRecord {
    pub id: String,
    /// The organisation the data may be disclosed to.
    pub organization: String,
    pub scopes: Vec<Scope>,
    pub given_at: DateTime<Utc>,
    pub valid_until: NaiveDate,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub recorded_by: String,
}

pub use crate::referrals::ReferralRecord;

/// What is done to one client's data.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// A new client record, in the acting navigator's queue.
    Create(ClientDetails),
    /// Find a client by identity code; answers the id only.
    Find(Hetu),
    /// Take the client into the acting navigator's queue (a new client relationship).
    TakeIntoQueue,
    Read(Record),
    Update(ClientDetails),
    RecordFacts(Vec<(rules::facts::Fact, serde_json::Value)>),
    GiveConsent {
        id: String,
        organization: String,
        scopes: Vec<Scope>,
        valid_until: NaiveDate,
    },
    WithdrawConsent(String),
    /// A new referral (a draft, or sent), with its deadlines and notifications.
    Refer(Box<crate::referrals::ReferralWrite>),
    /// A referral's change of state, from the version read.
    Transition(Box<crate::referrals::TransitionWrite>),
    /// The client's broken path marked handled, with the reason.
    ResolvePath {
        reason: String,
    },
    /// Emergency access for this many minutes, with the mandatory reason.
    BreakGlass {
        reason: String,
        minutes: i64,
    },
    /// Save a needs assessment (new, or more answers from the revision read), and when it
    /// is complete, the facts it yields.
    SaveAssessment(Box<crate::navigation::AssessmentWrite>),
    /// Save a service plan draft (new, or revised from the revision read).
    SavePlan(Box<crate::navigation::PlanWrite>),
}

impl Op {
    /// The action the permission check is about.
    pub fn action(&self) -> Action {
        match self {
            Op::Create(_) | Op::Find(_) | Op::TakeIntoQueue => Action::CreateClient,
            Op::Read(Record::AccessLog) => Action::ReadOwnAccessLog,
            Op::Read(_) => Action::ReadClient,
            Op::Update(_) | Op::RecordFacts(_) => Action::WriteClient,
            Op::GiveConsent { .. } | Op::WithdrawConsent(_) => Action::ManageConsent,
            Op::Refer(_) | Op::ResolvePath { .. } => Action::Refer,
            Op::Transition(t) => crate::referrals::action_for(t.change.to),
            Op::BreakGlass { .. } => Action::BreakGlass,
            Op::SaveAssessment(_) => Action::Assess,
            Op::SavePlan(_) => Action::PlanServices,
        }
    }

    /// The part of the record it touches.
    pub fn record(&self) -> Record {
        match self {
            Op::Create(_) | Op::Find(_) | Op::TakeIntoQueue | Op::Update(_) | Op::BreakGlass { .. } => Record::Identity,
            Op::Read(record) => *record,
            Op::RecordFacts(_) => Record::Facts,
            Op::GiveConsent { .. } | Op::WithdrawConsent(_) => Record::Consents,
            Op::Refer(_) | Op::Transition(_) | Op::ResolvePath { .. } => Record::Referrals,
            Op::SaveAssessment(_) => Record::Assessments,
            Op::SavePlan(_) => Record::Plans,
        }
    }

    pub fn writes(&self) -> bool {
        !matches!(self, Op::Read(_) | Op::Find(_))
    }

    /// The fields it reads or writes, for the log ("what").
    pub fn fields(&self) -> String {
        const IDENTITY: &str = "hetu,name,municipality,language,interpreter,contact";
        match self {
            Op::Create(_) | Op::Update(_) => IDENTITY.into(),
            Op::Find(_) => "hetu".into(),
            Op::TakeIntoQueue => "navigator".into(),
            Op::Read(Record::Identity) => IDENTITY.into(),
            Op::Read(Record::Facts) => "facts".into(),
            Op::Read(Record::Consents) => "consents".into(),
            Op::Read(Record::Referrals) => "referrals".into(),
            Op::Read(Record::AccessLog) => "access_log".into(),
            Op::Read(Record::Assessments) => "assessments,facts".into(),
            Op::Read(Record::Plans) => "plans".into(),
            Op::SaveAssessment(a) => {
                let mut fields = format!("assessment:{}", a.id);
                for (fact, _) in &a.facts {
                    fields.push(',');
                    fields.push_str(fact.name());
                }
                fields
            }
            Op::SavePlan(p) => format!("plan:{}", p.id),
            Op::RecordFacts(facts) => facts.iter().map(|(f, _)| f.name()).collect::<Vec<_>>().join(","),
            Op::GiveConsent { id, .. } | Op::WithdrawConsent(id) => format!("consent:{id}"),
            Op::Refer(r) => format!("referral:{}", r.id),
            Op::Transition(t) => format!("referral:{},status:{}", t.referral, t.change.to.code()),
            Op::ResolvePath { .. } => "path_flag".into(),
            Op::BreakGlass { .. } => "emergency_access".into(),
        }
    }
}

/// One access to one client's data, as the store runs it.
#[derive(Debug, Clone)]
pub struct Request {
    pub principal: Principal,
    pub meta: RequestMeta,
    /// The client's id (for `Create`, the new id; for `Find`, empty).
    pub client: String,
    pub op: Op,
    pub at: DateTime<Utc>,
    /// The keyed pseudonyms a write that also records monitoring events uses.
    pub pseudonyms: Pseudonyms,
}

/// What an allowed access answers.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // one answer per access, moved once: boxing buys nothing
pub enum Answer {
    Done,
    Found(Option<String>),
    Client(ClientRecord),
    Facts(Vec<FactRecord>),
    Consents(Vec<ConsentRecord>),
    Referrals(Vec<ReferralRecord>),
    /// A referral after its change of state.
    Referral(Box<ReferralRecord>),
    Log(Vec<AuditRow>),
    Assessment(crate::navigation::AssessmentRecord),
    Assessments {
        assessments: Vec<crate::navigation::AssessmentRecord>,
        facts: Vec<FactRecord>,
    },
    Plan(crate::navigation::PlanRecord),
    Plans(Vec<crate::navigation::PlanRecord>),
}

/// Why an access did not happen (it is logged all the same).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// No lawful basis, or no role for it: the reason says which.
    Denied(String),
    /// No such client (or consent, or referral of this client).
    NotFound(&'static str),
    /// The change is refused (an identity code that belongs to another client, say).
    Conflict(String),
    /// The record changed since it was read (another navigator, perhaps on another server):
    /// nothing was written.
    Stale { kind: &'static str, id: String, expected: i64, current: i64 },
    /// The referral state machine does not allow the change (nothing was written).
    Transition(domain::referral::TransitionError),
}

impl Refused {
    pub fn outcome(&self) -> &'static str {
        match self {
            Refused::Denied(_) => "refused",
            Refused::NotFound(_) => "not_found",
            Refused::Conflict(_) => "conflict",
            Refused::Stale { .. } => "stale",
            Refused::Transition(_) => "refused_transition",
        }
    }
}

/// One row of the access log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRow {
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// Who: user, roles and organisation.
    pub username: String,
    pub roles: String,
    pub organization: Option<String>,
    /// Whose data: the client's id (none for accesses to no one client, such as an export).
    pub client: Option<String>,
    /// What: the part of the record and its fields; `read` or `write`.
    pub record: String,
    pub fields: String,
    pub action: String,
    /// Why: the lawful basis (`none` when refused), and the reason given for emergency access.
    pub basis: String,
    pub reason: Option<String>,
    /// From where.
    pub request_id: String,
    pub address: String,
    /// `ok`, `refused`, `not_found`, `conflict`.
    pub outcome: String,
    /// Hex SHA-256 over the previous row's hash and this row ([`row_hash`]).
    pub hash: String,
}

impl AuditRow {
    /// The row for a request with its decision; `seq` and `hash` are the store's to fill.
    pub fn of(request: &Request, basis: Basis, outcome: &str) -> AuditRow {
        let p = &request.principal;
        AuditRow {
            seq: 0,
            at: request.at,
            username: p.username.clone(),
            roles: p.roles_label(),
            organization: p.organization.as_ref().map(|o| o.to_string()),
            client: (!request.client.is_empty()).then(|| request.client.clone()),
            record: request.op.record().as_str().into(),
            fields: request.op.fields(),
            action: if request.op.writes() { "write" } else { "read" }.into(),
            basis: basis.as_str().into(),
            reason: match &request.op {
                Op::BreakGlass { reason, .. } => Some(reason.clone()),
                _ => None,
            },
            request_id: request.meta.request_id.clone(),
            address: request.meta.address.clone(),
            outcome: outcome.into(),
            hash: String::new(),
        }
    }
}

/// The hash that starts the chain.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The chain: SHA-256 over the previous row's hash and every field of this row but its
/// own hash, each length-prefixed so that no two rows encode alike.
pub fn row_hash(previous: &str, row: &AuditRow) -> String {
    let mut hasher = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u32).to_le_bytes());
        hasher.update(bytes);
    };
    field(previous.as_bytes());
    field(&row.seq.to_le_bytes());
    field(row.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true).as_bytes());
    for text in [&row.username, &row.roles] {
        field(text.as_bytes());
    }
    for optional in [&row.organization, &row.client] {
        field(optional.as_deref().unwrap_or("\u{0}").as_bytes());
    }
    for text in [&row.record, &row.fields, &row.action, &row.basis] {
        field(text.as_bytes());
    }
    field(row.reason.as_deref().unwrap_or("\u{0}").as_bytes());
    for text in [&row.request_id, &row.address, &row.outcome] {
        field(text.as_bytes());
    }
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        hex.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    hex
}

/// Where the chain stands: its last row, and where it starts after retention purges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditHead {
    pub seq: i64,
    pub hash: String,
    /// Rows up to `anchor_seq` were purged; the first kept row chains from `anchor_hash`.
    pub anchor_seq: i64,
    pub anchor_hash: String,
}

/// What the auditor searches by; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub client: Option<String>,
    pub username: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub basis: Option<Basis>,
    pub outcome: Option<String>,
    /// Newest first, at most this many.
    pub limit: usize,
}

/// A pseudonymous client for analytics: a keyed hash instead of the id, no identity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PseudonymousClient {
    pub pseudonym: String,
    pub municipality: Option<String>,
    pub birth_year: i32,
    pub language: domain::client::ClientLang,
    pub interpreter: bool,
    /// Current value of each recorded fact, by name.
    pub facts: std::collections::BTreeMap<String, serde_json::Value>,
}

/// Client data as stored (implemented by `store-sql`).
#[async_trait]
pub trait ClientStore: Send + Sync {
    /// Runs the requests in one transaction, in order. For each: reads its client's
    /// [`crate::permit::Relations`], decides with [`crate::permit::decide`], appends its access-log row
    /// (chained with [`row_hash`]), and does it only if allowed. All or nothing: when the
    /// transaction fails, no access and no row is kept.
    async fn access(&self, requests: &[Request]) -> Result<Vec<Result<Answer, Refused>>, StoreError>;
    /// The id of the client with this identity code (for signing a resident in; the
    /// sign-in itself is logged as the resident's access).
    async fn find(&self, hetu: &Hetu) -> Result<Option<String>, StoreError>;
    /// The ids of the clients in a navigator's queue, newest first.
    async fn queue(&self, navigator: &str, limit: usize) -> Result<Vec<String>, StoreError>;
    /// Every client, pseudonymous: for analytics and exports.
    async fn pseudonymous(&self, key: &Pseudonyms) -> Result<Vec<PseudonymousClient>, StoreError>;
}

/// The access log as stored (append-only; implemented by `store-sql`).
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Appends rows for accesses that are not to one client record (searches of the log,
    /// pseudonymous exports), chained like every row.
    async fn append(&self, rows: &[AuditRow]) -> Result<(), StoreError>;
    async fn search(&self, filter: &AuditFilter) -> Result<Vec<AuditRow>, StoreError>;
    /// Rows after `seq`, oldest first, at most `limit` (for verifying the chain).
    async fn chain(&self, after: i64, limit: usize) -> Result<Vec<AuditRow>, StoreError>;
    async fn head(&self) -> Result<AuditHead, StoreError>;
    /// Removes the rows older than `before` (retention), moving the chain's anchor to the
    /// last one removed. Returns how many were removed.
    async fn purge(&self, before: DateTime<Utc>) -> Result<u64, StoreError>;
}

/// Keyed hashes of client ids (HMAC-SHA256). The key is kept outside the database.
#[derive(Clone)]
pub struct Pseudonyms {
    key: [u8; 32],
}

impl std::fmt::Debug for Pseudonyms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonyms(***)")
    }
}

impl Pseudonyms {
    pub fn new(key: [u8; 32]) -> Pseudonyms {
        Pseudonyms { key }
    }

    /// Parses a key of 64 hex digits (the form `polku` keeps it in).
    pub fn from_hex(hex: &str) -> Result<Pseudonyms, AppError> {
        let hex = hex.trim();
        let bad = || AppError::invalid("pseudonym_key", "the key is 64 hexadecimal digits (32 random bytes)");
        if hex.len() != 64 {
            return Err(bad());
        }
        let mut key = [0u8; 32];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
        }
        Ok(Pseudonyms { key })
    }

    /// The pseudonym of a client id: 32 hex digits of HMAC-SHA256.
    pub fn of(&self, client: &str) -> String {
        use hmac::{Hmac, Mac};
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key).expect("any key length");
        mac.update(client.as_bytes());
        mac.finalize().into_bytes()[..16].iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The client-data half of a [`Polku`]: set with [`Polku::with_clients`].
pub struct ClientSide {
    pub(crate) store: std::sync::Arc<dyn ClientStore>,
    pub(crate) audit: std::sync::Arc<dyn AuditStore>,
    pub(crate) pseudonyms: Pseudonyms,
    pub(crate) batcher: Batcher<Request, Result<Result<Answer, Refused>, AppError>>,
}

/// How a verification of the chain went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub rows: u64,
    pub head: AuditHead,
    /// The first row whose hash or order does not hold, with what is wrong.
    pub broken: Option<(i64, String)>,
}

/// Whether a client (consent, referral) id in a path has the shape Polku gives ids; whether it
/// exists, and whether the person may know, is for [`Polku::client_access`] (which logs it).
pub fn well_formed_id(id: &str) -> bool {
    (1..=100).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// A fresh opaque id: a prefix and 128 random bits.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}-{}", &crate::auth::random_token()[..32])
}

impl Polku {
    pub(crate) fn clients(&self) -> Result<&ClientSide, AppError> {
        self.clients.as_ref().ok_or_else(|| AppError::Internal("this Polku has no client store".into()))
    }

    /// A resident's username: a pseudonym of their client id, never the identity code.
    pub(crate) fn resident_username(&self, client: &str) -> Result<String, AppError> {
        Ok(format!("resident-{}", &self.clients()?.pseudonyms.of(client)[..16]))
    }

    /// One access to a client's data: decided, logged and done in one transaction.
    /// `Refused` comes back as `Forbidden` (with the reason), `NotFound` or `Conflict`,
    /// after the refusal was logged.
    pub async fn client_access(
        &self,
        principal: Option<&Principal>,
        meta: &RequestMeta,
        client: &str,
        op: Op,
    ) -> Result<Answer, AppError> {
        let principal = principal.ok_or(AppError::Unauthenticated)?;
        check_op(&op, &self.snapshot().catalog, self.clock().today())?;
        let side = self.clients()?;
        let request = Request {
            principal: principal.clone(),
            meta: meta.clone(),
            client: client.to_owned(),
            op,
            at: self.clock().now(),
            pseudonyms: side.pseudonyms.clone(),
        };
        let store = side.store.clone();
        let outcome = side
            .batcher
            .submit(request, move |batch: Vec<Request>| {
                let store = store.clone();
                async move {
                    match store.access(&batch).await {
                        Ok(answers) => answers.into_iter().map(Ok).collect(),
                        Err(_) if batch.len() > 1 => {
                            // One request's failure must not become the others': each alone.
                            let mut answers = Vec::with_capacity(batch.len());
                            for request in batch {
                                answers.push(match store.access(std::slice::from_ref(&request)).await {
                                    Ok(mut one) => Ok(one.pop().expect("one answer per request")),
                                    Err(e) => Err(AppError::from(e)),
                                });
                            }
                            answers
                        }
                        Err(e) => {
                            let e = AppError::from(e);
                            vec![Err(e)]
                        }
                    }
                }
            })
            .await??;
        match outcome {
            Ok(answer) => Ok(answer),
            Err(Refused::Denied(reason)) => {
                tracing::warn!(user = principal.username, client, "client data access refused: {reason}");
                Err(AppError::Forbidden { reason })
            }
            Err(Refused::NotFound(kind)) => Err(AppError::NotFound { kind, id: client.to_owned() }),
            Err(Refused::Conflict(problem)) => {
                Err(AppError::Conflict(vec![domain::Problem { field: "hetu".into(), problem }]))
            }
            Err(Refused::Stale { kind, id, expected, current }) => Err(AppError::Stale { kind, id, expected, current }),
            Err(Refused::Transition(e)) => {
                Err(AppError::Transition(vec![domain::Problem { field: e.field().into(), problem: e.to_string() }]))
            }
        }
    }

    /// Creates a client record in the acting navigator's queue; returns its id.
    pub async fn create_client(
        &self,
        principal: Option<&Principal>,
        meta: &RequestMeta,
        details: ClientDetails,
    ) -> Result<String, AppError> {
        let id = new_id("client");
        self.client_access(principal, meta, &id, Op::Create(details)).await?;
        Ok(id)
    }

    /// A navigator's queue: client ids, newest first.
    pub async fn queue(&self, principal: Option<&Principal>) -> Result<Vec<String>, AppError> {
        crate::permit::require(principal, Action::CreateClient)?;
        let principal = principal.expect("checked");
        Ok(self.clients()?.store.queue(&principal.username, 200).await?)
    }

    /// A resident's client record, found by their identity code or made for them (their
    /// own write, logged), at their first sign-in with strong identification.
    pub(crate) async fn resident_client(
        &self,
        identity: &crate::auth::SsoIdentity,
        hetu: &Hetu,
        meta: &RequestMeta,
    ) -> Result<String, AppError> {
        let side = self.clients()?;
        let found = side.store.find(hetu).await?;
        let id = found.clone().unwrap_or_else(|| new_id("client"));
        let resident = Principal {
            username: self.resident_username(&id)?,
            display_name: None,
            roles: vec![domain::client::Role::Resident],
            organization: None,
            client: Some(id.clone()),
        };
        let op = match found {
            // Signing in shows the resident their name: a read of their own record.
            Some(_) => Op::Read(Record::Identity),
            None => Op::Create(ClientDetails {
                hetu: hetu.clone(),
                given_name: identity.given_name.clone().unwrap_or_else(|| "-".into()),
                family_name: identity.family_name.clone().unwrap_or_else(|| "-".into()),
                municipality: None,
                language: domain::client::ClientLang::Fi,
                other_language: None,
                interpreter: false,
                contact: Default::default(),
            }),
        };
        self.client_access(Some(&resident), meta, &id, op).await?;
        Ok(id)
    }

    /// Searches the access log (auditors); the search itself is logged.
    pub async fn search_audit(
        &self,
        principal: Option<&Principal>,
        meta: &RequestMeta,
        filter: &AuditFilter,
    ) -> Result<Vec<AuditRow>, AppError> {
        crate::permit::require(principal, Action::SearchAuditLog)?;
        let principal = principal.expect("checked");
        let side = self.clients()?;
        let mut filter = filter.clone();
        filter.limit = filter.limit.clamp(1, 1000);
        let rows = side.audit.search(&filter).await?;
        let client = filter.client.clone().unwrap_or_default();
        let fields = format!("search:{} rows", rows.len());
        self.log_apart(principal, meta, client, Record::AccessLog, "audit", fields).await?;
        Ok(rows)
    }

    /// Every client, pseudonymous (planners); the export is logged.
    pub async fn pseudonymous_clients(
        &self,
        principal: Option<&Principal>,
        meta: &RequestMeta,
    ) -> Result<Vec<PseudonymousClient>, AppError> {
        crate::permit::require(principal, Action::ReadAnalytics)?;
        let principal = principal.expect("checked");
        let side = self.clients()?;
        let rows = side.store.pseudonymous(&side.pseudonyms).await?;
        let fields = format!("pseudonymous:{} clients", rows.len());
        self.log_apart(principal, meta, String::new(), Record::Facts, "pseudonymous", fields).await?;
        Ok(rows)
    }

    /// Logs a read that is not of one client record (a search of the log, an export), with
    /// the basis it has instead of a client's.
    async fn log_apart(
        &self,
        principal: &Principal,
        meta: &RequestMeta,
        client: String,
        record: Record,
        basis: &str,
        fields: String,
    ) -> Result<(), AppError> {
        let request = Request {
            principal: principal.clone(),
            meta: meta.clone(),
            client,
            op: Op::Read(record),
            at: self.clock().now(),
            pseudonyms: self.clients()?.pseudonyms.clone(),
        };
        let mut row = AuditRow::of(&request, Basis::None, "ok");
        row.basis = basis.into();
        row.fields = fields;
        Ok(self.clients()?.audit.append(&[row]).await?)
    }

    /// Checks the whole chain from its anchor: every row's hash, and that positions follow
    /// each other. `progress` is called with the rows checked so far.
    pub async fn verify_audit(&self, mut progress: impl FnMut(u64)) -> Result<Verified, AppError> {
        let side = self.clients()?;
        let head = side.audit.head().await?;
        let (mut seq, mut previous) = (head.anchor_seq, head.anchor_hash.clone());
        let mut rows = 0u64;
        // The next chunk is read while this one is hashed.
        let fetch = |after: i64| {
            let audit = side.audit.clone();
            tokio::spawn(async move { audit.chain(after, 20_000).await })
        };
        let mut next = fetch(seq);
        loop {
            let chunk = next.await.map_err(|e| AppError::Internal(e.to_string()))??;
            let Some(last) = chunk.last().map(|r| r.seq) else {
                break;
            };
            next = fetch(last);
            let checked = tokio::task::spawn_blocking(move || {
                for row in &chunk {
                    if row.seq != seq + 1 {
                        return Err((row.seq, format!("row {} follows row {seq}: rows are missing", row.seq)));
                    }
                    if row_hash(&previous, row) != row.hash {
                        return Err((row.seq, format!("row {} does not match its hash: it was changed", row.seq)));
                    }
                    seq = row.seq;
                    previous.clone_from(&row.hash);
                }
                Ok((seq, previous, chunk.len()))
            })
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
            match checked {
                Ok((s, p, n)) => {
                    (seq, previous) = (s, p);
                    rows += n as u64;
                    progress(rows);
                }
                Err(broken) => {
                    next.abort();
                    return Ok(Verified { rows, head, broken: Some(broken) });
                }
            }
        }
        let broken = if seq != head.seq || previous != head.hash {
            Some((seq, format!("the chain ends at row {seq}, but the head says row {}: rows were removed", head.seq)))
        } else {
            None
        };
        Ok(Verified { rows, head, broken })
    }

    /// Removes access-log rows older than the retention period.
    pub async fn purge_audit(&self, retention_days: i64) -> Result<u64, AppError> {
        let side = self.clients()?;
        let before = self.clock().now() - chrono::Duration::days(retention_days);
        let removed = side.audit.purge(before).await?;
        tracing::info!(removed, retention_days, "access log rows past retention removed");
        Ok(removed)
    }
}

/// What is checked before the store sees a request: facts name real facts with values of
/// their kind, consents have scopes and a validity from today on, referrals name an
/// organisation and a service of the catalog, an emergency has its reason.
/// The organisation and service a referral names exist in the catalog.
pub(crate) fn check_refer_target(
    catalog: &domain::Catalog,
    to_organization: &str,
    service: &str,
) -> Result<(), AppError> {
    domain::Id::parse(to_organization).map_err(|e| AppError::invalid("to_organization", e.to_string()))?;
    domain::Id::parse(service).map_err(|e| AppError::invalid("service", e.to_string()))?;
    if !catalog.organizations.contains_key(to_organization) {
        return Err(AppError::invalid("to_organization", "no such organisation in the catalog"));
    }
    if !catalog.services.contains_key(service) {
        return Err(AppError::invalid("service", "no such service in the catalog"));
    }
    Ok(())
}

fn check_op(op: &Op, catalog: &domain::Catalog, today: NaiveDate) -> Result<(), AppError> {
    match op {
        Op::Create(details) | Op::Update(details) => check_details(details),
        Op::RecordFacts(facts) => {
            if facts.is_empty() {
                return Err(AppError::invalid("facts", "name at least one fact"));
            }
            for (fact, value) in facts {
                rules::person::parse_value(*fact, value)
                    .map_err(|e| AppError::invalid(format!("facts.{}", fact.name()), e.to_string()))?;
            }
            Ok(())
        }
        Op::GiveConsent { organization, scopes, valid_until, .. } => {
            domain::Id::parse(organization).map_err(|e| AppError::invalid("organization", e.to_string()))?;
            if scopes.is_empty() {
                return Err(AppError::invalid("scopes", "name what may be disclosed: identity, facts"));
            }
            if *valid_until < today {
                return Err(AppError::invalid("valid_until", "a consent is valid until today or later"));
            }
            Ok(())
        }
        Op::Refer(r) => {
            check_refer_target(catalog, &r.to_organization, &r.service)?;
            domain::referral::check_start(r.status).map_err(|e| AppError::invalid("status", e.to_string()))?;
            Ok(())
        }
        Op::ResolvePath { reason } => {
            if !(5..=500).contains(&reason.trim().chars().count()) {
                return Err(AppError::invalid("reason", "say why the path needs nothing more: 5 to 500 characters"));
            }
            Ok(())
        }
        Op::Transition(t) => {
            if t.version < 1 {
                return Err(AppError::invalid("version", "a referral's version is 1 or more"));
            }
            Ok(())
        }
        Op::SaveAssessment(a) => {
            for (fact, value) in &a.facts {
                rules::person::parse_value(*fact, value)
                    .map_err(|e| AppError::invalid(format!("facts.{}", fact.name()), e.to_string()))?;
            }
            if !well_formed_id(&a.id) {
                return Err(AppError::invalid("id", "not an assessment id"));
            }
            Ok(())
        }
        Op::SavePlan(p) => {
            if !well_formed_id(&p.id) {
                return Err(AppError::invalid("plan", "not a plan id"));
            }
            Ok(())
        }
        Op::BreakGlass { reason, minutes } => {
            if reason.trim().chars().count() < 10 {
                return Err(AppError::invalid("reason", "emergency access needs its reason, at least 10 characters"));
            }
            if !(1..=480).contains(minutes) {
                return Err(AppError::invalid("minutes", "emergency access lasts 1 to 480 minutes"));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn check_details(d: &ClientDetails) -> Result<(), AppError> {
    let mut problems = Vec::new();
    let mut problem = |field: &str, text: &str| {
        problems.push(domain::Problem { field: field.into(), problem: text.into() });
    };
    for (field, name) in [("given_name", &d.given_name), ("family_name", &d.family_name)] {
        if name.trim().is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            problem(field, "1 to 100 characters, no control characters");
        }
    }
    if let Some(code) = &d.municipality
        && domain::Reference::get().municipality(code).is_none()
    {
        problem("municipality", "not a municipality code of Statistics Finland");
    }
    match (&d.language, &d.other_language) {
        (domain::client::ClientLang::Other, None) => {
            problem("other_language", "name the language (ISO 639-1, e.g. ar)")
        }
        (domain::client::ClientLang::Other, Some(l))
            if !(l.len() == 2 && l.bytes().all(|b| b.is_ascii_lowercase())) =>
        {
            problem("other_language", "two lower-case letters (ISO 639-1)")
        }
        (domain::client::ClientLang::Fi | domain::client::ClientLang::Sv, Some(_)) => {
            problem("other_language", "only when language is other")
        }
        _ => {}
    }
    let c = &d.contact;
    if let Some(phone) = &c.phone
        && !(phone.len() <= 30
            && phone.trim_start_matches('+').chars().all(|ch| ch.is_ascii_digit() || ch == ' ' || ch == '-')
            && phone.chars().filter(char::is_ascii_digit).count() >= 5)
    {
        problem("contact.phone", "digits, spaces and dashes, optionally starting with +");
    }
    if let Some(email) = &c.email
        && !(email.len() <= 254 && email.split_once('@').is_some_and(|(a, b)| !a.is_empty() && b.contains('.')))
    {
        problem("contact.email", "an e-mail address");
    }
    if let Some(address) = &c.address
        && (address.chars().count() > 200 || address.chars().any(char::is_control))
    {
        problem("contact.address", "at most 200 characters, no control characters");
    }
    if problems.is_empty() { Ok(()) } else { Err(AppError::Invalid(problems)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> AuditRow {
        AuditRow {
            seq: 1,
            at: "2026-12-04T10:00:00Z".parse().unwrap(),
            username: "anna".into(),
            roles: "navigator".into(),
            organization: Some("org".into()),
            client: Some("client-1".into()),
            record: "identity".into(),
            fields: "hetu".into(),
            action: "read".into(),
            basis: "client_relationship".into(),
            reason: None,
            request_id: "r1".into(),
            address: "127.0.0.1".into(),
            outcome: "ok".into(),
            hash: String::new(),
        }
    }

    #[test]
    fn every_field_is_in_the_hash() {
        let base = row_hash(GENESIS, &row());
        assert_eq!(base.len(), 64);
        assert_eq!(base, row_hash(GENESIS, &row()));
        assert_ne!(base, row_hash(&"1".repeat(64), &row()));
        type Change = Box<dyn Fn(&mut AuditRow)>;
        let changes: Vec<Change> = vec![
            Box::new(|r| r.seq = 2),
            Box::new(|r| r.at += chrono::Duration::milliseconds(1)),
            Box::new(|r| r.username.push('x')),
            Box::new(|r| r.roles.push('x')),
            Box::new(|r| r.organization = None),
            Box::new(|r| r.client = None),
            Box::new(|r| r.record.push('x')),
            Box::new(|r| r.fields.push('x')),
            Box::new(|r| r.action.push('x')),
            Box::new(|r| r.basis.push('x')),
            Box::new(|r| r.reason = Some(String::new())),
            Box::new(|r| r.request_id.push('x')),
            Box::new(|r| r.address.push('x')),
            Box::new(|r| r.outcome.push('x')),
        ];
        for change in changes {
            let mut changed = row();
            change(&mut changed);
            assert_ne!(row_hash(GENESIS, &changed), base, "{changed:?}");
        }
        // Moving text between fields changes the hash too (length prefixes).
        let mut moved = row();
        moved.username = "ann".into();
        moved.roles = "anavigator".into();
        assert_ne!(row_hash(GENESIS, &moved), base);
    }

    #[test]
    fn pseudonyms_are_keyed() {
        let a = Pseudonyms::new([1; 32]);
        let b = Pseudonyms::new([2; 32]);
        assert_eq!(a.of("client-1"), a.of("client-1"));
        assert_ne!(a.of("client-1"), b.of("client-1"));
        assert_ne!(a.of("client-1"), a.of("client-2"));
        assert_eq!(a.of("x").len(), 32);
        assert!(Pseudonyms::from_hex(&"ab".repeat(32)).is_ok());
        assert!(Pseudonyms::from_hex("abc").is_err());
        assert_eq!(format!("{a:?}"), "Pseudonyms(***)");
    }

    #[test]
    fn facts_and_emergencies_are_checked_before_the_store() {
        let (catalog, today) = (domain::Catalog::default(), NaiveDate::from_ymd_opt(2026, 12, 4).unwrap());
        let check = |op: &Op| check_op(op, &catalog, today);
        assert!(check(&Op::RecordFacts(vec![(rules::facts::Fact::Age, serde_json::json!(200))])).is_err());
        assert!(check(&Op::RecordFacts(vec![(rules::facts::Fact::Age, serde_json::json!(80))])).is_ok());
        assert!(check(&Op::BreakGlass { reason: "x".into(), minutes: 30 }).is_err());
        assert!(check(&Op::BreakGlass { reason: "unconscious at the door".into(), minutes: 30 }).is_ok());
        let refer = Op::Refer(Box::new(crate::referrals::ReferralWrite {
            id: "r".into(),
            to_organization: "org-x".into(),
            service: "svc-x".into(),
            status: domain::referral::Status::Requested,
            note: None,
            plan: None,
            deadlines: Vec::new(),
        }));
        assert!(check(&refer).is_err(), "the organisation and service must be in the catalog");
        let consent = |valid_until| Op::GiveConsent {
            id: "c".into(),
            organization: "org-x".into(),
            scopes: vec![Scope::Identity],
            valid_until,
        };
        assert!(check(&consent(today)).is_ok());
        assert!(check(&consent(today.pred_opt().unwrap())).is_err());
    }
}

//! Referrals in SQL, inside the access's transaction (see `clients.rs`): a new referral
//! or a change of state writes the referral, its history event, its deadlines, the
//! client's "path broken" flag and the notifications to every active subscription of
//! the organisations concerned (the outbox), all or nothing. A change is conditional on
//! the version read. Also [`app::referrals::PathStore`]: inboxes, the deadline sweep,
//! measures, subscriptions and the outbox's delivery leases.

use crate::clients::{date, get, opt_time, parse_time};
use crate::{SqlStore, db, time};
use app::clients::{Answer, Refused, Request};
use app::referrals::{
    BrokenPath, Cursor, DeadlineRecord, InboxItem, OutboxItem, Parties, PathStore, ReferralEvent, ReferralRecord,
    ReferralWrite, Subscription, SweepReport, TransitionWrite,
};
use app::store::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::client::Basis;
use domain::referral::{Change, Outcome, Reason, Status};
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};

/// The due day of a referral with no deadline left, so that the inbox index sorts it last.
const NO_DEADLINE: &str = "9999-12-31";

fn status(s: &str) -> Result<Status, StoreError> {
    Status::parse(s).ok_or_else(|| StoreError::Corrupt(format!("referral status {s:?}")))
}

fn reason(s: Option<String>) -> Result<Option<Reason>, StoreError> {
    s.map(|s| Reason::parse(&s).ok_or_else(|| StoreError::Corrupt(format!("referral reason {s:?}")))).transpose()
}

fn outcome(s: Option<String>) -> Result<Option<Outcome>, StoreError> {
    s.map(|s| serde_json::from_str(&s).map_err(|e| StoreError::Corrupt(format!("referral outcome: {e}")))).transpose()
}

fn due(s: String) -> Result<Option<NaiveDate>, StoreError> {
    if s == NO_DEADLINE { Ok(None) } else { date(&s).map(Some) }
}

const REFERRAL: &str = "SELECT id, client_id, from_organization, to_organization, service, status, status_reason, note, \
                        outcome, version, plan_id, created_by, created_at, requested_at, updated_by, updated_at, \
                        closed_at, closed_by, due_on, overdue_since FROM referrals";

fn referral_row(r: &AnyRow) -> Result<ReferralRecord, StoreError> {
    let created_at = parse_time(&get::<String>(r, "created_at")?)?;
    Ok(ReferralRecord {
        id: get(r, "id")?,
        client: get(r, "client_id")?,
        from_organization: get(r, "from_organization")?,
        to_organization: get(r, "to_organization")?,
        service: get(r, "service")?,
        status: status(&get::<String>(r, "status")?)?,
        status_reason: reason(get(r, "status_reason")?)?,
        note: get(r, "note")?,
        outcome: outcome(get(r, "outcome")?)?,
        version: get(r, "version")?,
        plan: get(r, "plan_id")?,
        created_by: get(r, "created_by")?,
        created_at,
        requested_at: opt_time(get(r, "requested_at")?)?,
        updated_by: get::<Option<String>>(r, "updated_by")?.unwrap_or_default(),
        updated_at: opt_time(get(r, "updated_at")?)?.unwrap_or(created_at),
        closed_at: opt_time(get(r, "closed_at")?)?,
        closed_by: get(r, "closed_by")?,
        due_on: due(get(r, "due_on")?)?,
        overdue_since: get::<Option<String>>(r, "overdue_since")?.as_deref().map(date).transpose()?,
        deadlines: Vec::new(),
        events: Vec::new(),
    })
}

fn deadline_row(r: &AnyRow) -> Result<(String, DeadlineRecord), StoreError> {
    Ok((
        get(r, "referral_id")?,
        DeadlineRecord {
            clock: get(r, "clock")?,
            family: get(r, "family")?,
            name: [get(r, "name_fi")?, get(r, "name_sv")?, get(r, "name_en")?],
            due_on: date(&get::<String>(r, "due_on")?)?,
            met_by: status(&get::<String>(r, "met_by")?)?,
            met_at: opt_time(get(r, "met_at")?)?,
            basis: get(r, "basis")?,
            missing: get(r, "missing")?,
        },
    ))
}

fn event_row(r: &AnyRow) -> Result<(String, ReferralEvent), StoreError> {
    Ok((
        get(r, "referral_id")?,
        ReferralEvent {
            seq: get(r, "seq")?,
            at: parse_time(&get::<String>(r, "at")?)?,
            by: get(r, "by_user")?,
            organization: get(r, "organization")?,
            status: status(&get::<String>(r, "status")?)?,
            reason: reason(get(r, "reason")?)?,
            note: get(r, "note")?,
            outcome: outcome(get(r, "outcome")?)?,
        },
    ))
}

/// The client's referrals with their deadlines and history; with `only_for`, only those
/// to or from that organisation (what a producer on the basis of a referral may see).
pub(crate) async fn referrals(
    tx: &mut Transaction<'_, Any>,
    client: &str,
    only_for: Option<&str>,
) -> Result<Vec<ReferralRecord>, StoreError> {
    let rows = sqlx::query(&format!("{REFERRAL} WHERE client_id = $1 ORDER BY created_at, id"))
        .bind(client)
        .fetch_all(&mut **tx)
        .await
        .map_err(db)?;
    let mut list: Vec<ReferralRecord> = rows.iter().map(referral_row).collect::<Result<_, _>>()?;
    if let Some(org) = only_for {
        list.retain(|r| r.to_organization == org || r.from_organization.as_deref() == Some(org));
    }
    if list.is_empty() {
        return Ok(list);
    }
    let deadlines = sqlx::query(
        "SELECT d.referral_id, d.clock, d.family, d.name_fi, d.name_sv, d.name_en, d.due_on, d.met_by, d.met_at, \
         d.basis, d.missing FROM referral_deadlines d JOIN referrals r ON r.id = d.referral_id \
         WHERE r.client_id = $1 ORDER BY d.due_on, d.clock",
    )
    .bind(client)
    .fetch_all(&mut **tx)
    .await
    .map_err(db)?;
    for row in &deadlines {
        let (id, d) = deadline_row(row)?;
        if let Some(r) = list.iter_mut().find(|r| r.id == id) {
            r.deadlines.push(d);
        }
    }
    let events = sqlx::query(
        "SELECT e.referral_id, e.seq, e.at, e.by_user, e.organization, e.status, e.reason, e.note, e.outcome \
         FROM referral_events e JOIN referrals r ON r.id = e.referral_id WHERE r.client_id = $1 ORDER BY e.seq",
    )
    .bind(client)
    .fetch_all(&mut **tx)
    .await
    .map_err(db)?;
    for row in &events {
        let (id, e) = event_row(row)?;
        if let Some(r) = list.iter_mut().find(|r| r.id == id) {
            r.events.push(e);
        }
    }
    Ok(list)
}

/// What the viewer may see of the client's referrals, by the basis of the read.
pub(crate) fn only_for(request: &Request, basis: Basis) -> Option<String> {
    (basis == Basis::Referral).then(|| request.principal.organization.as_ref().map(|o| o.to_string())).flatten()
}

async fn insert_event(
    tx: &mut Transaction<'_, Any>,
    request: &Request,
    referral: &str,
    seq: i64,
    change: &Change,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO referral_events (referral_id, seq, at, by_user, organization, status, reason, note, outcome) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(referral)
    .bind(seq)
    .bind(time(request.at))
    .bind(&request.principal.username)
    .bind(request.principal.organization.as_ref().map(|o| o.to_string()))
    .bind(change.to.code())
    .bind(change.reason.map(|r| r.code()))
    .bind(&change.note)
    .bind(change.outcome.as_ref().map(|o| serde_json::to_string(o).expect("outcome serialises")))
    .execute(&mut **tx)
    .await
    .map_err(db)?;
    Ok(())
}

async fn insert_deadlines(
    tx: &mut Transaction<'_, Any>,
    referral: &str,
    deadlines: &[DeadlineRecord],
) -> Result<(), StoreError> {
    for d in deadlines {
        sqlx::query(
            "INSERT INTO referral_deadlines (referral_id, clock, family, name_fi, name_sv, name_en, due_on, met_by, \
             basis, missing) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(referral)
        .bind(&d.clock)
        .bind(&d.family)
        .bind(&d.name[0])
        .bind(&d.name[1])
        .bind(&d.name[2])
        .bind(d.due_on.to_string())
        .bind(d.met_by.code())
        .bind(&d.basis)
        .bind(&d.missing)
        .execute(&mut **tx)
        .await
        .map_err(db)?;
    }
    Ok(())
}

/// The earliest unmet deadline of `deadlines` once the referral is `status`.
fn first_due(deadlines: &[DeadlineRecord], status: Status) -> Option<NaiveDate> {
    if !status.is_open() {
        return None;
    }
    deadlines.iter().filter(|d| d.met_at.is_none() && !d.met_by_status(status)).map(|d| d.due_on).min()
}

/// How the inbox index stores a due day: none sorts last.
fn due_text(due: Option<NaiveDate>) -> String {
    due.map_or_else(|| NO_DEADLINE.to_owned(), |d| d.to_string())
}

/// A draft or open referral: a step on the path that is still to come.
fn live(status: Status) -> bool {
    status == Status::Draft || status.is_open()
}

/// Judges the client's path again and keeps its flag (see `paths::path`).
async fn reflag(tx: &mut Transaction<'_, Any>, client: &str) -> Result<(), StoreError> {
    let rows = sqlx::query("SELECT id, status, updated_at, created_at FROM referrals WHERE client_id = $1")
        .bind(client)
        .fetch_all(&mut **tx)
        .await
        .map_err(db)?;
    let mut steps = Vec::with_capacity(rows.len());
    let mut last: Option<(DateTime<Utc>, String, Status)> = None;
    for r in &rows {
        let s = status(&get::<String>(r, "status")?)?;
        let at = match get::<Option<String>>(r, "updated_at")? {
            Some(t) => parse_time(&t)?,
            None => parse_time(&get::<String>(r, "created_at")?)?,
        };
        steps.push((s, at));
        if s != Status::EnteredInError && last.as_ref().is_none_or(|(t, _, _)| at >= *t) {
            last = Some((at, get(r, "id")?, s));
        }
    }
    sqlx::query("DELETE FROM path_flags WHERE client_id = $1 AND resolved_at IS NULL")
        .bind(client)
        .execute(&mut **tx)
        .await
        .map_err(db)?;
    if paths::path::broken(&steps)
        && let Some((at, referral, s)) = last
    {
        // A flag handled for this referral already stays handled.
        sqlx::query(
            "INSERT INTO path_flags (client_id, referral_id, status, since) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (client_id, referral_id) DO NOTHING",
        )
        .bind(client)
        .bind(referral)
        .bind(s.code())
        .bind(time(at))
        .execute(&mut **tx)
        .await
        .map_err(db)?;
    }
    Ok(())
}

/// The notifications of a referral's event: one outbox row per active subscription of
/// the receiving and the referring organisation.
async fn enqueue(tx: &mut Transaction<'_, Any>, record: &ReferralRecord, at: DateTime<Utc>) -> Result<(), StoreError> {
    let orgs: Vec<&str> =
        std::iter::once(record.to_organization.as_str()).chain(record.from_organization.as_deref()).collect();
    let subs = sqlx::query(
        "SELECT id, organization, kind, target FROM subscriptions WHERE active = 1 AND organization IN ($1, $2)",
    )
    .bind(orgs[0])
    .bind(orgs.get(1).copied().unwrap_or(orgs[0]))
    .fetch_all(&mut **tx)
    .await
    .map_err(db)?;
    if subs.is_empty() {
        return Ok(());
    }
    let event_id = format!("{}.v{}", record.id, record.version);
    let payload = app::referrals::event_payload(record, &event_id, at);
    for s in &subs {
        let kind: String = get(s, "kind")?;
        let body = if kind == "email" {
            let (subject, text) = app::referrals::event_email(record);
            format!("{subject}\n{text}")
        } else {
            payload.clone()
        };
        let id: String = get(s, "id")?;
        sqlx::query(
            "INSERT INTO outbox (id, subscription_id, event_id, kind, target, payload, status, attempts, next_at, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7)",
        )
        .bind(format!("{id}.{event_id}"))
        .bind(&id)
        .bind(&event_id)
        .bind(&kind)
        .bind(get::<String>(s, "target")?)
        .bind(body)
        .bind(time(at))
        .execute(&mut **tx)
        .await
        .map_err(db)?;
    }
    Ok(())
}

/// One referral of the client with its deadlines and history, read by its id.
async fn one(tx: &mut Transaction<'_, Any>, client: &str, id: &str) -> Result<Option<ReferralRecord>, StoreError> {
    let Some(row) = sqlx::query(&format!("{REFERRAL} WHERE id = $1 AND client_id = $2"))
        .bind(id)
        .bind(client)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db)?
    else {
        return Ok(None);
    };
    let mut record = referral_row(&row)?;
    let deadlines = sqlx::query(
        "SELECT referral_id, clock, family, name_fi, name_sv, name_en, due_on, met_by, met_at, basis, missing \
         FROM referral_deadlines WHERE referral_id = $1 ORDER BY due_on, clock",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await
    .map_err(db)?;
    record.deadlines = deadlines.iter().map(|r| deadline_row(r).map(|d| d.1)).collect::<Result<_, _>>()?;
    let events = sqlx::query(
        "SELECT referral_id, seq, at, by_user, organization, status, reason, note, outcome FROM referral_events \
         WHERE referral_id = $1 ORDER BY seq",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await
    .map_err(db)?;
    record.events = events.iter().map(|r| event_row(r).map(|e| e.1)).collect::<Result<_, _>>()?;
    Ok(Some(record))
}

/// A new referral: a draft, or sent with its deadlines.
pub(crate) async fn refer(
    tx: &mut Transaction<'_, Any>,
    request: &Request,
    w: &ReferralWrite,
) -> Result<Result<Answer, Refused>, StoreError> {
    let at = time(request.at);
    let from = request.principal.organization.as_ref().map(|o| o.to_string());
    let requested = (w.status == Status::Requested).then_some(at.as_str());
    let due_on = due_text(first_due(&w.deadlines, w.status));
    sqlx::query(
        "INSERT INTO referrals (id, client_id, to_organization, service, created_by, created_at, status, note, version, \
         from_organization, plan_id, requested_at, updated_at, updated_by, active, due_on) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $11, $6, $5, 1, $12)",
    )
    .bind(&w.id)
    .bind(&request.client)
    .bind(&w.to_organization)
    .bind(&w.service)
    .bind(&request.principal.username)
    .bind(&at)
    .bind(w.status.code())
    .bind(&w.note)
    .bind(&from)
    .bind(&w.plan)
    .bind(requested)
    .bind(&due_on)
    .execute(&mut **tx)
    .await
    .map_err(db)?;
    let made = Change { to: w.status, reason: None, note: w.note.clone(), outcome: None };
    insert_event(tx, request, &w.id, 1, &made).await?;
    insert_deadlines(tx, &w.id, &w.deadlines).await?;
    // A new step (a draft or sent) mends a broken path.
    sqlx::query("DELETE FROM path_flags WHERE client_id = $1 AND resolved_at IS NULL")
        .bind(&request.client)
        .execute(&mut **tx)
        .await
        .map_err(db)?;
    let record = one(tx, &request.client, &w.id).await?.ok_or_else(|| StoreError::Corrupt("referral lost".into()))?;
    if w.status == Status::Requested {
        enqueue(tx, &record, request.at).await?;
    }
    crate::monitoring::record_referral(tx, &record, request).await?;
    Ok(Ok(Answer::Referral(Box::new(record))))
}

/// A change of state, from the version read: refused (nothing written) when stale, when
/// the acting person is on neither side, or when the machine does not allow it.
pub(crate) async fn transition(
    tx: &mut Transaction<'_, Any>,
    request: &Request,
    w: &TransitionWrite,
    navigator: Option<&str>,
) -> Result<Result<Answer, Refused>, StoreError> {
    let Some(current) = one(tx, &request.client, &w.referral).await? else {
        return Ok(Err(Refused::NotFound("referral")));
    };
    let parties = Parties {
        created_by: &current.created_by,
        from_organization: current.from_organization.as_deref(),
        to_organization: &current.to_organization,
        navigator,
    };
    let sides = app::referrals::sides(&request.principal, &parties);
    if sides.is_empty() {
        return Ok(Err(Refused::Denied("only the referral's requester or its receiving producer changes it".into())));
    }
    if current.version != w.version {
        return Ok(Err(Refused::Stale {
            kind: "referral",
            id: w.referral.clone(),
            expected: w.version,
            current: current.version,
        }));
    }
    if let Err(e) = domain::referral::check(current.status, &sides, &w.change) {
        return Ok(Err(Refused::Transition(e)));
    }
    let c = &w.change;
    let at = time(request.at);
    let by = request.principal.username.as_str();
    let mut deadlines = current.deadlines.clone();
    if c.to == Status::Requested {
        insert_deadlines(tx, &w.referral, &w.deadlines).await?;
        deadlines = w.deadlines.clone();
    }
    // Deadlines met by this state, now.
    for d in deadlines.iter_mut().filter(|d| d.met_at.is_none() && d.met_by_status(c.to)) {
        d.met_at = Some(request.at);
        sqlx::query("UPDATE referral_deadlines SET met_at = $3 WHERE referral_id = $1 AND clock = $2")
            .bind(&w.referral)
            .bind(&d.clock)
            .bind(&at)
            .execute(&mut **tx)
            .await
            .map_err(db)?;
    }
    let closing = c.to.is_final();
    let done = sqlx::query(
        "UPDATE referrals SET status = $3, status_reason = $4, note = COALESCE($5, note), outcome = $6, \
         version = version + 1, updated_at = $7, updated_by = $8, active = $9, due_on = $10, \
         requested_at = COALESCE(requested_at, $11), closed_at = $12, closed_by = $13, \
         overdue_since = CASE WHEN $9 = 1 THEN overdue_since ELSE NULL END \
         WHERE id = $1 AND version = $2",
    )
    .bind(&w.referral)
    .bind(w.version)
    .bind(c.to.code())
    .bind(c.reason.map(|r| r.code()))
    .bind(&c.note)
    .bind(c.outcome.as_ref().map(|o| serde_json::to_string(o).expect("outcome serialises")))
    .bind(&at)
    .bind(by)
    .bind(i64::from(c.to == Status::Draft || c.to.is_open()))
    .bind(due_text(first_due(&deadlines, c.to)))
    .bind((c.to == Status::Requested).then_some(at.as_str()))
    .bind(closing.then_some(at.as_str()))
    .bind(closing.then_some(by))
    .execute(&mut **tx)
    .await
    .map_err(db)?;
    if done.rows_affected() == 0 {
        // Another server changed it between the read and the write.
        return Ok(Err(Refused::Stale {
            kind: "referral",
            id: w.referral.clone(),
            expected: w.version,
            current: w.version + 1,
        }));
    }
    let seq = current.events.last().map_or(0, |e| e.seq) + 1;
    insert_event(tx, request, &w.referral, seq, c).await?;
    // From one live step to another, the client has a step to come before and after: the
    // path's flag cannot change. Otherwise it is judged again.
    if !(live(current.status) && live(c.to)) {
        reflag(tx, &request.client).await?;
    }
    // The referral as now stored, made from what was read and written.
    let mut record = current;
    record.due_on = first_due(&deadlines, c.to);
    record.deadlines = deadlines;
    if c.to == Status::Requested && record.requested_at.is_none() {
        record.requested_at = Some(request.at);
    }
    if closing {
        (record.closed_at, record.closed_by) = (Some(request.at), Some(by.to_owned()));
    }
    if !live(c.to) {
        record.overdue_since = None;
    }
    record.status = c.to;
    record.status_reason = c.reason;
    if c.note.is_some() {
        record.note.clone_from(&c.note);
    }
    record.outcome.clone_from(&c.outcome);
    record.version += 1;
    (record.updated_at, record.updated_by) = (request.at, by.to_owned());
    record.events.push(ReferralEvent {
        seq,
        at: request.at,
        by: by.to_owned(),
        organization: request.principal.organization.as_ref().map(|o| o.to_string()),
        status: c.to,
        reason: c.reason,
        note: c.note.clone(),
        outcome: c.outcome.clone(),
    });
    enqueue(tx, &record, request.at).await?;
    crate::monitoring::record_referral(tx, &record, request).await?;
    Ok(Ok(Answer::Referral(Box::new(record))))
}

/// A navigator marks the client's broken path handled, with the reason.
pub(crate) async fn resolve_path(
    tx: &mut Transaction<'_, Any>,
    request: &Request,
    reason: &str,
) -> Result<Result<Answer, Refused>, StoreError> {
    let done = sqlx::query(
        "UPDATE path_flags SET resolved_at = $2, resolved_by = $3, resolution = $4 \
         WHERE client_id = $1 AND resolved_at IS NULL",
    )
    .bind(&request.client)
    .bind(time(request.at))
    .bind(&request.principal.username)
    .bind(reason)
    .execute(&mut **tx)
    .await
    .map_err(db)?;
    if done.rows_affected() == 0 {
        return Ok(Err(Refused::NotFound("broken path")));
    }
    Ok(Ok(Answer::Done))
}

const INBOX: &str = "SELECT id, client_id, service, from_organization, to_organization, status, version, due_on, \
                     overdue_since, requested_at, updated_at, created_at FROM referrals";

fn inbox_row(r: &AnyRow) -> Result<InboxItem, StoreError> {
    let created_at = parse_time(&get::<String>(r, "created_at")?)?;
    Ok(InboxItem {
        id: get(r, "id")?,
        client: get(r, "client_id")?,
        service: get(r, "service")?,
        from_organization: get(r, "from_organization")?,
        to_organization: get(r, "to_organization")?,
        status: status(&get::<String>(r, "status")?)?,
        version: get(r, "version")?,
        due_on: due(get(r, "due_on")?)?,
        overdue_since: get::<Option<String>>(r, "overdue_since")?.as_deref().map(date).transpose()?,
        requested_at: opt_time(get(r, "requested_at")?)?,
        updated_at: opt_time(get(r, "updated_at")?)?.unwrap_or(created_at),
    })
}

fn subscription_row(r: &AnyRow) -> Result<Subscription, StoreError> {
    Ok(Subscription {
        id: get(r, "id")?,
        organization: get(r, "organization")?,
        kind: get(r, "kind")?,
        target: get(r, "target")?,
        secret: get(r, "secret")?,
        created_by: get(r, "created_by")?,
        created_at: parse_time(&get::<String>(r, "created_at")?)?,
        active: get::<i64>(r, "active")? != 0,
    })
}

const OUTBOX: &str = "SELECT o.id, o.subscription_id, o.event_id, o.kind, o.target, o.payload, o.status, o.attempts, \
                      o.next_at, o.last_error, o.created_at, o.delivered_at, s.secret FROM outbox o \
                      JOIN subscriptions s ON s.id = o.subscription_id";

fn outbox_row(r: &AnyRow) -> Result<OutboxItem, StoreError> {
    Ok(OutboxItem {
        id: get(r, "id")?,
        subscription: get(r, "subscription_id")?,
        event_id: get(r, "event_id")?,
        kind: get(r, "kind")?,
        target: get(r, "target")?,
        payload: get(r, "payload")?,
        status: get(r, "status")?,
        attempts: get(r, "attempts")?,
        next_at: parse_time(&get::<String>(r, "next_at")?)?,
        last_error: get(r, "last_error")?,
        created_at: parse_time(&get::<String>(r, "created_at")?)?,
        delivered_at: opt_time(get(r, "delivered_at")?)?,
        secret: get(r, "secret")?,
    })
}

#[async_trait]
impl PathStore for SqlStore {
    async fn client_of(&self, referral: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT client_id FROM referrals WHERE id = $1")
            .bind(referral)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.map(|r| get(&r, "client_id")).transpose()
    }

    async fn inbox(
        &self,
        organization: &str,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<Vec<InboxItem>, StoreError> {
        // Drafts are the requester's own: `active = 1 AND status <> 'draft'` is open.
        let rows = match after {
            None => {
                sqlx::query(&format!(
                    "{INBOX} WHERE to_organization = $1 AND active = 1 AND status <> 'draft' \
                     ORDER BY due_on, id LIMIT $2"
                ))
                .bind(organization)
                .bind(limit as i64)
                .fetch_all(&self.pool)
                .await
            }
            Some((due_on, id)) => {
                sqlx::query(&format!(
                    "{INBOX} WHERE to_organization = $1 AND active = 1 AND status <> 'draft' \
                     AND (due_on, id) > ($2, $3) ORDER BY due_on, id LIMIT $4"
                ))
                .bind(organization)
                .bind(due_on.to_string())
                .bind(id)
                .bind(limit as i64)
                .fetch_all(&self.pool)
                .await
            }
        }
        .map_err(db)?;
        rows.iter().map(inbox_row).collect()
    }

    async fn sent(&self, navigator: &str, limit: usize) -> Result<Vec<InboxItem>, StoreError> {
        let rows = sqlx::query(&format!(
            "{INBOX} WHERE client_id IN (SELECT id FROM clients WHERE navigator = $1) \
             ORDER BY updated_at DESC, id LIMIT $2"
        ))
        .bind(navigator)
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(inbox_row).collect()
    }

    async fn sweep(&self, today: NaiveDate) -> Result<SweepReport, StoreError> {
        let today = today.to_string();
        let mut tx = self.pool.begin().await.map_err(db)?;
        let newly = sqlx::query(
            "UPDATE referrals SET overdue_since = due_on WHERE active = 1 AND due_on < $1 AND overdue_since IS NULL",
        )
        .bind(&today)
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        let count = |sql: &'static str| sqlx::query(sql);
        let overdue = count("SELECT COUNT(*) AS n FROM referrals WHERE active = 1 AND due_on < $1")
            .bind(&today)
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?;
        let broken = count("SELECT COUNT(*) AS n FROM path_flags WHERE resolved_at IS NULL")
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(SweepReport {
            newly_overdue: newly,
            overdue: get::<i64>(&overdue, "n")? as u64,
            broken_paths: get::<i64>(&broken, "n")? as u64,
        })
    }

    async fn broken(&self, navigator: Option<&str>, limit: usize) -> Result<Vec<BrokenPath>, StoreError> {
        let rows = match navigator {
            Some(n) => {
                sqlx::query(
                    "SELECT f.client_id, f.referral_id, f.status, f.since FROM path_flags f \
                     JOIN clients c ON c.id = f.client_id WHERE c.navigator = $1 AND f.resolved_at IS NULL \
                     ORDER BY f.since, f.client_id LIMIT $2",
                )
                .bind(n)
                .bind(limit as i64)
                .fetch_all(&self.pool)
                .await
            }
            None => {
                sqlx::query(
                    "SELECT client_id, referral_id, status, since FROM path_flags WHERE resolved_at IS NULL \
                     ORDER BY since, client_id LIMIT $1",
                )
                .bind(limit as i64)
                .fetch_all(&self.pool)
                .await
            }
        }
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(BrokenPath {
                    client: get(r, "client_id")?,
                    referral: get(r, "referral_id")?,
                    status: status(&get::<String>(r, "status")?)?,
                    since: parse_time(&get::<String>(r, "since")?)?,
                })
            })
            .collect()
    }

    async fn measure_facts(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<paths::ReferralFacts>, StoreError> {
        let (from, to) = (time(from), time(to));
        let rows = sqlx::query(
            "SELECT r.id, r.to_organization, r.service, r.status, r.status_reason, r.requested_at, r.updated_at, \
             (SELECT MIN(at) FROM referral_events e WHERE e.referral_id = r.id AND e.status = 'accepted') AS accepted_at, \
             (SELECT MIN(at) FROM referral_events e WHERE e.referral_id = r.id AND e.status = 'in-progress') AS contacted_at, \
             (SELECT MIN(at) FROM referral_events e WHERE e.referral_id = r.id AND e.status = 'completed') AS served_at \
             FROM referrals r WHERE r.requested_at >= $1 AND r.requested_at < $2",
        )
        .bind(&from)
        .bind(&to)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let deadlines = sqlx::query(
            "SELECT d.referral_id, d.due_on, d.met_at FROM referral_deadlines d JOIN referrals r ON r.id = d.referral_id \
             WHERE r.requested_at >= $1 AND r.requested_at < $2",
        )
        .bind(&from)
        .bind(&to)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut by_referral: std::collections::HashMap<String, Vec<(NaiveDate, Option<NaiveDate>)>> =
            Default::default();
        for d in &deadlines {
            let met = opt_time(get(d, "met_at")?)?.map(|t| domain::hours::helsinki_local(t).date());
            by_referral.entry(get(d, "referral_id")?).or_default().push((date(&get::<String>(d, "due_on")?)?, met));
        }
        rows.iter()
            .map(|r| {
                let requested_at = parse_time(&get::<String>(r, "requested_at")?)?;
                let id: String = get(r, "id")?;
                Ok(paths::ReferralFacts {
                    organization: get(r, "to_organization")?,
                    service: get(r, "service")?,
                    status: status(&get::<String>(r, "status")?)?,
                    reason: reason(get(r, "status_reason")?)?,
                    requested_at,
                    accepted_at: opt_time(get(r, "accepted_at")?)?,
                    contacted_at: opt_time(get(r, "contacted_at")?)?,
                    served_at: opt_time(get(r, "served_at")?)?,
                    last_change_at: opt_time(get(r, "updated_at")?)?.unwrap_or(requested_at),
                    deadlines: by_referral.remove(&id).unwrap_or_default(),
                })
            })
            .collect()
    }

    async fn subscribe(&self, s: &Subscription) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO subscriptions (id, organization, kind, target, secret, created_by, created_at, active) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1)",
        )
        .bind(&s.id)
        .bind(&s.organization)
        .bind(&s.kind)
        .bind(&s.target)
        .bind(&s.secret)
        .bind(&s.created_by)
        .bind(time(s.created_at))
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn subscriptions(&self, organization: Option<&str>) -> Result<Vec<Subscription>, StoreError> {
        const ALL: &str =
            "SELECT id, organization, kind, target, secret, created_by, created_at, active FROM subscriptions";
        let rows = match organization {
            Some(o) => {
                sqlx::query(&format!("{ALL} WHERE organization = $1 ORDER BY created_at, id"))
                    .bind(o)
                    .fetch_all(&self.pool)
                    .await
            }
            None => sqlx::query(&format!("{ALL} ORDER BY organization, created_at, id")).fetch_all(&self.pool).await,
        }
        .map_err(db)?;
        rows.iter().map(subscription_row).collect()
    }

    async fn unsubscribe(&self, id: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE subscriptions SET active = 0 WHERE id = $1 AND active = 1")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(done.rows_affected() > 0)
    }

    async fn claim(&self, now: DateTime<Utc>, lease: Duration, limit: usize) -> Result<Vec<OutboxItem>, StoreError> {
        let (now_s, until) = (time(now), time(now + lease));
        let mut tx = self.pool.begin().await.map_err(db)?;
        // The conditions are repeated outside the subquery, so that PostgreSQL rechecks them
        // on a row another server has just leased (and skips it).
        let ids: Vec<String> = sqlx::query(
            "UPDATE outbox SET claimed_until = $2, attempts = attempts + 1 WHERE id IN \
             (SELECT id FROM outbox WHERE status = 'pending' AND next_at <= $1 \
              AND (claimed_until IS NULL OR claimed_until < $1) ORDER BY next_at, id LIMIT $3) \
             AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < $1) RETURNING id",
        )
        .bind(&now_s)
        .bind(&until)
        .bind(limit as i64)
        .fetch_all(&mut *tx)
        .await
        .map_err(db)?
        .iter()
        .map(|r| get(r, "id"))
        .collect::<Result<_, _>>()?;
        let mut items = Vec::with_capacity(ids.len());
        for id in &ids {
            let row =
                sqlx::query(&format!("{OUTBOX} WHERE o.id = $1")).bind(id).fetch_one(&mut *tx).await.map_err(db)?;
            items.push(outbox_row(&row)?);
        }
        tx.commit().await.map_err(db)?;
        Ok(items)
    }

    async fn delivered(&self, id: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE outbox SET status = 'delivered', delivered_at = $2, claimed_until = NULL, last_error = NULL \
             WHERE id = $1",
        )
        .bind(id)
        .bind(time(at))
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn failed(&self, id: &str, error: &str, retry_at: Option<DateTime<Utc>>) -> Result<(), StoreError> {
        let error: String = error.chars().take(500).collect();
        match retry_at {
            Some(at) => {
                sqlx::query("UPDATE outbox SET next_at = $2, last_error = $3, claimed_until = NULL WHERE id = $1")
                    .bind(id)
                    .bind(time(at))
                    .bind(error)
            }
            None => {
                sqlx::query("UPDATE outbox SET status = 'dead', last_error = $2, claimed_until = NULL WHERE id = $1")
                    .bind(id)
                    .bind(error)
            }
        }
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn outbox(&self, status: Option<&str>, limit: usize) -> Result<Vec<OutboxItem>, StoreError> {
        let rows = match status {
            Some(s) => {
                sqlx::query(&format!("{OUTBOX} WHERE o.status = $1 ORDER BY o.created_at DESC, o.id LIMIT $2"))
                    .bind(s)
                    .bind(limit as i64)
                    .fetch_all(&self.pool)
                    .await
            }
            None => {
                sqlx::query(&format!("{OUTBOX} ORDER BY o.created_at DESC, o.id LIMIT $1"))
                    .bind(limit as i64)
                    .fetch_all(&self.pool)
                    .await
            }
        }
        .map_err(db)?;
        rows.iter().map(outbox_row).collect()
    }

    async fn replay(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE outbox SET status = 'pending', attempts = 0, next_at = $2, claimed_until = NULL \
             WHERE id = $1 AND status = 'dead'",
        )
        .bind(id)
        .bind(time(now))
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(done.rows_affected() > 0)
    }
}

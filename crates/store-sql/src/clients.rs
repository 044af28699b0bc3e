//! Client data and the access log in SQL: [`app::clients::ClientStore`] and
//! [`app::clients::AuditStore`]. Every access runs in one transaction with its log row;
//! the `audit_head` row is taken first, which orders writers on every server (and takes
//! SQLite's write lock before anything is read), and carries the chain's last hash.

use crate::{SqlStore, db, time};
use app::clients::{
    Answer, AuditFilter, AuditHead, AuditRow, AuditStore, ClientRecord, ClientStore, ConsentRecord, FactRecord, Op,
    PseudonymousClient, Pseudonyms, Refused, Request, row_hash,
};
use app::permit::{ConsentView, Relations, decide};
use app::store::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::client::{Basis, ClientDetails, Hetu, Record, Scope};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

pub(crate) fn parse_time(s: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("time {s:?}: {e}")))
}

pub(crate) fn opt_time(s: Option<String>) -> Result<Option<DateTime<Utc>>, StoreError> {
    s.as_deref().map(parse_time).transpose()
}

fn scopes(s: &str) -> Vec<Scope> {
    s.split(',')
        .filter_map(|p| match p {
            "identity" => Some(Scope::Identity),
            "facts" => Some(Scope::Facts),
            _ => None,
        })
        .collect()
}

pub(crate) fn get<T>(row: &AnyRow, column: &str) -> Result<T, StoreError>
where
    T: for<'r> sqlx::Decode<'r, Any> + sqlx::Type<Any>,
{
    row.try_get(column).map_err(db)
}

const AUDIT_COLUMNS: &str = "seq, at, username, roles, organization, client_id, record, fields, action, basis, \
                             reason, request_id, address, outcome, hash";

fn audit_row(row: &AnyRow) -> Result<AuditRow, StoreError> {
    Ok(AuditRow {
        seq: get(row, "seq")?,
        at: parse_time(&get::<String>(row, "at")?)?,
        username: get(row, "username")?,
        roles: get(row, "roles")?,
        organization: get(row, "organization")?,
        client: get(row, "client_id")?,
        record: get(row, "record")?,
        fields: get(row, "fields")?,
        action: get(row, "action")?,
        basis: get(row, "basis")?,
        reason: get(row, "reason")?,
        request_id: get(row, "request_id")?,
        address: get(row, "address")?,
        outcome: get(row, "outcome")?,
        hash: get(row, "hash")?,
    })
}

/// Takes `n` positions in the chain: returns the position before them and the hash of its row.
async fn take_chain(tx: &mut Transaction<'_, Any>, n: usize) -> Result<(i64, String), StoreError> {
    let row = sqlx::query("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash")
        .bind(n as i64)
        .fetch_one(&mut **tx)
        .await
        .map_err(db)?;
    Ok((get::<i64>(&row, "seq")? - n as i64, get(&row, "hash")?))
}

async fn insert_rows(tx: &mut Transaction<'_, Any>, rows: &[AuditRow]) -> Result<(), StoreError> {
    for chunk in rows.chunks(crate::BATCH / 16) {
        let sql =
            crate::values_sql(&format!("INSERT INTO audit_log ({AUDIT_COLUMNS}) VALUES "), chunk.len(), &[""; 15]);
        let mut query = sqlx::query(&sql);
        for row in chunk {
            query = query
                .bind(row.seq)
                .bind(time(row.at))
                .bind(&row.username)
                .bind(&row.roles)
                .bind(&row.organization)
                .bind(&row.client)
                .bind(&row.record)
                .bind(&row.fields)
                .bind(&row.action)
                .bind(&row.basis)
                .bind(&row.reason)
                .bind(&row.request_id)
                .bind(&row.address)
                .bind(&row.outcome)
                .bind(&row.hash);
        }
        query.execute(&mut **tx).await.map_err(db)?;
    }
    Ok(())
}

/// Chains `rows` after `(seq, previous)`, filling their positions and hashes.
fn chain(rows: &mut [AuditRow], mut seq: i64, mut previous: String) -> String {
    for row in rows {
        seq += 1;
        row.seq = seq;
        row.hash = row_hash(&previous, row);
        previous.clone_from(&row.hash);
    }
    previous
}

async fn set_head_hash(tx: &mut Transaction<'_, Any>, hash: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(hash).execute(&mut **tx).await.map_err(db)?;
    Ok(())
}

/// The client's queue; `None` when there is no such client.
pub(crate) async fn navigator(
    tx: &mut Transaction<'_, Any>,
    client: &str,
) -> Result<Option<Option<String>>, StoreError> {
    let row = sqlx::query("SELECT navigator FROM clients WHERE id = $1")
        .bind(client)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db)?;
    row.map(|r| get::<Option<String>>(&r, "navigator")).transpose()
}

/// The rest of what a decision may need: open referrals, consents, the user's emergency access.
async fn more_relations(
    tx: &mut Transaction<'_, Any>,
    client: &str,
    username: &str,
    relations: &mut Relations,
) -> Result<(), StoreError> {
    relations.referred_to =
        sqlx::query("SELECT to_organization FROM referrals WHERE client_id = $1 AND active = 1 AND status <> 'draft'")
            .bind(client)
            .fetch_all(&mut **tx)
            .await
            .map_err(db)?
            .iter()
            .map(|r| get(r, "to_organization"))
            .collect::<Result<_, _>>()?;
    relations.consents = sqlx::query(
        "SELECT organization, scopes, given_at, valid_until, withdrawn_at FROM consents WHERE client_id = $1",
    )
    .bind(client)
    .fetch_all(&mut **tx)
    .await
    .map_err(db)?
    .iter()
    .map(|r| {
        Ok(ConsentView {
            organization: get(r, "organization")?,
            scopes: scopes(&get::<String>(r, "scopes")?),
            given_at: parse_time(&get::<String>(r, "given_at")?)?,
            valid_until: date(&get::<String>(r, "valid_until")?)?,
            withdrawn_at: opt_time(get(r, "withdrawn_at")?)?,
        })
    })
    .collect::<Result<_, StoreError>>()?;
    let row =
        sqlx::query("SELECT MAX(expires_at) AS until FROM emergency_access WHERE client_id = $1 AND username = $2")
            .bind(client)
            .bind(username)
            .fetch_one(&mut **tx)
            .await
            .map_err(db)?;
    relations.emergency_until = opt_time(get(&row, "until")?)?;
    Ok(())
}

pub(crate) fn date(s: &str) -> Result<NaiveDate, StoreError> {
    s.parse().map_err(|e| StoreError::Corrupt(format!("date {s:?}: {e}")))
}

async fn hetu_owner(tx: &mut Transaction<'_, Any>, hetu: &Hetu) -> Result<Option<String>, StoreError> {
    let row = sqlx::query("SELECT id FROM clients WHERE hetu = $1")
        .bind(hetu.expose())
        .fetch_optional(&mut **tx)
        .await
        .map_err(db)?;
    row.map(|r| get(&r, "id")).transpose()
}

fn details_json(details: &ClientDetails) -> String {
    serde_json::to_string(details).expect("client details serialise")
}

fn client_record(row: &AnyRow) -> Result<ClientRecord, StoreError> {
    let body: String = get(row, "body")?;
    Ok(ClientRecord {
        id: get(row, "id")?,
        details: serde_json::from_str(&body).map_err(|e| StoreError::Corrupt(format!("client body: {e}")))?,
        navigator: get(row, "navigator")?,
        created_at: parse_time(&get::<String>(row, "created_at")?)?,
        updated_at: parse_time(&get::<String>(row, "updated_at")?)?,
    })
}

/// Decides one request in the transaction: the lawful basis, or why not.
async fn basis(tx: &mut Transaction<'_, Any>, request: &Request) -> Result<Result<Basis, Refused>, StoreError> {
    let (p, op) = (&request.principal, &request.op);
    let (action, record) = (op.action(), op.record());
    let mut relations = Relations::default();
    match op {
        Op::Create(_) | Op::Find(_) => {}
        _ => match navigator(tx, &request.client).await? {
            None => {
                // Whoever may not see the client is told no more than that.
                return Ok(Err(match decide(p, action, record, &request.client, &relations, request.at) {
                    Err(denied) if !app::permit::allowed(p, action) => Refused::Denied(denied.0),
                    _ => Refused::NotFound("client"),
                }));
            }
            Some(queue) => relations.navigator = queue,
        },
    }
    if let Ok(basis) = decide(p, action, record, &request.client, &relations, request.at) {
        return Ok(Ok(basis));
    }
    if matches!(op, Op::Create(_) | Op::Find(_)) {
        return Ok(decide(p, action, record, &request.client, &relations, request.at).map_err(|d| Refused::Denied(d.0)));
    }
    more_relations(tx, &request.client, &p.username, &mut relations).await?;
    Ok(decide(p, action, record, &request.client, &relations, request.at).map_err(|d| Refused::Denied(d.0)))
}

/// Does one allowed request.
async fn perform(
    tx: &mut Transaction<'_, Any>,
    request: &Request,
    basis: Basis,
) -> Result<Result<Answer, Refused>, StoreError> {
    let (client, at, by) = (request.client.as_str(), time(request.at), request.principal.username.as_str());
    Ok(Ok(match &request.op {
        Op::Create(details) => {
            if let Some(other) = hetu_owner(tx, &details.hetu).await? {
                return Ok(Err(Refused::Conflict(format!("this identity code is the client {other}'s"))));
            }
            let queue = request.principal.has(domain::client::Role::Navigator).then_some(by);
            sqlx::query(
                "INSERT INTO clients (id, hetu, body, navigator, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)",
            )
            .bind(client)
            .bind(details.hetu.expose())
            .bind(details_json(details))
            .bind(queue)
            .bind(&at)
            .execute(&mut **tx)
            .await
            .map_err(db)?;
            Answer::Done
        }
        Op::Find(hetu) => Answer::Found(hetu_owner(tx, hetu).await?),
        Op::TakeIntoQueue => {
            sqlx::query("UPDATE clients SET navigator = $2, updated_at = $3 WHERE id = $1")
                .bind(client)
                .bind(by)
                .bind(&at)
                .execute(&mut **tx)
                .await
                .map_err(db)?;
            Answer::Done
        }
        Op::Update(details) => {
            if let Some(other) = hetu_owner(tx, &details.hetu).await?
                && other != client
            {
                return Ok(Err(Refused::Conflict(format!("this identity code is the client {other}'s"))));
            }
            sqlx::query("UPDATE clients SET hetu = $2, body = $3, updated_at = $4 WHERE id = $1")
                .bind(client)
                .bind(details.hetu.expose())
                .bind(details_json(details))
                .bind(&at)
                .execute(&mut **tx)
                .await
                .map_err(db)?;
            Answer::Done
        }
        Op::Read(Record::Identity) => {
            let row = sqlx::query("SELECT id, body, navigator, created_at, updated_at FROM clients WHERE id = $1")
                .bind(client)
                .fetch_one(&mut **tx)
                .await
                .map_err(db)?;
            Answer::Client(client_record(&row)?)
        }
        Op::Read(Record::Facts) => Answer::Facts(facts(tx, client).await?),
        Op::Read(Record::Consents) => Answer::Consents(consents(tx, client).await?),
        Op::Read(Record::Referrals) => Answer::Referrals(
            crate::paths::referrals(tx, client, crate::paths::only_for(request, basis).as_deref()).await?,
        ),
        Op::Read(Record::AccessLog) => {
            let rows = sqlx::query(&format!(
                "SELECT {AUDIT_COLUMNS} FROM audit_log WHERE client_id = $1 ORDER BY seq DESC LIMIT 500"
            ))
            .bind(client)
            .fetch_all(&mut **tx)
            .await
            .map_err(db)?;
            Answer::Log(rows.iter().map(audit_row).collect::<Result<_, _>>()?)
        }
        Op::RecordFacts(facts) => {
            for (fact, value) in facts {
                sqlx::query(
                    "INSERT INTO client_facts (client_id, fact, version, value, recorded_by, recorded_at) \
                     SELECT $1, $2, COALESCE(MAX(version), 0) + 1, $3, $4, $5 FROM client_facts WHERE client_id = $1 AND fact = $2",
                )
                .bind(client)
                .bind(fact.name())
                .bind(value.to_string())
                .bind(by)
                .bind(&at)
                .execute(&mut **tx)
                .await
                .map_err(db)?;
            }
            Answer::Done
        }
        Op::Read(Record::Assessments) => Answer::Assessments {
            assessments: crate::navigation::assessments(tx, client).await?,
            facts: facts(tx, client).await?,
        },
        Op::Read(Record::Plans) => Answer::Plans(crate::navigation::plans(tx, client).await?),
        Op::SaveAssessment(a) => {
            return crate::navigation::save_assessment(tx, client, a, by, &at).await;
        }
        Op::SavePlan(p) => return crate::navigation::save_plan(tx, client, p, by, &at).await,
        Op::GiveConsent { id, organization, scopes, valid_until } => {
            sqlx::query(
                "INSERT INTO consents (id, client_id, organization, scopes, given_at, valid_until, recorded_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(client)
            .bind(organization)
            .bind(scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(","))
            .bind(&at)
            .bind(valid_until.to_string())
            .bind(by)
            .execute(&mut **tx)
            .await
            .map_err(db)?;
            Answer::Done
        }
        Op::WithdrawConsent(id) => {
            let done = sqlx::query(
                "UPDATE consents SET withdrawn_at = $3 WHERE id = $1 AND client_id = $2 AND withdrawn_at IS NULL",
            )
            .bind(id)
            .bind(client)
            .bind(&at)
            .execute(&mut **tx)
            .await
            .map_err(db)?;
            if done.rows_affected() == 0 {
                return Ok(Err(Refused::NotFound("consent in force")));
            }
            Answer::Done
        }
        Op::Refer(w) => return crate::paths::refer(tx, request, w).await,
        Op::ResolvePath { reason } => return crate::paths::resolve_path(tx, request, reason).await,
        Op::Transition(w) => {
            let queue = navigator(tx, client).await?.flatten();
            return crate::paths::transition(tx, request, w, queue.as_deref()).await;
        }
        Op::BreakGlass { reason, minutes } => {
            sqlx::query(
                "INSERT INTO emergency_access (client_id, username, reason, granted_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(client)
            .bind(by)
            .bind(reason)
            .bind(&at)
            .bind(time(request.at + chrono::Duration::minutes(*minutes)))
            .execute(&mut **tx)
            .await
            .map_err(db)?;
            tracing::warn!(user = by, "emergency access declared: the auditor is alerted");
            Answer::Done
        }
    }))
}

/// The client's facts, each at its newest version.
pub(crate) async fn facts(tx: &mut Transaction<'_, Any>, client: &str) -> Result<Vec<FactRecord>, StoreError> {
    let rows = sqlx::query(
        "SELECT fact, value, recorded_by, recorded_at, source FROM client_facts f WHERE client_id = $1 \
         AND version = (SELECT MAX(version) FROM client_facts g WHERE g.client_id = f.client_id AND g.fact = f.fact) \
         ORDER BY fact",
    )
    .bind(client)
    .fetch_all(&mut **tx)
    .await
    .map_err(db)?;
    rows.iter()
        .map(|r| {
            Ok(FactRecord {
                fact: get(r, "fact")?,
                value: serde_json::from_str(&get::<String>(r, "value")?)
                    .map_err(|e| StoreError::Corrupt(format!("fact value: {e}")))?,
                recorded_by: get(r, "recorded_by")?,
                recorded_at: parse_time(&get::<String>(r, "recorded_at")?)?,
                source: get(r, "source")?,
            })
        })
        .collect()
}

async fn consents(tx: &mut Transaction<'_, Any>, client: &str) -> Result<Vec<ConsentRecord>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, organization, scopes, given_at, valid_until, withdrawn_at, recorded_by FROM consents \
         WHERE client_id = $1 ORDER BY given_at, id",
    )
    .bind(client)
    .fetch_all(&mut **tx)
    .await
    .map_err(db)?;
    rows.iter()
        .map(|r| {
            Ok(ConsentRecord {
                id: get(r, "id")?,
                organization: get(r, "organization")?,
                scopes: scopes(&get::<String>(r, "scopes")?),
                given_at: parse_time(&get::<String>(r, "given_at")?)?,
                valid_until: date(&get::<String>(r, "valid_until")?)?,
                withdrawn_at: opt_time(get(r, "withdrawn_at")?)?,
                recorded_by: get(r, "recorded_by")?,
            })
        })
        .collect()
}

#[async_trait]
impl ClientStore for SqlStore {
    async fn access(&self, requests: &[Request]) -> Result<Vec<Result<Answer, Refused>>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let (seq, previous) = take_chain(&mut tx, requests.len()).await?;
        let mut answers = Vec::with_capacity(requests.len());
        let mut rows = Vec::with_capacity(requests.len());
        for request in requests {
            let (answer, basis) = match basis(&mut tx, request).await? {
                Ok(basis) => (perform(&mut tx, request, basis).await?, basis),
                Err(refused) => (Err(refused), Basis::None),
            };
            let mut row = AuditRow::of(request, basis, answer.as_ref().err().map_or("ok", Refused::outcome));
            if let (Op::Find(_), Ok(Answer::Found(found))) = (&request.op, &answer) {
                row.client = found.clone();
            }
            rows.push(row);
            answers.push(answer);
        }
        let last = chain(&mut rows, seq, previous);
        insert_rows(&mut tx, &rows).await?;
        set_head_hash(&mut tx, &last).await?;
        tx.commit().await.map_err(db)?;
        Ok(answers)
    }

    async fn find(&self, hetu: &Hetu) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT id FROM clients WHERE hetu = $1")
            .bind(hetu.expose())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.map(|r| get(&r, "id")).transpose()
    }

    async fn queue(&self, navigator: &str, limit: usize) -> Result<Vec<String>, StoreError> {
        sqlx::query("SELECT id FROM clients WHERE navigator = $1 ORDER BY created_at DESC, id LIMIT $2")
            .bind(navigator)
            .bind(limit as i64)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?
            .iter()
            .map(|r| get(r, "id"))
            .collect()
    }

    async fn pseudonymous(&self, key: &Pseudonyms) -> Result<Vec<PseudonymousClient>, StoreError> {
        let clients =
            sqlx::query("SELECT id, body FROM clients ORDER BY id").fetch_all(&self.pool).await.map_err(db)?;
        let facts = sqlx::query(
            "SELECT client_id, fact, value FROM client_facts f WHERE version = \
             (SELECT MAX(version) FROM client_facts g WHERE g.client_id = f.client_id AND g.fact = f.fact)",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut by_client: std::collections::HashMap<String, std::collections::BTreeMap<String, serde_json::Value>> =
            Default::default();
        for row in &facts {
            let value: String = get(row, "value")?;
            by_client.entry(get(row, "client_id")?).or_default().insert(
                get(row, "fact")?,
                serde_json::from_str(&value).map_err(|e| StoreError::Corrupt(format!("fact value: {e}")))?,
            );
        }
        clients
            .iter()
            .map(|row| {
                let id: String = get(row, "id")?;
                let body: String = get(row, "body")?;
                let details: ClientDetails =
                    serde_json::from_str(&body).map_err(|e| StoreError::Corrupt(format!("client body: {e}")))?;
                use chrono::Datelike;
                Ok(PseudonymousClient {
                    pseudonym: key.of(&id),
                    municipality: details.municipality,
                    birth_year: details.hetu.birth_date().year(),
                    language: details.language,
                    interpreter: details.interpreter,
                    facts: by_client.remove(&id).unwrap_or_default(),
                })
            })
            .collect()
    }
}

#[async_trait]
impl AuditStore for SqlStore {
    async fn append(&self, rows: &[AuditRow]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let (seq, previous) = take_chain(&mut tx, rows.len()).await?;
        let mut rows = rows.to_vec();
        let last = chain(&mut rows, seq, previous);
        insert_rows(&mut tx, &rows).await?;
        set_head_hash(&mut tx, &last).await?;
        tx.commit().await.map_err(db)
    }

    async fn search(&self, filter: &AuditFilter) -> Result<Vec<AuditRow>, StoreError> {
        let mut sql = format!("SELECT {AUDIT_COLUMNS} FROM audit_log WHERE 1 = 1");
        let mut binds: Vec<String> = Vec::new();
        let mut clause = |sql: &mut String, column: &str, op: &str, value: String| {
            binds.push(value);
            sql.push_str(&format!(" AND {column} {op} ${}", binds.len()));
        };
        if let Some(client) = &filter.client {
            clause(&mut sql, "client_id", "=", client.clone());
        }
        if let Some(user) = &filter.username {
            clause(&mut sql, "username", "=", user.clone());
        }
        if let Some(from) = filter.from {
            clause(&mut sql, "at", ">=", time(from));
        }
        if let Some(to) = filter.to {
            clause(&mut sql, "at", "<", time(to));
        }
        if let Some(basis) = filter.basis {
            clause(&mut sql, "basis", "=", basis.as_str().to_owned());
        }
        if let Some(outcome) = &filter.outcome {
            clause(&mut sql, "outcome", "=", outcome.clone());
        }
        sql.push_str(&format!(" ORDER BY seq DESC LIMIT {}", filter.limit.max(1)));
        let mut query = sqlx::query(&sql);
        for bind in &binds {
            query = query.bind(bind);
        }
        query.fetch_all(&self.pool).await.map_err(db)?.iter().map(audit_row).collect()
    }

    async fn chain(&self, after: i64, limit: usize) -> Result<Vec<AuditRow>, StoreError> {
        sqlx::query(&format!("SELECT {AUDIT_COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2"))
            .bind(after)
            .bind(limit as i64)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?
            .iter()
            .map(audit_row)
            .collect()
    }

    async fn head(&self) -> Result<AuditHead, StoreError> {
        let row = sqlx::query("SELECT seq, hash, anchor_seq, anchor_hash FROM audit_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await
            .map_err(db)?;
        Ok(AuditHead {
            seq: get(&row, "seq")?,
            hash: get(&row, "hash")?,
            anchor_seq: get(&row, "anchor_seq")?,
            anchor_hash: get(&row, "anchor_hash")?,
        })
    }

    async fn purge(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        // Take the head first (orders this with writers), then find the last row to remove.
        take_chain(&mut tx, 0).await?;
        let last = sqlx::query("SELECT seq, hash FROM audit_log WHERE at < $1 ORDER BY seq DESC LIMIT 1")
            .bind(time(before))
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
        let Some(last) = last else {
            return Ok(0);
        };
        let (seq, hash): (i64, String) = (get(&last, "seq")?, get(&last, "hash")?);
        sqlx::query("UPDATE audit_head SET anchor_seq = $1, anchor_hash = $2 WHERE id = 1 AND anchor_seq < $1")
            .bind(seq)
            .bind(&hash)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        let removed =
            sqlx::query("DELETE FROM audit_log WHERE seq <= $1").bind(seq).execute(&mut *tx).await.map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(removed.rows_affected())
    }
}

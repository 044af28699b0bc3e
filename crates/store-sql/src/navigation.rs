//! Needs assessments and service plans in SQL, inside the access's transaction (see
//! `clients.rs`): each write is conditional on the revision it was read at, and a completed
//! assessment's facts are written with it, their source named.

use crate::clients::{get, opt_time, parse_time};
use crate::db;
use app::clients::{Answer, Refused};
use app::navigation::{AssessmentRecord, AssessmentWrite, PlanBody, PlanRecord, PlanWrite};
use app::store::StoreError;
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};

fn assessment(r: &AnyRow) -> Result<AssessmentRecord, StoreError> {
    Ok(AssessmentRecord {
        id: get(r, "id")?,
        questionnaire: get(r, "questionnaire")?,
        version: get::<i64>(r, "version")? as u32,
        answers: serde_json::from_str(&get::<String>(r, "answers")?)
            .map_err(|e| StoreError::Corrupt(format!("assessment answers: {e}")))?,
        complete: get::<i64>(r, "complete")? != 0,
        urgency: get(r, "urgency")?,
        segment: get(r, "segment")?,
        revision: get(r, "revision")?,
        started_by: get(r, "started_by")?,
        started_at: parse_time(&get::<String>(r, "started_at")?)?,
        updated_by: get(r, "updated_by")?,
        updated_at: parse_time(&get::<String>(r, "updated_at")?)?,
        completed_at: opt_time(get(r, "completed_at")?)?,
    })
}

const ASSESSMENT: &str = "SELECT id, questionnaire, version, answers, complete, urgency, segment, revision, started_by, \
                          started_at, updated_by, updated_at, completed_at FROM assessments";

/// The client's assessments, newest first.
pub(crate) async fn assessments(
    tx: &mut Transaction<'_, Any>,
    client: &str,
) -> Result<Vec<AssessmentRecord>, StoreError> {
    let rows = sqlx::query(&format!("{ASSESSMENT} WHERE client_id = $1 ORDER BY updated_at DESC, id"))
        .bind(client)
        .fetch_all(&mut **tx)
        .await
        .map_err(db)?;
    rows.iter().map(assessment).collect()
}

pub(crate) async fn save_assessment(
    tx: &mut Transaction<'_, Any>,
    client: &str,
    a: &AssessmentWrite,
    by: &str,
    at: &str,
) -> Result<Result<Answer, Refused>, StoreError> {
    let answers = a.answers.to_string();
    let completed = a.complete.then_some(at);
    match a.revision {
        None => {
            sqlx::query(
                "INSERT INTO assessments (id, client_id, questionnaire, version, answers, complete, urgency, segment, \
                 revision, started_by, started_at, updated_by, updated_at, completed_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $9, $10, $11)",
            )
            .bind(&a.id)
            .bind(client)
            .bind(&a.questionnaire)
            .bind(a.version as i64)
            .bind(&answers)
            .bind(a.complete as i64)
            .bind(&a.urgency)
            .bind(&a.segment)
            .bind(by)
            .bind(at)
            .bind(completed)
            .execute(&mut **tx)
            .await
            .map_err(db)?;
        }
        Some(revision) => {
            let done = sqlx::query(
                "UPDATE assessments SET answers = $3, complete = $4, urgency = $5, segment = $6, revision = revision + 1, \
                 updated_by = $7, updated_at = $8, completed_at = $9 \
                 WHERE id = $1 AND client_id = $2 AND revision = $10 AND complete = 0",
            )
            .bind(&a.id)
            .bind(client)
            .bind(&answers)
            .bind(a.complete as i64)
            .bind(&a.urgency)
            .bind(&a.segment)
            .bind(by)
            .bind(at)
            .bind(completed)
            .bind(revision)
            .execute(&mut **tx)
            .await
            .map_err(db)?;
            if done.rows_affected() == 0 {
                return Ok(Err(refusal(tx, "assessments", "assessment", &a.id, client, revision).await?));
            }
        }
    }
    for (fact, value) in &a.facts {
        sqlx::query(
            "INSERT INTO client_facts (client_id, fact, version, value, recorded_by, recorded_at, source) \
             SELECT $1, $2, COALESCE(MAX(version), 0) + 1, $3, $4, $5, $6 FROM client_facts WHERE client_id = $1 AND fact = $2",
        )
        .bind(client)
        .bind(fact.name())
        .bind(value.to_string())
        .bind(by)
        .bind(at)
        .bind(&a.source)
        .execute(&mut **tx)
        .await
        .map_err(db)?;
    }
    let row = sqlx::query(&format!("{ASSESSMENT} WHERE id = $1")).bind(&a.id).fetch_one(&mut **tx).await.map_err(db)?;
    Ok(Ok(Answer::Assessment(assessment(&row)?)))
}

/// Why a conditional update changed nothing: no such row of the client, or another revision.
async fn refusal(
    tx: &mut Transaction<'_, Any>,
    table: &str,
    kind: &'static str,
    id: &str,
    client: &str,
    expected: i64,
) -> Result<Refused, StoreError> {
    let sql = format!("SELECT revision FROM {table} WHERE id = $1 AND client_id = $2");
    let current: Option<(i64,)> =
        sqlx::query_as(&sql).bind(id).bind(client).fetch_optional(&mut **tx).await.map_err(db)?;
    Ok(match current {
        None => Refused::NotFound(kind),
        Some((current,)) => Refused::Stale { kind, id: id.to_owned(), expected, current },
    })
}

fn plan(r: &AnyRow) -> Result<PlanRecord, StoreError> {
    let body: PlanBody = serde_json::from_str(&get::<String>(r, "body")?)
        .map_err(|e| StoreError::Corrupt(format!("service plan: {e}")))?;
    Ok(PlanRecord {
        id: get(r, "id")?,
        body,
        revision: get(r, "revision")?,
        created_by: get(r, "created_by")?,
        created_at: parse_time(&get::<String>(r, "created_at")?)?,
        updated_by: get(r, "updated_by")?,
        updated_at: parse_time(&get::<String>(r, "updated_at")?)?,
    })
}

const PLAN: &str = "SELECT id, body, revision, created_by, created_at, updated_by, updated_at FROM service_plans";

pub(crate) async fn plans(tx: &mut Transaction<'_, Any>, client: &str) -> Result<Vec<PlanRecord>, StoreError> {
    let rows = sqlx::query(&format!("{PLAN} WHERE client_id = $1 ORDER BY updated_at DESC, id"))
        .bind(client)
        .fetch_all(&mut **tx)
        .await
        .map_err(db)?;
    rows.iter().map(plan).collect()
}

pub(crate) async fn save_plan(
    tx: &mut Transaction<'_, Any>,
    client: &str,
    p: &PlanWrite,
    by: &str,
    at: &str,
) -> Result<Result<Answer, Refused>, StoreError> {
    let body = serde_json::to_string(&p.body).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    match p.revision {
        None => {
            sqlx::query(
                "INSERT INTO service_plans (id, client_id, body, revision, created_by, created_at, updated_by, updated_at) \
                 VALUES ($1, $2, $3, 1, $4, $5, $4, $5)",
            )
            .bind(&p.id)
            .bind(client)
            .bind(&body)
            .bind(by)
            .bind(at)
            .execute(&mut **tx)
            .await
            .map_err(db)?;
        }
        Some(revision) => {
            let done = sqlx::query(
                "UPDATE service_plans SET body = $3, revision = revision + 1, updated_by = $4, updated_at = $5 \
                 WHERE id = $1 AND client_id = $2 AND revision = $6",
            )
            .bind(&p.id)
            .bind(client)
            .bind(&body)
            .bind(by)
            .bind(at)
            .bind(revision)
            .execute(&mut **tx)
            .await
            .map_err(db)?;
            if done.rows_affected() == 0 {
                return Ok(Err(refusal(tx, "service_plans", "service plan", &p.id, client, revision).await?));
            }
        }
    }
    let row = sqlx::query(&format!("{PLAN} WHERE id = $1")).bind(&p.id).fetch_one(&mut **tx).await.map_err(db)?;
    Ok(Ok(Answer::Plan(plan(&row)?)))
}

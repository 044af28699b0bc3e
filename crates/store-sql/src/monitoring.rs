//! Monitoring events in SQL: [`app::monitoring::MonitoringStore`]. A batch of events is one
//! transaction, written many rows to a statement; an id stored before is left alone when
//! its content is the same, and refuses the whole batch when it is not.

use crate::clients::{get, parse_time};
use crate::{SqlStore, db, time};
use app::monitoring::{Alert, AlertRule, EventRow, Inserted, MonitoringStore};
use app::store::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};

/// Columns written per event.
const COLUMNS: [&str; 31] = [
    "id",
    "digest",
    "body",
    "source",
    "imported_at",
    "kind",
    "service_group",
    "preventive",
    "client",
    "professional",
    "age",
    "age_group",
    "municipality",
    "area",
    "language",
    "service",
    "unit",
    "producer",
    "channel",
    "urgent",
    "status",
    "value",
    "cost",
    "day_no",
    "minute_no",
    "week",
    "month",
    "year",
    "days",
    "working_days",
    "months",
];

/// Rows per statement: 31 parameters each, below SQLite's 32,766 and PostgreSQL's 65,535.
const ROWS_PER_STATEMENT: usize = 500;

fn insert_sql(rows: usize) -> String {
    let mut sql = format!("INSERT INTO monitoring_events ({}) VALUES ", COLUMNS.join(", "));
    let mut n = 1;
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..COLUMNS.len() {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${n}"));
            n += 1;
        }
        sql.push(')');
    }
    // The ids written: the others were stored before (the first statement of the
    // transaction is this write, so SQLite takes its write lock before it reads anything).
    sql.push_str(" ON CONFLICT (id) DO NOTHING RETURNING id");
    sql
}

fn alert(r: &AnyRow) -> Result<Alert, StoreError> {
    Ok(Alert {
        id: get(r, "id")?,
        rule: get(r, "rule_id")?,
        indicator: get(r, "indicator")?,
        municipality: get(r, "municipality")?,
        period: get::<i64>(r, "period")? as i32,
        value: get(r, "value")?,
        threshold: get(r, "threshold")?,
        direction: get(r, "direction")?,
        manager: get(r, "manager")?,
        raised_at: parse_time(&get::<String>(r, "raised_at")?)?,
    })
}

#[async_trait]
impl MonitoringStore for SqlStore {
    async fn insert_events(&self, rows: &[EventRow], source: &str, at: DateTime<Utc>) -> Result<Inserted, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let out = insert_rows(&mut tx, rows, source, &time(at)).await?;
        if !out.conflicts.is_empty() {
            tx.rollback().await.map_err(db)?;
            return Ok(Inserted { inserted: 0, ..out });
        }
        tx.commit().await.map_err(db)?;
        Ok(out)
    }

    async fn events_after(&self, seq: i64, limit: usize) -> Result<Vec<(i64, String)>, StoreError> {
        let rows = sqlx::query("SELECT seq, body FROM monitoring_events WHERE seq > $1 ORDER BY seq LIMIT $2")
            .bind(seq)
            .bind(limit as i64)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(|r| Ok((get(r, "seq")?, get(r, "body")?))).collect()
    }

    async fn events_in(&self, ranges: &[(i64, i64)]) -> Result<Vec<(i64, String)>, StoreError> {
        let mut out = Vec::new();
        for chunk in ranges.chunks(100) {
            let marks: Vec<String> =
                (0..chunk.len()).map(|i| format!("seq BETWEEN ${} AND ${}", 2 * i + 1, 2 * i + 2)).collect();
            let sql = format!("SELECT seq, body FROM monitoring_events WHERE {} ORDER BY seq", marks.join(" OR "));
            let mut q = sqlx::query(&sql);
            for (a, b) in chunk {
                q = q.bind(*a).bind(*b);
            }
            for r in q.fetch_all(&self.pool).await.map_err(db)? {
                out.push((get(&r, "seq")?, get(&r, "body")?));
            }
        }
        Ok(out)
    }

    async fn has_event(&self, id: &str) -> Result<bool, StoreError> {
        let found = sqlx::query("SELECT 1 FROM monitoring_events WHERE id = $1")
            .bind(id.to_owned())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        Ok(found.is_some())
    }

    async fn set_population(&self, residents: &[(String, u8, u32)], need: &[(String, f64)]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("DELETE FROM population").execute(&mut *tx).await.map_err(db)?;
        sqlx::query("DELETE FROM need").execute(&mut *tx).await.map_err(db)?;
        for chunk in residents.chunks(500) {
            let marks: Vec<String> = (0..chunk.len())
                .map(|i| format!("(${}, ${}, ${}, ${})", 4 * i + 1, 4 * i + 2, 4 * i + 3, 4 * i + 4))
                .collect();
            let sql =
                format!("INSERT INTO population (municipality, age, age_group, residents) VALUES {}", marks.join(", "));
            let mut q = sqlx::query(&sql);
            for (m, age, n) in chunk {
                q = q
                    .bind(m.clone())
                    .bind(i32::from(*age))
                    .bind(domain::event::AgeGroup::of(*age).code())
                    .bind(i64::from(*n));
            }
            q.execute(&mut *tx).await.map_err(db)?;
        }
        for (m, c) in need {
            sqlx::query("INSERT INTO need (municipality, coefficient) VALUES ($1, $2)")
                .bind(m.clone())
                .bind(*c)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        }
        tx.commit().await.map_err(db)
    }

    async fn alert_rules(&self) -> Result<Vec<AlertRule>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, indicator, municipality, period, direction, threshold, manager, created_by FROM alert_rules ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(AlertRule {
                    id: get(r, "id")?,
                    indicator: get(r, "indicator")?,
                    municipality: get(r, "municipality")?,
                    period: get(r, "period")?,
                    direction: get(r, "direction")?,
                    threshold: get(r, "threshold")?,
                    manager: get(r, "manager")?,
                    created_by: get(r, "created_by")?,
                })
            })
            .collect()
    }

    async fn put_alert_rule(&self, rule: &AlertRule, at: DateTime<Utc>) -> Result<(), StoreError> {
        let at = time(at);
        let subscription = format!("alert-{}", rule.id);
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query(
            "INSERT INTO alert_rules (id, indicator, municipality, period, direction, threshold, manager, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO UPDATE SET indicator = $2, municipality = $3, \
             period = $4, direction = $5, threshold = $6, manager = $7, created_by = $8, created_at = $9",
        )
        .bind(rule.id.clone())
        .bind(rule.indicator.clone())
        .bind(rule.municipality.clone())
        .bind(rule.period.clone())
        .bind(rule.direction.clone())
        .bind(rule.threshold)
        .bind(rule.manager.clone())
        .bind(rule.created_by.clone())
        .bind(at.clone())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        // The manager's e-mail as a subscription of its own, so that alerts are delivered,
        // retried and kept as dead letters as every notification is.
        sqlx::query(
            "INSERT INTO subscriptions (id, organization, kind, target, secret, created_by, created_at, active) \
             VALUES ($1, 'monitoring', 'email', $2, NULL, $3, $4, 1) ON CONFLICT (id) DO UPDATE SET target = $2, active = 1",
        )
        .bind(subscription)
        .bind(rule.manager.clone())
        .bind(rule.created_by.clone())
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)
    }

    async fn raise_alert(&self, alert: &Alert, subject: &str, text: &str) -> Result<bool, StoreError> {
        let at = time(alert.raised_at);
        let mut tx = self.pool.begin().await.map_err(db)?;
        let done = sqlx::query(
            "INSERT INTO alerts (id, rule_id, indicator, municipality, period, value, threshold, direction, manager, raised_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING",
        )
        .bind(alert.id.clone())
        .bind(alert.rule.clone())
        .bind(alert.indicator.clone())
        .bind(alert.municipality.clone())
        .bind(i64::from(alert.period))
        .bind(alert.value)
        .bind(alert.threshold)
        .bind(alert.direction.clone())
        .bind(alert.manager.clone())
        .bind(at.clone())
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if done == 0 {
            tx.rollback().await.map_err(db)?;
            return Ok(false);
        }
        let subscription = format!("alert-{}", alert.rule);
        sqlx::query(
            "INSERT INTO outbox (id, subscription_id, event_id, kind, target, payload, status, attempts, next_at, created_at) \
             VALUES ($1, $2, $3, 'email', $4, $5, 'pending', 0, $6, $6) ON CONFLICT (subscription_id, event_id) DO NOTHING",
        )
        .bind(format!("{subscription}.{}", alert.id))
        .bind(subscription)
        .bind(alert.id.clone())
        .bind(alert.manager.clone())
        .bind(format!("{subject}\n{text}"))
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(true)
    }

    async fn alerts(&self, limit: usize) -> Result<Vec<Alert>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, rule_id, indicator, municipality, period, value, threshold, direction, manager, raised_at \
             FROM alerts ORDER BY raised_at DESC, id LIMIT $1",
        )
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(alert).collect()
    }
}

/// One row of an indicator's SQL: the breakdown's values, period, numerator, denominator, cases.
pub type IndicatorRow = (Vec<String>, i64, f64, f64, f64);

impl SqlStore {
    /// Runs an indicator's SQL (`monitor::indicators::sql`) on the database itself, where
    /// the view `events` and the tables `population` and `need` are: the same definitions on
    /// PostgreSQL as in the column engine. Rows: the breakdown's `keys` values, the period,
    /// numerator, denominator and cases.
    pub async fn indicator_rows(&self, sql: &str, keys: usize) -> Result<Vec<IndicatorRow>, StoreError> {
        use sqlx::Row;
        let rows = sqlx::query(sql).fetch_all(&self.pool).await.map_err(db)?;
        let number = |r: &AnyRow, i: usize| -> Result<f64, StoreError> {
            if let Ok(v) = r.try_get::<Option<f64>, _>(i) {
                return Ok(v.unwrap_or(0.0));
            }
            r.try_get::<Option<i64>, _>(i).map(|v| v.unwrap_or(0) as f64).map_err(db)
        };
        rows.iter()
            .map(|r| {
                let k = (0..keys)
                    .map(|i| r.try_get::<Option<String>, _>(i).map(Option::unwrap_or_default).map_err(db))
                    .collect::<Result<Vec<_>, _>>()?;
                let period = number(r, keys)? as i64;
                Ok((k, period, number(r, keys + 1)?, number(r, keys + 2)?, number(r, keys + 3)?))
            })
            .collect()
    }
}

/// Writes the rows whose ids are new within the caller's transaction; ids stored before
/// are counted as repeats (same content) or returned as conflicts (other content), which
/// the caller answers by rolling back.
pub(crate) async fn insert_rows(
    tx: &mut Transaction<'_, Any>,
    rows: &[EventRow],
    source: &str,
    at: &str,
) -> Result<Inserted, StoreError> {
    let mut out = Inserted::default();
    let full = insert_sql(ROWS_PER_STATEMENT);
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let partial;
        let sql = if chunk.len() == ROWS_PER_STATEMENT {
            &full
        } else {
            partial = insert_sql(chunk.len());
            &partial
        };
        // Not a prepared statement kept for reuse: PostgreSQL fixes a kept statement's
        // parameter types at its first use, and a null there (through the `Any` driver)
        // does not carry the column's type.
        let mut q = sqlx::query(sql).persistent(false);
        for row in chunk {
            let (e, d) = (&row.event, &row.derived);
            q = q
                .bind(e.id.clone())
                .bind(row.digest.clone())
                .bind(row.body.clone())
                .bind(if e.source.is_empty() { source.to_owned() } else { e.source.clone() })
                .bind(at.to_owned())
                .bind(e.kind.code())
                .bind(e.group.code())
                .bind(e.group.preventive())
                .bind((!e.client.is_empty()).then(|| e.client.clone()))
                .bind(e.professional.clone())
                .bind(e.age.map(i32::from))
                .bind(d.age_group.map(|g| g.code()))
                .bind(e.municipality.clone())
                .bind(e.area.clone())
                .bind(e.language.map(|l| l.code()))
                .bind(e.service.clone())
                .bind(e.unit.clone())
                .bind(e.producer.clone())
                .bind(e.channel.map(|c| c.code()))
                .bind(e.urgent)
                .bind(e.status.clone())
                .bind(e.value)
                .bind(e.cost)
                .bind(d.day_no)
                .bind(d.minute_no)
                .bind(d.week)
                .bind(d.month)
                .bind(d.year)
                .bind(d.days)
                .bind(d.working_days)
                .bind(d.months);
        }
        let written: std::collections::HashSet<String> = q
            .fetch_all(&mut **tx)
            .await
            .map_err(db)?
            .iter()
            .map(|r| get(r, "id"))
            .collect::<Result<_, StoreError>>()?;
        out.inserted += written.len();
        if written.len() < chunk.len() {
            // Some ids were stored before: the same content is a repeat, other content a conflict.
            let before: Vec<&EventRow> = chunk.iter().filter(|r| !written.contains(&r.event.id)).collect();
            let marks: Vec<String> = (1..=before.len()).map(|i| format!("${i}")).collect();
            let sql = format!("SELECT id, digest FROM monitoring_events WHERE id IN ({})", marks.join(", "));
            let mut q = sqlx::query(&sql);
            for row in &before {
                q = q.bind(row.event.id.clone());
            }
            let stored: std::collections::HashMap<String, String> = q
                .fetch_all(&mut **tx)
                .await
                .map_err(db)?
                .iter()
                .map(|r| Ok((get(r, "id")?, get(r, "digest")?)))
                .collect::<Result<_, StoreError>>()?;
            for row in before {
                match stored.get(&row.event.id) {
                    Some(digest) if digest == &row.digest => out.duplicates += 1,
                    _ => out.conflicts.push(row.event.id.clone()),
                }
            }
        }
    }
    Ok(out)
}

/// A referral's latest change of state as a monitoring event, written in the referral's
/// own transaction (so that the figures can never miss a change that was made, nor count
/// one that was rolled back). Nothing when the client's record names no municipality.
pub(crate) async fn record_referral(
    tx: &mut Transaction<'_, Any>,
    referral: &app::referrals::ReferralRecord,
    request: &app::clients::Request,
) -> Result<(), StoreError> {
    let body: Option<String> = sqlx::query_scalar("SELECT body FROM clients WHERE id = $1")
        .bind(&referral.client)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db)?;
    let Some(body) = body else { return Ok(()) };
    let details: domain::client::ClientDetails =
        serde_json::from_str(&body).map_err(|e| StoreError::Corrupt(format!("client body: {e}")))?;
    let service: Option<String> = sqlx::query_scalar("SELECT body FROM entities WHERE kind = 'service' AND id = $1")
        .bind(&referral.service)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db)?;
    let classes: Vec<String> = service
        .and_then(|b| serde_json::from_str::<serde_json::Value>(&b).ok())
        .and_then(|v| serde_json::from_value(v["service_classes"].clone()).ok())
        .unwrap_or_default();
    let Some(event) = app::monitoring::referral_event(&details, referral, &classes, &request.pseudonyms) else {
        return Ok(());
    };
    let out = insert_rows(tx, &[EventRow::new(event)], "polku", &time(request.at)).await?;
    match out.conflicts.first() {
        Some(id) => Err(StoreError::Corrupt(format!("monitoring event {id} was stored before with other content"))),
        None => Ok(()),
    }
}

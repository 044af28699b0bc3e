//! Capacity and waiting lists in SQL: [`app::capacity::CapacityStore`]. An import is one
//! transaction; a waiting-list change is conditional on the revision it was read at.

use crate::clients::{date, get, parse_time};
use crate::{SqlStore, db, time};
use app::capacity::{
    AppointmentsRow, CapacityBatch, CapacityStore, CapacityView, PlacesRow, VoucherRow, WaitingChange, WaitingEntry,
    WaitingRow,
};
use app::store::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn opt_day(s: Option<String>) -> Result<Option<NaiveDate>, StoreError> {
    s.as_deref().map(date).transpose()
}

fn waiting(r: &AnyRow) -> Result<WaitingEntry, StoreError> {
    Ok(WaitingEntry {
        id: get(r, "id")?,
        row: WaitingRow {
            unit: get(r, "unit_id")?,
            service: get(r, "service_id")?,
            reference: get(r, "reference")?,
            priority: get::<i64>(r, "priority")? as u8,
            decided_on: date(&get::<String>(r, "decided_on")?)?,
            entered_on: date(&get::<String>(r, "entered_on")?)?,
            left_on: opt_day(get(r, "left_on")?)?,
            placed: get::<i64>(r, "placed")? != 0,
        },
        revision: get(r, "revision")?,
        updated_by: get(r, "updated_by")?,
        updated_at: parse_time(&get::<String>(r, "updated_at")?)?,
        deadline: None,
        overdue: false,
    })
}

fn places_row(r: &AnyRow) -> Result<PlacesRow, StoreError> {
    Ok(PlacesRow {
        unit: get(r, "unit_id")?,
        kind: get(r, "kind")?,
        as_of: date(&get::<String>(r, "as_of")?)?,
        places: get::<i64>(r, "places")? as u32,
        occupied: get::<i64>(r, "occupied")? as u32,
    })
}

/// Runs `sql` with `first` as `$1` and the units as `$2…`.
async fn rows_for(pool: &sqlx::AnyPool, sql: &str, first: &str, units: &[String]) -> Result<Vec<AnyRow>, StoreError> {
    let mut q = sqlx::query(sql).bind(first.to_owned());
    for u in units {
        q = q.bind(u.clone());
    }
    q.fetch_all(pool).await.map_err(db)
}

const WAITING: &str = "SELECT id, unit_id, service_id, reference, priority, decided_on, entered_on, left_on, placed, \
                       revision, updated_by, updated_at FROM waiting_entries";

/// `unit_id IN ($2, $3, …)` for `n` units after `first` other parameters; all when none.
fn units_filter(n: usize, first: usize) -> String {
    if n == 0 {
        return "1 = 1".into();
    }
    let list: Vec<String> = (0..n).map(|i| format!("${}", first + 1 + i)).collect();
    format!("unit_id IN ({})", list.join(", "))
}

#[async_trait]
impl CapacityStore for SqlStore {
    async fn import(&self, batch: &CapacityBatch, by: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        let at = time(at);
        let mut tx = self.pool.begin().await.map_err(db)?;
        for p in &batch.places {
            sqlx::query("DELETE FROM unit_places WHERE unit_id = $1 AND kind = $2 AND as_of = $3")
                .bind(&p.unit)
                .bind(&p.kind)
                .bind(day(p.as_of))
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            sqlx::query(
                "INSERT INTO unit_places (unit_id, kind, as_of, places, occupied, recorded_by, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&p.unit)
            .bind(&p.kind)
            .bind(day(p.as_of))
            .bind(p.places as i64)
            .bind(p.occupied as i64)
            .bind(by)
            .bind(&at)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        for a in &batch.appointments {
            sqlx::query("DELETE FROM appointment_supply WHERE unit_id = $1 AND service_id = $2 AND as_of = $3")
                .bind(&a.unit)
                .bind(&a.service)
                .bind(day(a.as_of))
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            let free: Vec<String> = a.free_times.iter().map(|d| day(*d)).collect();
            sqlx::query(
                "INSERT INTO appointment_supply (unit_id, service_id, as_of, t3_days, free_times, recorded_by, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&a.unit)
            .bind(&a.service)
            .bind(day(a.as_of))
            .bind(a.t3_days.map(f64::from))
            .bind(serde_json::to_string(&free).unwrap_or_default())
            .bind(by)
            .bind(&at)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        for w in &batch.waiting {
            let existing: Option<(String,)> = sqlx::query_as(
                "SELECT id FROM waiting_entries WHERE unit_id = $1 AND service_id = $2 AND reference = $3",
            )
            .bind(&w.unit)
            .bind(&w.service)
            .bind(&w.reference)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
            let id = existing.map(|e| e.0).unwrap_or_else(|| app::clients::new_id("waiting"));
            sqlx::query("DELETE FROM waiting_entries WHERE id = $1").bind(&id).execute(&mut *tx).await.map_err(db)?;
            sqlx::query(
                "INSERT INTO waiting_entries (id, unit_id, service_id, reference, priority, decided_on, entered_on, \
                 left_on, placed, revision, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $11)",
            )
            .bind(&id)
            .bind(&w.unit)
            .bind(&w.service)
            .bind(&w.reference)
            .bind(w.priority as i64)
            .bind(day(w.decided_on))
            .bind(day(w.entered_on))
            .bind(w.left_on.map(day))
            .bind(w.placed as i64)
            .bind(by)
            .bind(&at)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        for v in &batch.vouchers {
            sqlx::query("DELETE FROM voucher_terms WHERE unit_id = $1 AND service_id = $2 AND as_of = $3")
                .bind(&v.unit)
                .bind(&v.service)
                .bind(day(v.as_of))
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            sqlx::query(
                "INSERT INTO voucher_terms (unit_id, service_id, as_of, price, voucher_value, recorded_by, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&v.unit)
            .bind(&v.service)
            .bind(day(v.as_of))
            .bind(f64::from(v.price))
            .bind(f64::from(v.voucher_value))
            .bind(by)
            .bind(&at)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        tx.commit().await.map_err(db)
    }

    async fn view(&self, units: &[String], on: NaiveDate) -> Result<CapacityView, StoreError> {
        let today = day(on);
        let window = day(on - chrono::Duration::days(app::capacity::TURNOVER_DAYS));
        let filter = units_filter(units.len(), 1);
        // The newest row of each unit and kind (service) on or before the day.
        let places_sql = format!(
            "SELECT unit_id, kind, as_of, places, occupied FROM unit_places p WHERE {filter} AND as_of <= $1 \
             AND as_of = (SELECT MAX(as_of) FROM unit_places q WHERE q.unit_id = p.unit_id AND q.kind = p.kind AND q.as_of <= $1)"
        );
        let places = rows_for(&self.pool, &places_sql, &today, units)
            .await?
            .iter()
            .map(places_row)
            .collect::<Result<_, StoreError>>()?;
        let appointments_sql = format!(
            "SELECT unit_id, service_id, as_of, t3_days, free_times FROM appointment_supply p WHERE {filter} AND as_of <= $1 \
             AND as_of = (SELECT MAX(as_of) FROM appointment_supply q WHERE q.unit_id = p.unit_id \
             AND q.service_id = p.service_id AND q.as_of <= $1)"
        );
        let appointments = rows_for(&self.pool, &appointments_sql, &today, units)
            .await?
            .iter()
            .map(|r| {
                let free: Vec<String> = serde_json::from_str(&get::<String>(r, "free_times")?)
                    .map_err(|e| StoreError::Corrupt(format!("free times: {e}")))?;
                Ok(AppointmentsRow {
                    unit: get(r, "unit_id")?,
                    service: get(r, "service_id")?,
                    as_of: date(&get::<String>(r, "as_of")?)?,
                    t3_days: get::<Option<f64>>(r, "t3_days")?.map(|d| d as f32),
                    free_times: free.iter().map(|d| date(d)).collect::<Result<_, _>>()?,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        let waiting_sql = format!(
            "{WAITING} WHERE {filter} AND (left_on IS NULL OR left_on > $1) ORDER BY unit_id, service_id, priority, decided_on"
        );
        let waiting =
            rows_for(&self.pool, &waiting_sql, &window, units).await?.iter().map(waiting).collect::<Result<_, _>>()?;
        let vouchers_sql = format!(
            "SELECT unit_id, service_id, as_of, price, voucher_value FROM voucher_terms p WHERE {filter} AND as_of <= $1 \
             AND as_of = (SELECT MAX(as_of) FROM voucher_terms q WHERE q.unit_id = p.unit_id \
             AND q.service_id = p.service_id AND q.as_of <= $1)"
        );
        let vouchers = rows_for(&self.pool, &vouchers_sql, &today, units)
            .await?
            .iter()
            .map(|r| {
                Ok(VoucherRow {
                    unit: get(r, "unit_id")?,
                    service: get(r, "service_id")?,
                    as_of: date(&get::<String>(r, "as_of")?)?,
                    price: get::<f64>(r, "price")? as f32,
                    voucher_value: get::<f64>(r, "voucher_value")? as f32,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(CapacityView { places, appointments, waiting, vouchers })
    }

    async fn waiting_entry(&self, id: &str) -> Result<Option<WaitingEntry>, StoreError> {
        let row =
            sqlx::query(&format!("{WAITING} WHERE id = $1")).bind(id).fetch_optional(&self.pool).await.map_err(db)?;
        row.as_ref().map(waiting).transpose()
    }

    async fn change_waiting(
        &self,
        id: &str,
        revision: i64,
        change: &WaitingChange,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<WaitingEntry, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let done = sqlx::query(
            "UPDATE waiting_entries SET priority = COALESCE($3, priority), left_on = COALESCE($4, left_on), \
             placed = COALESCE($5, placed), revision = revision + 1, updated_by = $6, updated_at = $7 \
             WHERE id = $1 AND revision = $2",
        )
        .bind(id)
        .bind(revision)
        .bind(change.priority.map(i64::from))
        .bind(change.left_on.map(day))
        .bind(change.placed.map(i64::from))
        .bind(by)
        .bind(time(at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let row =
            sqlx::query(&format!("{WAITING} WHERE id = $1")).bind(id).fetch_optional(&mut *tx).await.map_err(db)?;
        let Some(entry) = row.as_ref().map(waiting).transpose()? else {
            return Err(StoreError::Corrupt(format!("waiting entry {id} vanished")));
        };
        if done.rows_affected() == 0 {
            return Err(StoreError::StaleRecord {
                kind: "waiting entry",
                id: id.into(),
                expected: revision,
                current: entry.revision,
            });
        }
        tx.commit().await.map_err(db)?;
        Ok(entry)
    }

    async fn places_history(&self, unit: &str) -> Result<Vec<PlacesRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT unit_id, kind, as_of, places, occupied FROM unit_places WHERE unit_id = $1 ORDER BY as_of, kind",
        )
        .bind(unit)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(places_row).collect()
    }
}

//! Monitoring on SQLite and PostgreSQL, with two servers on one database: an import is
//! idempotent by event id and all or nothing; an id reused with other content refuses the
//! batch; the other server's figures equal the first's; and every indicator's SQL gives
//! the same counts on the database as in the column engine (DataFusion).

use app::monitoring::{EventRow, IndicatorQuery, MonitoringStore};
use app::store::Actor;
use app::{FixedClock, Polku};
use monitor::{Dim, INDICATORS, Period, Slice};
use std::sync::Arc;
use store_sql::SqlStore;

async fn server(store: Arc<SqlStore>) -> Arc<Polku> {
    let clock = Arc::new(FixedClock("2026-12-07T10:00:00Z".parse().unwrap()));
    let polku = Polku::open(store.clone(), store.clone(), store.clone(), clock).await.unwrap();
    Arc::new(polku.with_capacity(store.clone()).with_paths(store.clone()).with_monitoring(store))
}

/// A slice of the demo county's synthetic year: every fiftieth event (about 40,000).
fn sample() -> Vec<domain::event::Event> {
    let population = app::monitoring::demo_population();
    let ages: Vec<monitor::synthetic::AgeRow> = population
        .iter()
        .map(|(m, a, c)| monitor::synthetic::AgeRow { municipality: m.clone(), age: *a, count: *c })
        .collect();
    let areas = monitor::synthetic::parse_areas(app::monitoring::DEMO_AREAS).unwrap();
    let all = monitor::synthetic::generate(
        &ages,
        &areas,
        &monitor::synthetic::demo_sites(),
        &monitor::synthetic::Config { year: 2026, seed: 7 },
    );
    all.into_iter().step_by(50).collect()
}

async fn monitoring_on_one_database(a: SqlStore, b: SqlStore) {
    let (a, b) = (Arc::new(a), Arc::new(b));
    let one = server(a.clone()).await;
    one.load_demo().await.unwrap();
    one.publish_population().await.unwrap();
    let two = server(b.clone()).await;
    let csv = "id,at,kind,client,age,municipality,group,urgent,started_at,unit\n\
               x1,2026-03-02T10:00,visit,c1,30,638,primary_doctor,false,2026-02-27T09:00,unit-porvoo-health-station\n\
               x2,2026-03-03T10:00,visit,c2,30,638,primary_doctor,false,2026-03-01T09:00,unit-nowhere\n";
    let admin = Actor::Cli("test".into());
    let r = one.import_events(csv.as_bytes(), app::monitoring::Format::Csv, &admin, false).await.unwrap();
    assert_eq!((r.inserted, r.duplicates, r.written), (2, 0, true), "{r:?}");
    assert_eq!(r.unknown_units.get("unit-nowhere"), Some(&1), "kept and reported");
    // The same file on the other server: nothing new.
    let r = two.import_events(csv.as_bytes(), app::monitoring::Format::Csv, &admin, false).await.unwrap();
    assert_eq!((r.inserted, r.duplicates), (0, 2), "{r:?}");
    // An id reused with other content refuses the batch, the new event in it included.
    let clash = "id,at,kind,client,age,municipality,group\nx3,2026-03-04T10:00,visit,c3,40,638,primary_nurse\n\
                 x1,2026-03-02T11:00,visit,c1,30,638,primary_doctor\n";
    let r = two.import_events(clash.as_bytes(), app::monitoring::Format::Csv, &admin, false).await.unwrap();
    assert!(!r.written && r.refused.iter().any(|p| p.field.starts_with("x1")), "{r:?}");
    // A bad line: nothing written, the line named.
    let bad = "id,at,kind,client,age,municipality,group\nx4,2026-03-04T10:00,visit,c4,40,638,primary_nurse\n\
               x5,yesterday,visit,c5,40,638,primary_nurse\n";
    let r = two.import_events(bad.as_bytes(), app::monitoring::Format::Csv, &admin, false).await.unwrap();
    assert!(!r.written && r.refused.iter().any(|p| p.field == "line 3: at"), "{r:?}");
    assert_eq!(b.events_after(0, 100).await.unwrap().len(), 2, "only x1 and x2 are stored");
    // The synthetic year resumes from its last whole batch by asking for one id.
    assert!(b.has_event("x1").await.unwrap());
    assert!(!b.has_event("x4").await.unwrap(), "the refused batch left nothing");

    // A sample of the synthetic year, stored through the store, then every indicator's
    // counts from the database's own SQL equal the engine's.
    let rows: Vec<EventRow> = sample().into_iter().map(EventRow::new).collect();
    let stored = a.insert_events(&rows, "synthetic", "2026-12-07T10:00:00Z".parse().unwrap()).await.unwrap();
    assert_eq!(stored.inserted, rows.len());
    let engine = two.monitoring_engine().await.unwrap();
    assert_eq!(engine.rows(), rows.len() + 2);
    let (from, to) = engine.span().unwrap();
    for indicator in INDICATORS {
        for by in [vec![], vec![Dim::Municipality]] {
            if by.iter().any(|d| !indicator.allows(*d)) {
                continue;
            }
            let slice =
                Slice { by: by.clone(), period: Some(Period::Month), from_day: from, to_day: to, filters: vec![] };
            let sql = monitor::indicators::sql(indicator, &slice);
            let mut in_db =
                b.indicator_rows(&sql, by.len()).await.unwrap_or_else(|e| panic!("{}: {e}\n{sql}", indicator.id));
            let batches = engine.query(&sql).await.unwrap();
            let mut in_engine = Vec::new();
            for batch in &batches {
                use datafusion_arrow::*;
                in_engine.extend(rows_of(batch, by.len()));
            }
            let key = |r: &(Vec<String>, i64, f64, f64, f64)| (r.0.clone(), r.1);
            in_db.sort_by_key(key);
            in_engine.sort_by_key(key);
            assert_eq!(in_db.len(), in_engine.len(), "{}", indicator.id);
            for (d, e) in in_db.iter().zip(&in_engine) {
                assert_eq!((&d.0, d.1), (&e.0, e.1), "{}", indicator.id);
                for (x, y) in [(d.2, e.2), (d.3, e.3), (d.4, e.4)] {
                    assert!((x - y).abs() <= 1e-6 * x.abs().max(1.0), "{} {:?}: {x} != {y}", indicator.id, d.0);
                }
            }
        }
    }
    // The same figures on both servers.
    let q = IndicatorQuery { by: vec![Dim::Municipality], period: Some(Period::Month), ..Default::default() };
    let v1 = one.indicator("primary_visit_14d", &q).await.unwrap();
    let v2 = two.indicator("primary_visit_14d", &q).await.unwrap();
    assert_eq!(v1.table, v2.table);
    assert!(v1.table.cells.iter().any(|c| c.value.is_some()));
}

mod datafusion_arrow {
    use datafusion::arrow::array::{Array, AsArray};
    use datafusion::arrow::compute::cast;
    use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type};
    use datafusion::arrow::record_batch::RecordBatch;

    pub fn rows_of(batch: &RecordBatch, keys: usize) -> Vec<(Vec<String>, i64, f64, f64, f64)> {
        let text: Vec<_> = (0..keys).map(|i| cast(batch.column(i), &DataType::Utf8).unwrap()).collect();
        let period = cast(batch.column(keys), &DataType::Int64).unwrap();
        let num: Vec<_> = (1..4).map(|i| cast(batch.column(keys + i), &DataType::Float64).unwrap()).collect();
        (0..batch.num_rows())
            .map(|r| {
                let k = text
                    .iter()
                    .map(|t| {
                        let t = t.as_string::<i32>();
                        if t.is_null(r) { String::new() } else { t.value(r).to_owned() }
                    })
                    .collect();
                let n = |i: usize| {
                    let a = num[i].as_primitive::<Float64Type>();
                    if a.is_null(r) { 0.0 } else { a.value(r) }
                };
                (k, period.as_primitive::<Int64Type>().value(r), n(0), n(1), n(2))
            })
            .collect()
    }
}

#[tokio::test]
async fn sqlite_monitoring() {
    let (a, dir) = testkit_sql::fresh_sqlite().await;
    let b = SqlStore::open_data_dir(&dir.0).await.unwrap();
    monitoring_on_one_database(a, b).await;
}

#[tokio::test]
async fn postgres_monitoring() {
    let Some(url) = testkit_sql::fresh_postgres_url("monitoring").await else { return };
    let a = SqlStore::connect(&url).await.unwrap();
    let b = SqlStore::connect(&url).await.unwrap();
    monitoring_on_one_database(a, b).await;
}

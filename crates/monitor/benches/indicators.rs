//! The demo county's synthetic year (about two million events) in the column engine:
//! every indicator for the county by month, and one indicator by municipality × month.
//! `cargo bench -p monitor --bench indicators` (see BENCHMARKS.md, "Monitoring").

use criterion::{Criterion, criterion_group, criterion_main};
use monitor::columns::{BATCH_ROWS, EventColumns, need_batch, population_batch};
use monitor::synthetic::{Config, demo_sites, generate, parse_ages, parse_areas};
use monitor::{Dim, Engine, INDICATORS, Period, Slice, indicator};
use std::collections::HashMap;
use std::time::Instant;

fn engine() -> Engine {
    let ages = parse_ages(include_str!("../../../data/population/demo-county-age-sex.tsv")).unwrap();
    let areas = parse_areas(include_str!("../../../data/access/demo-postal-areas.tsv")).unwrap();
    let t = Instant::now();
    let events = generate(&ages, &areas, &demo_sites(), &Config::default());
    eprintln!("generated {} events in {:.2?}", events.len(), t.elapsed());
    let t = Instant::now();
    let (mut clients, mut pros) = (HashMap::new(), HashMap::new());
    let mut cols = EventColumns::new();
    let mut batches = Vec::new();
    for e in &events {
        let n = clients.len() as i32;
        let c = (!e.client.is_empty()).then(|| *clients.entry(e.client.as_str()).or_insert(n));
        let n = pros.len() as i32;
        let p = e.professional.as_deref().map(|x| *pros.entry(x).or_insert(n));
        cols.push(e, &e.derived(), c, p);
        if cols.len() >= BATCH_ROWS {
            batches.push(cols.finish());
        }
    }
    batches.push(cols.finish());
    eprintln!("built the columns in {:.2?}", t.elapsed());
    let population: Vec<(String, u8, u32)> = ages.iter().map(|r| (r.municipality.clone(), r.age, r.count)).collect();
    let need = need_batch(&[("638".into(), 1.0)]);
    Engine::new(batches, population_batch(&population), need, 2).unwrap()
}

fn bench(c: &mut Criterion) {
    let engine = engine();
    let (from_day, to_day) = engine.span().unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).build().unwrap();
    let month = Slice { by: vec![], period: Some(Period::Month), from_day, to_day, filters: vec![] };
    let mut group = c.benchmark_group("monitoring");
    group.sample_size(10);
    group.bench_function("all indicators, county by month", |b| {
        b.iter(|| {
            rt.block_on(async {
                for i in INDICATORS {
                    engine.compute(i, &month).await.unwrap();
                }
            })
        })
    });
    let sliced = Slice { by: vec![Dim::Municipality], ..month.clone() };
    for id in ["primary_visit_14d", "child_protection_7wd", "continuity_coc", "emergency_revisit_48h"] {
        let i = indicator(id).unwrap();
        group.bench_function(format!("{id} by municipality x month"), |b| {
            b.iter(|| rt.block_on(engine.compute(i, &sliced)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! The search engine alone on the national-size synthetic catalog (20,000 services, 60,000
//! units; `app::synthetic`, compiled in here so that this runs without the application's
//! dependencies): the latency of a mixed stream of residents' queries, with the top-k search
//! and with every match scored. One core, in-process.
//!
//! Run: cargo run --release -p search --example national

use chrono::NaiveDate;
use domain::{CatalogDocument, Lang, Reference};
use search::{Filters, Query, SearchIndex, Sort};
use std::hint::black_box;
use std::time::{Duration, Instant};

mod error {
    #[derive(Debug)]
    pub enum AppError {
        Invalid(#[allow(dead_code)] Vec<domain::Problem>),
        Internal(#[allow(dead_code)] String),
    }
}

mod demo {
    use crate::error::AppError;
    const PARTS: [&str; 4] = [
        include_str!("../../../data/demo/organizations.json"),
        include_str!("../../../data/demo/units.json"),
        include_str!("../../../data/demo/channels.json"),
        include_str!("../../../data/demo/services.json"),
    ];
    pub fn document() -> Result<super::CatalogDocument, AppError> {
        let mut whole: Option<super::CatalogDocument> = None;
        for json in PARTS {
            let part: super::CatalogDocument =
                serde_json::from_str(json).map_err(|e| AppError::Internal(e.to_string()))?;
            match &mut whole {
                None => whole = Some(part),
                Some(doc) => {
                    doc.organizations.extend(part.organizations);
                    doc.units.extend(part.units);
                    doc.channels.extend(part.channels);
                    doc.services.extend(part.services);
                }
            }
        }
        whole.ok_or_else(|| AppError::Internal("no demo data".into()))
    }
}

#[allow(dead_code)]
#[path = "../../app/src/synthetic.rs"]
mod synthetic;

/// The queries of `crates/app/benches/search.rs` and of `bench/search.lua`.
fn queries() -> Vec<Query> {
    let base = |text: &str, lang| Query {
        text: text.into(),
        lang,
        on: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default(),
        filters: Filters::default(),
        sort: Sort::Relevance,
        page: 1,
        per_page: 20,
    };
    let mut list: Vec<Query> = [
        ("kotihoito", Lang::Fi),
        ("terveysasema", Lang::Fi),
        ("kotihoidon", Lang::Fi),
        ("hemvården", Lang::Sv),
        ("home care", Lang::En),
        ("hammas", Lang::Fi),
        ("hammashoitola porvoo", Lang::Fi),
        ("kotihoitp", Lang::Fi),
        ("neuvolaan", Lang::Fi),
        ("mielenterveys nuoret", Lang::Fi),
        ("barnskyddet", Lang::Sv),
        ("omaishoidon tuki tampere", Lang::Fi),
        ("toimeentulotuki", Lang::Fi),
        ("", Lang::Fi),
    ]
    .into_iter()
    .map(|(q, l)| base(q, l))
    .collect();
    let mut filtered = base("kotihoito", Lang::Fi);
    filtered.filters.municipality = Some("837".into());
    list.push(filtered);
    let mut near = base("terveysasema", Lang::Fi);
    near.sort = Sort::Distance { lat: 61.4978, lon: 23.7610 };
    list.push(near);
    let mut open = base("", Lang::Fi);
    open.filters.open_at = NaiveDate::from_ymd_opt(2026, 11, 23).and_then(|d| d.and_hms_opt(12, 0, 0));
    open.filters.target_group = Some("KR1.1".into());
    list.push(open);
    list
}

fn run(label: &str, index: &SearchIndex, queries: &[Query], search: impl Fn(&SearchIndex, &Query)) {
    // Warm the expansion cache and the per-thread scratch.
    for q in queries {
        search(index, q);
    }
    let rounds = 20_000;
    let mut samples = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let query = &queries[round % queries.len()];
        let t = Instant::now();
        search(index, query);
        samples.push(t.elapsed());
    }
    let mut per_query: Vec<(String, Duration)> = queries
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let mut own: Vec<_> = samples.iter().skip(i).step_by(queries.len()).copied().collect();
            own.sort();
            let kind = format!(
                "{:?} {}{}{}",
                q.text,
                q.lang.code(),
                if q.filters == Filters::default() { "" } else { " +filters" },
                if matches!(q.sort, Sort::Distance { .. }) { " +near" } else { "" }
            );
            (kind, own[own.len() / 2])
        })
        .collect();
    per_query.sort_by_key(|(_, d)| std::cmp::Reverse(*d));
    println!("\n{label}: median per query kind (slowest first)");
    for (name, median) in &per_query {
        println!("  {median:>12.3?}  {name}");
    }
    let mean = samples.iter().sum::<Duration>() / samples.len() as u32;
    samples.sort();
    let at = |p: f64| samples[((samples.len() as f64 * p) as usize).min(samples.len() - 1)];
    println!(
        "{label}: {} queries, mean {mean:?}, p50 {:?}, p90 {:?}, p99 {:?}, max {:?}",
        samples.len(),
        at(0.5),
        at(0.9),
        at(0.99),
        samples[samples.len() - 1]
    );
}

fn main() {
    let catalog = synthetic::catalog(20_000, 60_000, 42).expect("synthetic catalog");
    let started = Instant::now();
    let index = SearchIndex::build(&catalog, Reference::get());
    println!("index of {} services built in {:?}", index.len(), started.elapsed());
    let queries = queries();
    run("top-k (search)", &index, &queries, |i, q| {
        black_box(i.search(q));
    });
    run("every match scored (search_exhaustive)", &index, &queries, |i, q| {
        black_box(i.search_exhaustive(q));
    });
}

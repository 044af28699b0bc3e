//! Search at the size of Finland's whole public catalog: 20,000 services and
//! 60,000 units (synthetic, from the demo county). Criterion measures each query
//! kind and the index build; a second pass prints the latency distribution
//! (p50/p99) over a mixed stream of residents' queries.
//!
//! Run: cargo bench -p app --bench search

use app::synthetic;
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group};
use domain::Lang;
use domain::reference::Reference;
use search::{Filters, Query, SearchIndex, Sort};
use std::hint::black_box;
use std::time::Instant;

const SERVICES: usize = 20_000;
const UNITS: usize = 60_000;

/// (query, language, filters) as residents and navigators type them.
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

fn bench(c: &mut Criterion) {
    let catalog = synthetic::catalog(SERVICES, UNITS, 42).expect("synthetic catalog");
    let reference = Reference::get();
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.bench_function("build 20k services", |b| b.iter(|| SearchIndex::build(black_box(&catalog), reference)));
    group.finish();

    let index = SearchIndex::build(&catalog, reference);
    let mut group = c.benchmark_group("search 20k");
    for query in queries() {
        let name = format!(
            "{:?} {}{}{}",
            query.text,
            query.lang.code(),
            if query.filters == Filters::default() { "" } else { " +filters" },
            if matches!(query.sort, Sort::Distance { .. }) { " +near" } else { "" }
        );
        group.bench_function(name, |b| b.iter(|| index.search(black_box(&query))));
    }
    group.finish();
}

/// Latency distribution over a mixed stream of queries (one core, in-process), with the
/// top-k search and with every match scored (the reference it is held to).
fn percentiles() {
    let catalog = synthetic::catalog(SERVICES, UNITS, 42).expect("synthetic catalog");
    let started = Instant::now();
    let index = SearchIndex::build(&catalog, Reference::get());
    let build = started.elapsed();
    let queries = queries();
    for (label, exhaustive) in [("top-k (search)", false), ("every match scored (search_exhaustive)", true)] {
        let mut samples = Vec::with_capacity(10_000);
        for round in 0..10_000 {
            let query = &queries[round % queries.len()];
            let t = Instant::now();
            if exhaustive {
                black_box(index.search_exhaustive(query));
            } else {
                black_box(index.search(query));
            }
            samples.push(t.elapsed());
        }
        let mut per_query: Vec<(String, std::time::Duration)> = queries
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let mut own: Vec<_> = samples.iter().skip(i).step_by(queries.len()).copied().collect();
                own.sort();
                (
                    format!(
                        "{:?}{}{}",
                        q.text,
                        if q.filters == Filters::default() { "" } else { " +filters" },
                        if matches!(q.sort, Sort::Distance { .. }) { " +near" } else { "" }
                    ),
                    own[own.len() / 2],
                )
            })
            .collect();
        per_query.sort_by_key(|(_, d)| std::cmp::Reverse(*d));
        println!("\n{label}: median per query kind (slowest first):");
        for (name, median) in &per_query {
            println!("  {median:>12.3?}  {name}");
        }
        samples.sort();
        let at = |p: f64| samples[((samples.len() as f64 * p) as usize).min(samples.len() - 1)];
        let mean = samples.iter().sum::<std::time::Duration>() / samples.len() as u32;
        println!(
            "\n{label}, mixed stream of {} queries over {SERVICES} services / {UNITS} units: mean {mean:?}, p50 {:?}, p90 {:?}, p99 {:?}, max {:?}; index build {:?}; vocabulary fi/sv/en {:?}",
            samples.len(),
            at(0.50),
            at(0.90),
            at(0.99),
            samples[samples.len() - 1],
            build,
            index.vocabulary_sizes()
        );
    }
}

criterion_group!(benches, bench);

fn main() {
    percentiles();
    benches();
    Criterion::default().configure_from_args().final_summary();
}

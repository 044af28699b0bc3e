//! Eligibility benchmarks (see BENCHMARKS.md):
//!
//! - all of the demo county's rules (16 services × 7 municipalities) over a
//!   synthetic population of 1,000,000 and 5,600,000 persons, column-wise;
//! - the same over 1,000,000 persons with the per-person interpreter;
//! - one person's full decision with explanations;
//! - reading 1,000,000 persons from CSV into columns (one and two threads),
//!   and today's counts with fee revenue (`polku simulate` without a proposal);
//! - one client's fee with its explanation.
//!
//! Run: `cargo bench -p rules --bench eligibility`. Single-threaded except where a
//! benchmark's name says 2 threads.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use domain::text::Lang;
use rules::RuleBook;
use rules::ast::{Cond, Node};
use rules::columns::{Population, evaluate, evaluate_on};
use rules::facts::Fact;
use rules::fees::{FeeBook, FeeInput};
use rules::input::{read_csv, write_csv_header, write_csv_row};
use rules::person::{Person, Value};
use rules::population::{generate_vec, parse_age_sex, scale};

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn book() -> RuleBook {
    let mut files = Vec::new();
    for set in ["today", "proposals"] {
        let dir = repo().join("data/rules").join(set);
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            files.push((p.display().to_string(), std::fs::read_to_string(&p).unwrap()));
        }
    }
    let (book, diags) = RuleBook::parse(files.iter().map(|(n, s)| (n.as_str(), s.as_str())));
    assert!(diags.is_empty(), "{diags:?}");
    book
}

fn people(size: u64) -> Vec<Person> {
    let table = std::fs::read_to_string(repo().join("data/population/demo-county-age-sex.tsv")).unwrap();
    generate_vec(&scale(&parse_age_sex(&table).unwrap(), size), 2026)
}

fn leaves(c: &Cond) -> u64 {
    match &c.node {
        Node::All(cs) | Node::Any(cs) => cs.iter().map(leaves).sum(),
        Node::Not(c) => leaves(c),
        _ => 1,
    }
}

/// Leaf conditions the column-wise evaluator computes for a population (every leaf, every person).
fn condition_evaluations(scenario: &rules::Scenario<'_>, pop: &Population) -> u64 {
    let mut n = 0;
    for s in &scenario.services {
        for m in pop.municipalities() {
            if let rules::book::Selection::Rule(r) = s.select(m) {
                n += leaves(&r.when) * pop.municipality_rows(m).len() as u64;
            }
        }
    }
    n
}

fn bench(c: &mut Criterion) {
    let book = book();
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let today = book.scenario(None, day).unwrap();
    println!(
        "rules: {} services, {} rules in force today",
        today.services.len(),
        today.services.iter().map(|s| s.rules().count()).sum::<usize>()
    );

    let one_million = people(1_000_000);
    let started = Instant::now();
    let pop = Population::from_persons(&one_million);
    println!("1,000,000 persons into columns: {:.0} ms", started.elapsed().as_secs_f64() * 1e3);
    let evals = condition_evaluations(&today, &pop);

    let mut group = c.benchmark_group("population");
    group.sample_size(10);
    group.bench_function("column-wise, all rules, 1,000,000 persons", |b| b.iter(|| black_box(evaluate(&today, &pop))));
    group.bench_function("column-wise, all rules, 1,000,000 persons, 2 threads", |b| {
        b.iter(|| black_box(evaluate_on(&today, &pop, 2)))
    });
    group.bench_function("per-person interpreter, all rules, 1,000,000 persons", |b| {
        b.iter(|| {
            let mut statuses = Vec::new();
            let mut eligible = 0usize;
            for p in &one_million {
                today.statuses(p, &mut statuses);
                eligible += statuses.iter().filter(|s| **s == rules::Status::Eligible).count();
            }
            black_box(eligible)
        })
    });
    group.finish();

    // A summary with rates, from a few plain timed runs (median).
    let median = |f: &mut dyn FnMut()| {
        let mut times: Vec<f64> = (0..5)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .collect();
        times.sort_by(f64::total_cmp);
        times[2]
    };
    let columns = median(&mut || {
        black_box(evaluate(&today, &pop));
    });
    let interpreter = median(&mut || {
        let mut statuses = Vec::new();
        for p in &one_million {
            today.statuses(p, &mut statuses);
            black_box(&statuses);
        }
    });
    println!(
        "1,000,000 persons: column-wise {:.0} ms ({:.2} G condition evaluations/s), per-person interpreter {:.0} ms: column-wise {:.1}x faster",
        columns * 1e3,
        evals as f64 / columns / 1e9,
        interpreter * 1e3,
        interpreter / columns
    );
    // From CSV bytes (the file `polku population generate` writes) to columns.
    let mut csv = String::new();
    write_csv_header(&mut csv);
    for p in &one_million {
        write_csv_row(&mut csv, p);
    }
    println!("1,000,000 persons as CSV: {:.1} MB", csv.len() as f64 / 1e6);
    let mut group = c.benchmark_group("population");
    group.sample_size(10);
    group.throughput(criterion::Throughput::Bytes(csv.len() as u64));
    for threads in [1, 2] {
        group.bench_function(format!("CSV to columns, 1,000,000 persons, {threads} thread(s)"), |b| {
            b.iter(|| black_box(read_csv(csv.as_bytes(), threads).unwrap()))
        });
    }
    let fees = fee_book();
    group.bench_function("today's counts, costs and fee revenue, 1,000,000 persons", |b| {
        b.iter(|| black_box(rules::simulate::baseline(&book, &fees, day, &pop).unwrap()))
    });
    group.finish();
    drop(csv);
    drop(one_million);

    let all_finland = people(5_600_000);
    let big = Population::from_persons(&all_finland);
    drop(all_finland);
    let evals_big = condition_evaluations(&today, &big);
    let mut group = c.benchmark_group("population");
    group.sample_size(10);
    group.bench_function("column-wise, all rules, 5,600,000 persons", |b| b.iter(|| black_box(evaluate(&today, &big))));
    group.bench_function("column-wise, all rules, 5,600,000 persons, 2 threads", |b| {
        b.iter(|| black_box(evaluate_on(&today, &big, 2)))
    });
    group.finish();
    let columns_big = median(&mut || {
        black_box(evaluate(&today, &big));
    });
    println!(
        "5,600,000 persons: column-wise {:.0} ms ({:.2} G condition evaluations/s)",
        columns_big * 1e3,
        evals_big as f64 / columns_big / 1e9
    );
    drop(big);

    // One person, every service, with explanations.
    let person = Person::default()
        .with(Fact::Age, Value::Number(83.5))
        .with(Fact::Municipality, Value::Choice(638))
        .with(Fact::RaiMaple, Value::Number(3.0))
        .with(Fact::LivesAlone, Value::Flag(true))
        .with(Fact::Income, Value::Number(1650.0))
        .with(Fact::HasInformalCarer, Value::Flag(false));
    c.bench_function("one person, all services, with explanations (fi)", |b| {
        b.iter(|| black_box(today.decide(black_box(&person), Lang::Fi)))
    });
    let input = FeeInput { household_size: 2, income: 3000.0, hours_per_month: 25.0, units_per_month: 0.0 };
    let fee_day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    c.bench_function("one client's home care fee, with explanation (fi)", |b| {
        b.iter(|| black_box(fees.fee("svc-home-care", fee_day, black_box(&input), Lang::Fi).unwrap()))
    });
}

fn fee_book() -> FeeBook {
    let mut files = Vec::new();
    for e in std::fs::read_dir(repo().join("data/rules/fees")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "fees") {
            files.push((p.display().to_string(), std::fs::read_to_string(&p).unwrap()));
        }
    }
    let (book, diags) = FeeBook::parse(files.iter().map(|(n, s)| (n.as_str(), s.as_str())));
    assert!(diags.is_empty(), "{diags:?}");
    book
}

criterion_group!(benches, bench);
criterion_main!(benches);

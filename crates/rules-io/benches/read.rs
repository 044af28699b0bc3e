//! Reading 1,000,000 persons (the demo county's age-sex structure scaled, every
//! fact) into columns from CSV, Parquet and Arrow IPC bytes in memory, on one
//! and two threads (see BENCHMARKS.md, "Rules at the limit").
//!
//! Run: `cargo bench -p rules-io --bench read`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rules::input::{read_csv, write_csv_header, write_csv_row};
use rules_io::{Bytes, PopulationWriter, read_arrow, read_parquet};

fn bench(c: &mut Criterion) {
    let table =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/population/demo-county-age-sex.tsv"))
            .unwrap();
    let rows = rules::population::scale(&rules::population::parse_age_sex(&table).unwrap(), 1_000_000);
    let people = rules::population::generate_vec(&rows, 2026);
    let mut csv = String::new();
    write_csv_header(&mut csv);
    for p in &people {
        write_csv_row(&mut csv, p);
    }
    let mut pq = Vec::new();
    let mut w = PopulationWriter::parquet(&mut pq).unwrap();
    for p in &people {
        w.push(p.clone()).unwrap();
    }
    w.finish().unwrap();
    let mut ipc = Vec::new();
    let mut w = PopulationWriter::arrow(&mut ipc).unwrap();
    for p in &people {
        w.push(p.clone()).unwrap();
    }
    w.finish().unwrap();
    drop(people);
    println!(
        "1,000,000 persons: CSV {:.1} MB, Parquet {:.1} MB, Arrow IPC {:.1} MB",
        csv.len() as f64 / 1e6,
        pq.len() as f64 / 1e6,
        ipc.len() as f64 / 1e6
    );
    let pq = Bytes::from(pq);
    let mut group = c.benchmark_group("population file to columns, 1,000,000 persons");
    group.sample_size(10);
    for threads in [1, 2] {
        group.bench_function(format!("CSV, {threads} thread(s)"), |b| {
            b.iter(|| black_box(read_csv(csv.as_bytes(), threads).unwrap()))
        });
        group.bench_function(format!("Parquet, {threads} thread(s)"), |b| {
            b.iter(|| black_box(read_parquet(pq.clone(), threads).unwrap()))
        });
    }
    group.bench_function("Arrow IPC, 1 thread", |b| b.iter(|| black_box(read_arrow(&ipc).unwrap())));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

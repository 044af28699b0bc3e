//! `polku simulate` without a proposal, from the library calls alone: for
//! benchmarks (`bench/rules_vs_python.py --polku-command`) where building the
//! whole `polku` binary in release would take too long. The same reading,
//! columns, evaluation (on every core) and table as `polku simulate --rules
//! data/rules`, and the same line of timings on standard error.
//!
//! Run: `cargo run --release -p rules-io --example simulate -- simulate --population people.parquet --on 2026-11-23`

use std::time::{Duration, Instant};

use rules::RuleBook;
use rules::fees::FeeBook;

fn files(dir: &str, ext: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{dir}: {e}")) {
        let p = e.expect("a directory entry").path();
        if p.extension().is_some_and(|x| x == ext) {
            out.push((p.display().to_string(), std::fs::read_to_string(&p).expect("a readable rule file")));
        }
    }
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let population = arg("--population").ok_or("--population <file> is required")?;
    let on: chrono::NaiveDate = arg("--on").ok_or("--on <date> is required")?.parse()?;
    let repo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/rules");
    let rules = files(&format!("{repo}/today"), "rules");
    let (book, diags) = RuleBook::parse(rules.iter().map(|(n, s)| (n.as_str(), s.as_str())));
    if !diags.is_empty() {
        return Err(format!("{diags:?}").into());
    }
    let fee_files = files(&format!("{repo}/fees"), "fees");
    let (fees, _) = FeeBook::parse(fee_files.iter().map(|(n, s)| (n.as_str(), s.as_str())));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());

    let started = Instant::now();
    let (pop, read) = match rules_io::Format::of(&population) {
        // Streamed, as `polku simulate` reads it: reading is part of building the columns.
        rules_io::Format::Csv => {
            let file = std::fs::File::open(&population)?;
            let len = file.metadata()?.len();
            let read_at = |at, buf: &mut [u8]| std::os::unix::fs::FileExt::read_at(&file, buf, at);
            (rules::input::read_csv_at(len, read_at, threads)?, Duration::ZERO)
        }
        format => {
            let bytes = std::fs::read(&population)?;
            let read = started.elapsed();
            let pop = match format {
                rules_io::Format::Parquet => rules_io::read_parquet(bytes.into(), threads)?,
                _ => rules_io::read_arrow(&bytes)?,
            };
            (pop, read)
        }
    };
    let build = started.elapsed() - read;
    let simulating = Instant::now();
    let scenario = book.scenario(None, on)?;
    let results = rules::columns::evaluate_on(&scenario, &pop, threads);
    let evaluated = simulating.elapsed();
    let base = rules::simulate::tabulate(&scenario, &results, &fees, on, &pop);
    print!("{}", rules::simulate::baseline_csv(&base));
    let took = simulating.elapsed();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    eprintln!(
        "{} persons, today's criteria of {on}: read {:.0} ms, columns {:.0} ms, simulated in {:.0} ms (evaluated in {:.1} ms)",
        pop.len(),
        ms(read),
        ms(build),
        ms(took),
        ms(evaluated)
    );
    Ok(())
}

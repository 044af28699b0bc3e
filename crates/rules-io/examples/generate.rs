//! `polku population generate` from the library calls alone (for benchmarks, see
//! `simulate.rs`): the demo county's age-sex table scaled to `--size`, written as
//! CSV, Parquet or Arrow IPC by the name of `--out`.
//!
//! Run: `cargo run --release -p rules-io --example generate -- --size 1000000 --out people.parquet`

use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let size: u64 = arg("--size").ok_or("--size <persons> is required")?.parse()?;
    let out = arg("--out").ok_or("--out <file> is required")?;
    let seed: u64 = arg("--seed").map_or(Ok(2026), |s| s.parse())?;
    let table =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/population/demo-county-age-sex.tsv"))?;
    let rows = rules::population::scale(&rules::population::parse_age_sex(&table)?, size);
    let mut file = std::io::BufWriter::new(std::fs::File::create(&out)?);
    match rules_io::Format::of(&out) {
        rules_io::Format::Csv => {
            let mut text = String::new();
            rules::input::write_csv_header(&mut text);
            rules::population::generate(&rows, seed, |p| rules::input::write_csv_row(&mut text, &p));
            file.write_all(text.as_bytes())?;
        }
        format => {
            let mut w = match format {
                rules_io::Format::Parquet => rules_io::PopulationWriter::parquet(&mut file)?,
                _ => rules_io::PopulationWriter::arrow(&mut file)?,
            };
            let mut failed = None;
            rules::population::generate(&rows, seed, |p| {
                if failed.is_none()
                    && let Err(e) = w.push(p)
                {
                    failed = Some(e);
                }
            });
            if let Some(e) = failed {
                return Err(e.into());
            }
            w.finish()?;
        }
    }
    file.flush()?;
    eprintln!("{size} persons written to {out} (seed {seed})");
    Ok(())
}

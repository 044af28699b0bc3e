//! `polku rules`, `polku simulate` and `polku population`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};
use app::eligibility::{DEMO_AGE_SEX, DEMO_RULES, known};
use rules::RuleBook;
use rules::check::check as check_book;
use rules::columns::Population;
use rules::fees::FeeBook;

use crate::cli::{DbArgs, SimFormat, SimulateArgs};
use crate::commands::{open, spinner, write_output};

/// Reads every `*.rules` file under `dir`, named by their path relative to it.
fn read_rule_dir(dir: &Path) -> anyhow::Result<Vec<(String, String)>> {
    read_dir_ext(dir, "rules")
}

/// Reads every file ending in `.ext` under `dir` (recursively), sorted by path.
fn read_dir_ext(dir: &Path, ext: &str) -> anyhow::Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).with_context(|| format!("cannot read the directory {}", d.display()))?;
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                let source =
                    std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
                files.push((path.display().to_string(), source));
            }
        }
    }
    files.sort();
    Ok(files)
}

/// The fee files under the rules directory (`demo`: the shipped ones), checked.
fn load_fees(rules: &str, services: Option<&BTreeSet<String>>) -> anyhow::Result<(FeeBook, Vec<rules::Diagnostic>)> {
    let files: Vec<(String, String)> = if rules == "demo" {
        app::fees::DEMO_FEES.iter().map(|(n, s)| ((*n).to_owned(), (*s).to_owned())).collect()
    } else {
        read_dir_ext(Path::new(rules), "fees")?
    };
    let (book, mut findings) = FeeBook::parse(files.iter().map(|(n, s)| (n.as_str(), s.as_str())));
    findings.extend(rules::fees::check(&book.fees, services));
    Ok((book, findings))
}

fn demo_services() -> anyhow::Result<BTreeSet<String>> {
    Ok(app::demo::document()?.services.iter().map(|s| s.id.to_string()).collect())
}

pub async fn check(db: &DbArgs, dir: &Path) -> anyhow::Result<ExitCode> {
    let files = read_rule_dir(dir)?;
    if files.is_empty() {
        bail!("no .rules files under {}", dir.display());
    }
    let has_db = db.database_url.is_some() || db.data_dir.join("polku.db").exists();
    let services = if has_db {
        let polku = open(db).await?;
        let ids: BTreeSet<String> = polku.snapshot().catalog.services.keys().map(|id| id.to_string()).collect();
        if ids.is_empty() { None } else { Some((ids, "the database's catalog")) }
    } else {
        None
    };
    let (services, source) = match services {
        Some(s) => s,
        None => (demo_services()?, "the demo catalog"),
    };
    let (book, mut findings) = RuleBook::parse(files.iter().map(|(n, s)| (n.as_str(), s.as_str())));
    findings.extend(check_book(&book.rules, &known(&book, &services)));
    let (fees, fee_findings) = load_fees(&dir.display().to_string(), Some(&services))?;
    findings.extend(fee_findings);
    // The legal clocks (`*.clocks`) beside them, with the same checker.
    let mut clocks = Vec::new();
    for (name, source) in read_dir_ext(dir, "clocks")? {
        let (parsed, found) = rules::clocks::parse_clocks(&name, &source);
        clocks.extend(parsed);
        findings.extend(found);
    }
    findings.extend(rules::clocks::check_clocks(&clocks, Some(&services)));
    findings.sort();
    for f in &findings {
        println!("{f}");
    }
    let errors = findings.iter().filter(|f| f.is_error()).count();
    let warnings = findings.len() - errors;
    eprintln!(
        "{} rules in {} files ({} sets), {} fees, {} legal clocks, services checked against {source}: {errors} errors, {warnings} warnings",
        book.rules.len(),
        files.len(),
        book.sets.len(),
        fees.fees.len(),
        clocks.len()
    );
    Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn load_book(rules: &str) -> anyhow::Result<RuleBook> {
    let files: Vec<(String, String)> = if rules == "demo" {
        DEMO_RULES.iter().map(|(n, s)| ((*n).to_owned(), (*s).to_owned())).collect()
    } else {
        read_rule_dir(Path::new(rules))?
    };
    let (book, mut findings) = RuleBook::parse(files.iter().map(|(n, s)| (n.as_str(), s.as_str())));
    findings.extend(check_book(&book.rules, &known(&book, &Default::default())));
    let errors: Vec<String> = findings.iter().filter(|f| f.is_error()).map(|f| f.to_string()).collect();
    if !errors.is_empty() {
        bail!("the rule files have errors (see `polku rules check`):\n{}", errors.join("\n"));
    }
    Ok(book)
}

/// What loading a population took: reading the file (none: read while the
/// columns were built), building the columns.
struct Loaded {
    pop: std::sync::Arc<Population>,
    read: Option<std::time::Duration>,
    build: std::time::Duration,
}

fn load_population(spec: &str) -> anyhow::Result<Loaded> {
    let started = std::time::Instant::now();
    if spec == "demo" {
        let pop = app::Polku::demo_population();
        return Ok(Loaded { pop, read: Some(Default::default()), build: started.elapsed() });
    }
    if let Some(size) = spec.strip_prefix("demo:") {
        let size: u64 =
            size.replace('_', "").parse().with_context(|| format!("`{size}` is not a number of persons"))?;
        let table = rules::population::parse_age_sex(DEMO_AGE_SEX)?;
        let rows = rules::population::scale(&table, size);
        let people = rules::population::generate_vec(&rows, app::eligibility::DEMO_SEED);
        let pop = std::sync::Arc::new(Population::from_persons(&people));
        return Ok(Loaded { pop, read: Some(Default::default()), build: started.elapsed() });
    }
    let threads = threads();
    if rules_io::Format::of(spec) == rules_io::Format::Csv {
        // Streamed: read and turned into columns piece by piece, on every core.
        let file = std::fs::File::open(spec).with_context(|| format!("cannot read the population file {spec}"))?;
        let len = file.metadata().with_context(|| format!("cannot read the population file {spec}"))?.len();
        let pop = match rules::input::read_csv_at(len, |at, buf| read_at(&file, at, buf), threads) {
            Ok(pop) => pop,
            Err(rules::input::ReadCsvError::Input(e)) => {
                return Err(anyhow::Error::new(e).context(format!("in {spec}")));
            }
            Err(e) => return Err(anyhow::Error::new(e).context(format!("cannot read the population file {spec}"))),
        };
        return Ok(Loaded { pop: std::sync::Arc::new(pop), read: None, build: started.elapsed() });
    }
    let bytes = std::fs::read(spec).with_context(|| format!("cannot read the population file {spec}"))?;
    let read = started.elapsed();
    let pop = match rules_io::Format::of(spec) {
        rules_io::Format::Csv => unreachable!("streamed above"),
        rules_io::Format::Parquet => {
            rules_io::read_parquet(bytes.into(), threads).with_context(|| format!("in {spec}"))?
        }
        rules_io::Format::Arrow => rules_io::read_arrow(&bytes).with_context(|| format!("in {spec}"))?,
    };
    Ok(Loaded { pop: std::sync::Arc::new(pop), read: Some(read), build: started.elapsed() - read })
}

/// A positional read (several threads read one file at once).
#[cfg(unix)]
fn read_at(file: &std::fs::File, at: u64, buf: &mut [u8]) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, at)
}

#[cfg(windows)]
fn read_at(file: &std::fs::File, at: u64, buf: &mut [u8]) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, at)
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

pub fn simulate(args: SimulateArgs) -> anyhow::Result<ExitCode> {
    if args.baseline != rules::TODAY {
        bail!("--baseline: only `today` (the criteria in force) is supported");
    }
    let book = load_book(&args.rules)?;
    let (fees, findings) = load_fees(&args.rules, None)?;
    let errors: Vec<String> = findings.iter().filter(|f| f.is_error()).map(|f| f.to_string()).collect();
    if !errors.is_empty() {
        bail!("the fee files have errors (see `polku rules check`):\n{}", errors.join("\n"));
    }
    let bar = spinner(&format!("building the population ({})", args.population));
    let loaded = match load_population(&args.population) {
        Ok(loaded) => loaded,
        // A population file that is refused: exit code 1, as for other refused input.
        Err(e)
            if e.downcast_ref::<rules::input::InputError>().is_some()
                || e.downcast_ref::<rules_io::ReadError>().is_some() =>
        {
            bar.finish_and_clear();
            eprintln!("error: {e:#}");
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(e),
    };
    let pop = loaded.pop;
    bar.set_message(format!("simulating over {} persons", pop.len()));
    let on = args.on.unwrap_or_else(|| app::Clock::today(&app::SystemClock));
    let names: Vec<&str> = args.proposal.iter().map(String::as_str).collect();
    let started = std::time::Instant::now();
    let mut evaluated = None;
    let (body, summary) = if names.is_empty() {
        let scenario = book.scenario(None, on)?;
        let results = rules::columns::evaluate_on(&scenario, &pop, threads());
        evaluated = Some(started.elapsed());
        let base = rules::simulate::tabulate(&scenario, &results, &fees, on, &pop);
        let body = match args.format {
            SimFormat::Csv => rules::simulate::baseline_csv(&base),
            SimFormat::Json => serde_json::to_string_pretty(&base)? + "\n",
        };
        let eligible: u64 = base.rows.iter().map(|r| r.eligible).sum();
        let cost: f64 = base.rows.iter().map(|r| r.cost_eur).sum();
        let fee: f64 = base.rows.iter().map(|r| r.fee_revenue_eur).sum();
        (
            body,
            vec![format!(
                "today: {eligible} person-services eligible, yearly cost {cost:.0} €, client fees {fee:.0} €"
            )],
        )
    } else {
        let sims = rules::simulate::simulate_with_fees(&book, &fees, on, &names, &pop)?;
        let body = match args.format {
            SimFormat::Csv => rules::simulate::to_csv(&sims),
            SimFormat::Json => serde_json::to_string_pretty(&sims)? + "\n",
        };
        let lines = sims
            .iter()
            .map(|sim| {
                let gained: u64 = sim.rows.iter().map(|r| r.gained).sum();
                let lost: u64 = sim.rows.iter().map(|r| r.lost).sum();
                let fee: f64 = sim.rows.iter().map(|r| r.fee_revenue_change_eur).sum();
                let mut line = format!(
                    "{}: {gained} person-services gained, {lost} lost, yearly cost change {:+.0} €, client fees {fee:+.0} €",
                    sim.proposal,
                    sim.total_cost_change()
                );
                if !sim.without_cost.is_empty() {
                    let _ = write!(line, " (no cost given for: {})", sim.without_cost.join(", "));
                }
                line
            })
            .collect();
        (body, lines)
    };
    let took = started.elapsed();
    bar.finish_and_clear();
    match &args.out {
        Some(path) => write_output(path, body.as_bytes())?,
        None => std::io::stdout().write_all(body.as_bytes())?,
    }
    for line in summary {
        eprintln!("{line}");
    }
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let loading = match loaded.read {
        Some(read) => format!("read {:.0} ms, columns {:.0} ms", ms(read), ms(loaded.build)),
        None => format!("read into columns {:.0} ms", ms(loaded.build)),
    };
    eprintln!(
        "{} persons, today's criteria of {on}: {loading}, simulated in {:.0} ms{}",
        pop.len(),
        ms(took),
        evaluated.map(|e| format!(" (evaluated in {:.1} ms)", ms(e))).unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn generate(size: Option<u64>, seed: u64, out: &Path) -> anyhow::Result<ExitCode> {
    let mut rows = rules::population::parse_age_sex(DEMO_AGE_SEX)?;
    if let Some(size) = size {
        rows = rules::population::scale(&rows, size);
    }
    let total: u64 = rows.iter().map(|r| (r.male + r.female) as u64).sum();
    let bar = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        indicatif::ProgressBar::new(total)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let format = rules_io::Format::of(&out.to_string_lossy());
    let mut n = 0u64;
    let mut tick = |bar: &indicatif::ProgressBar| {
        n += 1;
        if n.is_multiple_of(100_000) {
            bar.set_position(n);
        }
    };
    let bytes = if format == rules_io::Format::Csv {
        let mut csv = String::with_capacity(total as usize * 90);
        rules::input::write_csv_header(&mut csv);
        rules::population::generate(&rows, seed, |p| {
            rules::input::write_csv_row(&mut csv, &p);
            tick(&bar);
        });
        csv.into_bytes()
    } else {
        let mut file = Vec::new();
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
            tick(&bar);
        });
        if let Some(e) = failed {
            return Err(e.into());
        }
        w.finish()?;
        file
    };
    bar.finish_and_clear();
    write_output(out, &bytes)?;
    eprintln!(
        "{total} persons written (seed {seed}); municipality, age and sex from Statistics Finland, the rest synthetic"
    );
    Ok(ExitCode::SUCCESS)
}

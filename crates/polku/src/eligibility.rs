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
use rules::facts::{Fact, Kind};
use rules::person::{Person, Value, parse_value};

use crate::cli::{DbArgs, SimFormat, SimulateArgs};
use crate::commands::{open, spinner, write_output};

/// Reads every `*.rules` file under `dir`, named by their path relative to it.
fn read_rule_dir(dir: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).with_context(|| format!("cannot read the directory {}", d.display()))?;
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rules") {
                let source =
                    std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
                files.push((path.display().to_string(), source));
            }
        }
    }
    files.sort();
    Ok(files)
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
    findings.sort();
    for f in &findings {
        println!("{f}");
    }
    let errors = findings.iter().filter(|f| f.is_error()).count();
    let warnings = findings.len() - errors;
    eprintln!(
        "{} rules in {} files ({} sets), services checked against {source}: {errors} errors, {warnings} warnings",
        book.rules.len(),
        files.len(),
        book.sets.len()
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

fn load_population(spec: &str) -> anyhow::Result<std::sync::Arc<Population>> {
    if spec == "demo" {
        return Ok(app::Polku::demo_population());
    }
    if let Some(size) = spec.strip_prefix("demo:") {
        let size: u64 =
            size.replace('_', "").parse().with_context(|| format!("`{size}` is not a number of persons"))?;
        let table = rules::population::parse_age_sex(DEMO_AGE_SEX)?;
        let rows = rules::population::scale(&table, size);
        let people = rules::population::generate_vec(&rows, app::eligibility::DEMO_SEED);
        return Ok(std::sync::Arc::new(Population::from_persons(&people)));
    }
    let text = std::fs::read_to_string(spec).with_context(|| format!("cannot read the population file {spec}"))?;
    Ok(std::sync::Arc::new(Population::from_persons(&read_csv(&text).with_context(|| format!("in {spec}"))?)))
}

/// Reads persons from CSV: a header of fact names, then one person per line;
/// an empty cell is an unknown fact.
pub fn read_csv(text: &str) -> anyhow::Result<Vec<Person>> {
    let mut lines = text.lines().enumerate();
    let Some((_, header)) = lines.next() else { bail!("the file is empty") };
    let mut facts = Vec::new();
    for (i, name) in header.split(',').enumerate() {
        let name = name.trim();
        match Fact::from_name(name) {
            Some(f) => facts.push(f),
            None => bail!("line 1, column {}: `{name}` is not a fact (see docs/rules-format.md)", i + 1),
        }
    }
    let mut people = Vec::new();
    for (no, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split(',').collect();
        if cells.len() != facts.len() {
            bail!("line {}: {} values for {} columns", no + 1, cells.len(), facts.len());
        }
        let mut p = Person::default();
        for (col, (fact, cell)) in facts.iter().zip(cells).enumerate() {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            let json = match fact.kind() {
                Kind::Number { .. } => match cell.parse::<f64>() {
                    Ok(x) => serde_json::json!(x),
                    Err(_) => {
                        bail!("line {}, column {} (`{}`): `{cell}` is not a number", no + 1, col + 1, fact.name())
                    }
                },
                Kind::Flag => match cell {
                    "true" | "yes" | "1" => serde_json::Value::Bool(true),
                    "false" | "no" | "0" => serde_json::Value::Bool(false),
                    _ => {
                        bail!("line {}, column {} (`{}`): `{cell}` is not true or false", no + 1, col + 1, fact.name())
                    }
                },
                Kind::Choice => serde_json::Value::String(cell.to_owned()),
            };
            let value = parse_value(*fact, &json)
                .map_err(|e| anyhow::anyhow!("line {}, column {} (`{}`): {e}", no + 1, col + 1, fact.name()))?;
            p.set(*fact, Some(value));
        }
        p.settle().map_err(|e| anyhow::anyhow!("line {}: `{}` {}", no + 1, e.field, e.problem))?;
        people.push(p);
    }
    Ok(people)
}

pub fn simulate(args: SimulateArgs) -> anyhow::Result<ExitCode> {
    if args.baseline != rules::TODAY {
        bail!("--baseline: only `today` (the criteria in force) is supported");
    }
    let book = load_book(&args.rules)?;
    let bar = spinner(&format!("building the population ({})", args.population));
    let pop = load_population(&args.population)?;
    bar.set_message(format!("simulating over {} persons", pop.len()));
    let on = args.on.unwrap_or_else(|| app::Clock::today(&app::SystemClock));
    let names: Vec<&str> = args.proposal.iter().map(String::as_str).collect();
    let started = std::time::Instant::now();
    let sims = rules::simulate::simulate(&book, on, &names, &pop)?;
    let took = started.elapsed();
    bar.finish_and_clear();
    let body = match args.format {
        SimFormat::Csv => rules::simulate::to_csv(&sims),
        SimFormat::Json => serde_json::to_string_pretty(&sims)? + "\n",
    };
    match &args.out {
        Some(path) => write_output(path, body.as_bytes())?,
        None => std::io::stdout().write_all(body.as_bytes())?,
    }
    for sim in &sims {
        let gained: u64 = sim.rows.iter().map(|r| r.gained).sum();
        let lost: u64 = sim.rows.iter().map(|r| r.lost).sum();
        let mut line = format!(
            "{}: {gained} person-services gained, {lost} lost, yearly cost change {:+.0} €",
            sim.proposal,
            sim.total_cost_change()
        );
        if !sim.without_cost.is_empty() {
            let _ = write!(line, " (no cost given for: {})", sim.without_cost.join(", "));
        }
        eprintln!("{line}");
    }
    eprintln!("{} persons, today's criteria of {on}, evaluated in {:.0} ms", pop.len(), took.as_secs_f64() * 1000.0);
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
    let mut csv = String::with_capacity(total as usize * 80);
    csv.push_str(&Fact::ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(","));
    csv.push('\n');
    let mut n = 0u64;
    rules::population::generate(&rows, seed, |p| {
        for (i, f) in Fact::ALL.iter().enumerate() {
            if i > 0 {
                csv.push(',');
            }
            match p.get(*f) {
                Some(Value::Number(x)) => {
                    let _ = write!(csv, "{}", rules::eval::number(x));
                }
                Some(Value::Flag(b)) => csv.push_str(if b { "true" } else { "false" }),
                Some(Value::Choice(c)) => csv.push_str(&f.choice_name(c)),
                Some(Value::NotApplicable) | None => {}
            }
        }
        csv.push('\n');
        n += 1;
        if n.is_multiple_of(100_000) {
            bar.set_position(n);
        }
    });
    bar.finish_and_clear();
    write_output(out, csv.as_bytes())?;
    eprintln!(
        "{total} persons written (seed {seed}); municipality, age and sex from Statistics Finland, the rest synthetic"
    );
    Ok(ExitCode::SUCCESS)
}

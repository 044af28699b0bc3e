//! `polku monitoring …`: events in, indicators out, alerts checked.

use crate::cli::DbArgs;
use crate::cli::MonitoringCommand;
use crate::commands::{open, spinner};
use anyhow::{Context, bail};
use app::Actor;
use app::monitoring::{Format, IndicatorQuery};
use monitor::{Dim, Period};
use std::process::ExitCode;

pub async fn run(db: &DbArgs, command: MonitoringCommand) -> anyhow::Result<ExitCode> {
    if let MonitoringCommand::Compare { runs } = command {
        return compare(db, runs.max(1)).await;
    }
    let polku = open(db).await?;
    match command {
        MonitoringCommand::Import { file, dry_run } => {
            let format = match file.extension().and_then(|e| e.to_str()) {
                Some("json") => Format::Json,
                Some("csv") => Format::Csv,
                _ => bail!("{}: name a .csv or .json file", file.display()),
            };
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let bar = spinner(&format!("importing {}", file.display()));
            let report = polku.import_events(&bytes, format, &Actor::Cli("monitoring import".into()), dry_run).await?;
            bar.finish_and_clear();
            print_import(&report);
            Ok(if report.refused.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        MonitoringCommand::Generate { year, seed, sample } => {
            let bar = spinner(&format!("generating the demo county's synthetic year {year} (seed {seed})"));
            let report = polku.generate_events(year, seed, sample, &Actor::Cli("monitoring generate".into())).await?;
            bar.finish_and_clear();
            print_import(&report);
            Ok(if report.refused.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        MonitoringCommand::Indicator { id, by, period, from, to, format } => {
            let by = by
                .iter()
                .map(|d| Dim::parse(d).with_context(|| format!("--by {d}: one of {}", dims())))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let period = match period.as_str() {
                "all" => None,
                p => Some(Period::parse(p).with_context(|| format!("--period {p}: week, month, year or all"))?),
            };
            let query = IndicatorQuery { by, period, from, to, filters: vec![] };
            let view = polku.indicator(&id, &query).await?;
            match format.as_str() {
                "json" => println!("{}", serde_json::to_string_pretty(&view)?),
                _ => {
                    let mut out = csv::Writer::from_writer(std::io::stdout());
                    let mut header: Vec<&str> = view.table.by.iter().map(|d| d.code()).collect();
                    header.extend(["period", "value", "numerator", "denominator", "suppressed", "missing"]);
                    out.write_record(&header)?;
                    let num = |x: Option<f64>| x.map(|v| format!("{v:.4}")).unwrap_or_default();
                    for c in &view.table.cells {
                        let mut row = c.keys.clone();
                        row.extend([
                            c.period.to_string(),
                            num(c.value),
                            num(c.numerator),
                            num(c.denominator),
                            c.suppressed.to_string(),
                            c.missing.to_string(),
                        ]);
                        out.write_record(&row)?;
                    }
                    out.flush()?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        MonitoringCommand::Compare { .. } => unreachable!("handled above"),
        MonitoringCommand::Alerts => {
            let raised = polku.check_alerts().await?;
            println!("{} new alerts", raised.len());
            for a in polku.alerts(&Actor::Cli("monitoring alerts".into())).await? {
                println!(
                    "{}\t{}\t{}\t{}\t{:.1} {} {}\t{}",
                    a.raised_at.format("%Y-%m-%d %H:%M"),
                    a.indicator,
                    a.municipality.as_deref().unwrap_or("county"),
                    a.period,
                    a.value,
                    a.direction,
                    a.threshold,
                    a.manager
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn dims() -> String {
    Dim::ALL.iter().map(|d| d.code()).collect::<Vec<_>>().join(", ")
}

fn print_import(report: &app::monitoring::EventImport) {
    for p in &report.refused {
        eprintln!("refused: {}: {}", p.field, p.problem);
    }
    for (what, map) in [
        ("unit", &report.unknown_units),
        ("service", &report.unknown_services),
        ("producer", &report.unknown_producers),
    ] {
        for (id, n) in map {
            eprintln!("kept, but the catalog has no {what} {id:?}: {n} events");
        }
    }
    if !report.missing_days.is_empty() {
        let days: Vec<String> = report.missing_days.iter().take(10).map(|d| d.to_string()).collect();
        eprintln!(
            "{} days without any event (shown as missing, not zero): {}{}",
            report.missing_days.len(),
            days.join(", "),
            if report.missing_days.len() > 10 { ", …" } else { "" }
        );
    }
    if report.refused.is_empty() {
        println!(
            "{} events read, {} stored, {} already there{}",
            report.read,
            report.inserted,
            report.duplicates,
            if report.written { "" } else { " (dry run: nothing written)" }
        );
    } else {
        println!("{} events read; nothing written", report.read);
    }
}

/// The same SQL in the column engine and in the database: times (median of `runs`) and
/// whether both give the same number of cells (the counts themselves are compared by the
/// store's conformance test).
async fn compare(db: &DbArgs, runs: usize) -> anyhow::Result<ExitCode> {
    use std::time::Instant;
    let polku = open(db).await?;
    polku.publish_population().await?;
    let store = match &db.database_url {
        Some(url) => store_sql::SqlStore::connect(url).await?,
        None => store_sql::SqlStore::open_data_dir(&db.data_dir).await?,
    };
    let t = Instant::now();
    let engine = polku.monitoring_engine().await?;
    println!("loaded {} events into the column engine in {:.2?}", engine.rows(), t.elapsed());
    let Some((from_day, to_day)) = engine.span() else { bail!("no events: run polku monitoring generate first") };
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!("indicator\tbreakdown\tengine ms\tdatabase ms\tsame cells");
    let (mut engine_all, mut db_all) = (0.0, 0.0);
    let mut differ = false;
    for by in [vec![], vec![Dim::Municipality]] {
        for indicator in monitor::INDICATORS.iter().filter(|i| by.iter().all(|d| i.allows(*d))) {
            let slice =
                monitor::Slice { by: by.clone(), period: Some(Period::Month), from_day, to_day, filters: vec![] };
            let sql = monitor::indicators::sql(indicator, &slice);
            let (mut te, mut td) = (Vec::new(), Vec::new());
            let mut cells = 0;
            let mut rows = Vec::new();
            for _ in 0..runs {
                let t = Instant::now();
                cells = engine.compute(indicator, &slice).await?.cells.iter().filter(|c| !c.missing).count();
                te.push(t.elapsed().as_secs_f64() * 1e3);
                let t = Instant::now();
                rows = store.indicator_rows(&sql, by.len()).await?;
                td.push(t.elapsed().as_secs_f64() * 1e3);
            }
            let same = rows.len() == cells;
            differ |= !same;
            let (e, d) = (median(te), median(td));
            if by.is_empty() {
                engine_all += e;
                db_all += d;
            }
            let label = if by.is_empty() { "county x month" } else { "municipality x month" };
            println!("{}\t{label}\t{e:.1}\t{d:.1}\t{same}", indicator.id);
        }
    }
    println!("all indicators, county x month: engine {engine_all:.0} ms, database {db_all:.0} ms");
    Ok(if differ { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

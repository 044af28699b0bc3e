//! `polku plan`: service network plans from the command line (p-median,
//! coverage, set cover, p-center), written as CSV and GeoJSON; and solving
//! instance files directly (the exchange format shared with `bench/spopt`).

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use app::AppError;
use app::planning::{Candidate, PlanOutcome, PlanRequest};
use plan::{Control, Equity, Objective, Problem, Solver};
use serde_json::json;

use crate::cli::{DbArgs, PlanArgs, PlanCommand};
use crate::commands::{open, spinner, write_output};

/// A refused request, said as the option's problem.
fn refused(e: AppError) -> anyhow::Error {
    match e {
        AppError::Invalid(problems) => anyhow::anyhow!(
            "{}",
            problems
                .iter()
                .map(|p| format!("--{}: {}", p.field.replace('_', "-"), p.problem))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => other.into(),
    }
}

/// Reads candidate points: `id,lat,lon` or `id,lat,lon,places`.
fn read_candidates(path: &Path) -> anyhow::Result<Vec<Candidate>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut lines = text.lines().enumerate();
    let header: Vec<String> = match lines.next() {
        Some((_, h)) => h.split(',').map(|s| s.trim().to_owned()).collect(),
        None => bail!("{}: empty; the first line must be `id,lat,lon` or `id,lat,lon,places`", path.display()),
    };
    let with_places = match header.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["id", "lat", "lon"] => false,
        ["id", "lat", "lon", "places"] => true,
        _ => bail!("{}: the first line must be `id,lat,lon` or `id,lat,lon,places`", path.display()),
    };
    let mut out = Vec::new();
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let at = || format!("{} line {}", path.display(), i + 1);
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        if f.len() != header.len() {
            bail!("{}: expected {} fields", at(), header.len());
        }
        let lat: f64 = f[1].parse().with_context(|| format!("{}: `{}` is not a latitude", at(), f[1]))?;
        let lon: f64 = f[2].parse().with_context(|| format!("{}: `{}` is not a longitude", at(), f[2]))?;
        if !domain::geo::in_finland(lat, lon) {
            bail!("{}: ({lat}, {lon}) is not in Finland (are latitude and longitude swapped?)", at());
        }
        let places = if with_places && !f[3].is_empty() {
            Some(
                f[3].parse::<f64>()
                    .ok()
                    .filter(|p| p.is_finite() && *p >= 0.0)
                    .with_context(|| format!("{}: places `{}` is not a number of 0 or more", at(), f[3]))?,
            )
        } else {
            None
        };
        let l = domain::geo::Location::from_wgs84(lat, lon);
        out.push(Candidate { id: f[0].to_owned(), x: l.e, y: l.n, existing: false, places });
    }
    Ok(out)
}

fn objective(command: &PlanCommand) -> (Objective, &PlanArgs) {
    match command {
        PlanCommand::PMedian { p, common } => (Objective::PMedian { p: *p }, common),
        PlanCommand::Coverage { p, minutes, common } => (Objective::Coverage { p: *p, minutes: *minutes }, common),
        PlanCommand::SetCover { minutes, share, common } => {
            (Objective::SetCover { minutes: *minutes, share: *share }, common)
        }
        PlanCommand::PCenter { p, common } => (Objective::PCenter { p: *p }, common),
    }
}

pub async fn run(db: &DbArgs, command: PlanCommand) -> anyhow::Result<ExitCode> {
    let (objective, args) = objective(&command);
    let solver: Solver = args.solver.parse().map_err(|e: plan::PlanError| anyhow::anyhow!("--solver: {e}"))?;
    let equity = match (args.max_mean, args.max_spread) {
        (Some(m), _) => Some(Equity::MaxMean { minutes: m }),
        (_, Some(s)) => Some(Equity::MaxSpread { minutes: s }),
        _ => None,
    };
    if let Some(dir) = &args.instance {
        return solve_files(dir, Problem { objective, equity }, solver, args.time_limit);
    }
    let polku = open(db).await?;
    if polku.snapshot().catalog.services.is_empty() {
        polku.load_demo().await?;
    }
    if let Some(name) = &args.network {
        let modes = crate::access::load_networks(db, name, &polku)?;
        eprintln!("routing on the network `{name}` ({modes})");
    }
    let mut req = PlanRequest::new(
        args.service.as_deref().expect("clap requires --service without --instance"),
        app::navigation::TravelMode::parse_field(&args.mode).map_err(refused)?,
        objective,
    );
    req.group = app::accessibility::parse_age_group(&args.age).map_err(refused)?;
    req.equity = equity;
    req.solver = solver;
    if let Some(path) = &args.candidates {
        req.extra = read_candidates(path)?;
    }
    req.generated = args.generate;
    req.without_existing = args.without_existing;
    req.fixed = args.fixed.clone();
    req.residents_per_place = args.residents_per_place;
    req.new_places = args.new_places;
    req.cutoff = args.cutoff;
    req.time_limit = args.time_limit;
    if let Some(dir) = &args.export_instance {
        let built = polku.plan_instance(&req).map_err(refused)?;
        let ids: Vec<String> = built.candidates.iter().map(|c| c.id.clone()).collect();
        let texts = plan::files::write(&built.instance, &built.cell_ids(), &ids);
        std::fs::create_dir_all(dir).with_context(|| format!("cannot make {}", dir.display()))?;
        write_output(&dir.join("demand.csv"), texts.demand.as_bytes())?;
        write_output(&dir.join("sites.csv"), texts.sites.as_bytes())?;
        write_output(&dir.join("costs.csv"), texts.costs.as_bytes())?;
        eprintln!(
            "instance: {} cells, {} candidate sites, {} travel times ({}) -> {}",
            built.instance.cells(),
            ids.len(),
            built.instance.costs.len(),
            match built.routing {
                access::analysis::Method::Network => "routed",
                access::analysis::Method::Estimate => "straight-line estimates",
            },
            dir.display()
        );
    }
    let bar = spinner(&format!("{} for {}", objective.name(), req.service));
    let outcome = {
        let bar = bar.clone();
        let cancel = std::sync::atomic::AtomicBool::new(false);
        let mut ctl =
            Control::new(&cancel, move |phase, done| bar.set_message(format!("{phase} ({:.0} %)", done * 100.0)));
        polku.plan(&req, &mut ctl)
    };
    bar.finish_and_clear();
    let outcome = outcome.map_err(refused)?;
    summary(&outcome);
    if let Some(path) = &args.out {
        write_output(path, app::planning::cells_csv(&outcome).as_bytes())?;
    }
    if let Some(path) = &args.sites_out {
        write_output(path, sites_csv(&outcome).as_bytes())?;
    }
    if let Some(path) = &args.geojson {
        let props = json!({"objective": outcome.plan.objective, "value": outcome.plan.value, "bound": outcome.plan.bound,
            "routing": outcome.routing, "mode": outcome.mode, "service": outcome.service, "age_group": outcome.age_group});
        write_output(path, app::planning::geojson(&outcome, props).to_string().as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Solves instance files: one JSON line out (for the spopt comparison).
fn solve_files(dir: &Path, problem: Problem, solver: Solver, time_limit: Option<f64>) -> anyhow::Result<ExitCode> {
    let read = |f: &str| {
        let p = dir.join(f);
        std::fs::read_to_string(&p).with_context(|| format!("cannot read {}", p.display()))
    };
    let started = Instant::now();
    let (inst, _, site_ids) = plan::files::read(&read("demand.csv")?, &read("sites.csv")?, &read("costs.csv")?)?;
    let read_seconds = started.elapsed().as_secs_f64();
    let mut ctl = Control::none();
    ctl.time_limit = time_limit;
    let started = Instant::now();
    let plan = plan::solve(&inst, &problem, solver, &mut ctl).map_err(|e| anyhow::anyhow!("{}: {e}", e.field()))?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{}",
        json!({
            "objective": problem.objective.name(),
            "value": plan.value,
            "bound": plan.bound,
            "gap": plan.gap(),
            "optimal": plan.optimal,
            "method": plan.method,
            "seconds": seconds,
            "read_seconds": read_seconds,
            "cells": inst.cells(),
            "sites": inst.sites(),
            "open": plan.open.iter().map(|j| site_ids[*j].clone()).collect::<Vec<_>>(),
        })
    );
    Ok(ExitCode::SUCCESS)
}

fn f1(x: Option<f64>) -> String {
    x.map(|x| format!("{x:.1}")).unwrap_or_default()
}

fn summary(o: &PlanOutcome) {
    let p = &o.plan;
    let open: Vec<&str> = o.open.iter().map(|j| o.candidates[*j].id.as_str()).collect();
    let kept = o.open.iter().filter(|j| o.candidates[**j].existing).count();
    eprintln!(
        "{} ({}, {}, ages {}): {} sites open ({} of them today's units) of {} candidates",
        p.objective.name(),
        o.service,
        o.mode,
        o.age_group,
        open.len(),
        kept,
        o.candidates.len()
    );
    let value = match p.objective {
        Objective::PMedian { .. } => {
            format!(
                "{:.0} resident-minutes ({:.2} min a resident)",
                p.value,
                p.value / o.before.county.population.max(1e-9)
            )
        }
        Objective::Coverage { minutes, .. } => format!("{:.0} residents within {minutes} min", p.value),
        Objective::SetCover { .. } => format!("{} sites", p.value),
        Objective::PCenter { .. } => format!("worst {:.1} min", p.value),
    };
    eprintln!(
        "value {value}; bound {}; gap {}; {:?}{}; matrix {:.2} s, solve {:.2} s; times are {}",
        p.bound.map(|b| format!("{b:.1}")).unwrap_or_else(|| "none".into()),
        o.gap.map(|g| format!("{:.3} %", g * 100.0)).unwrap_or_else(|| "unknown".into()),
        p.method,
        if p.optimal { ", optimal" } else { "" },
        o.matrix_seconds,
        o.solve_seconds,
        match o.routing {
            access::analysis::Method::Network => "routed",
            access::analysis::Method::Estimate => "straight-line ESTIMATES",
        }
    );
    eprintln!("open: {}", open.join(", "));
    println!("area,population,mean_before,mean_after,p90_before,p90_after,within_20_before,within_20_after");
    let after: std::collections::HashMap<&str, &access::analysis::Indicators> =
        std::iter::once(&o.after.county).chain(&o.after.municipalities).map(|i| (i.area.as_str(), i)).collect();
    for b in std::iter::once(&o.before.county).chain(&o.before.municipalities) {
        let a = after.get(b.area.as_str());
        println!(
            "{},{:.0},{},{},{},{},{:.3},{}",
            b.area,
            b.population,
            f1(b.mean),
            f1(a.and_then(|a| a.mean)),
            f1(b.p90),
            f1(a.and_then(|a| a.p90)),
            b.within_20,
            a.map(|a| format!("{:.3}", a.within_20)).unwrap_or_default()
        );
    }
}

/// The candidates: `site_id,lat,lon,existing,open,residents,capacity`.
pub fn sites_csv(o: &PlanOutcome) -> String {
    let mut csv = String::from("site_id,lat,lon,existing,open,residents,capacity\n");
    for (j, c) in o.candidates.iter().enumerate() {
        let (lat, lon) = domain::geo::tm35fin_to_wgs84(c.y, c.x);
        let load = o.loads.iter().find(|l| l.candidate == j);
        let _ = writeln!(
            csv,
            "{},{lat:.5},{lon:.5},{},{},{},{}",
            c.id,
            c.existing,
            load.is_some(),
            load.map(|l| format!("{:.0}", l.residents)).unwrap_or_default(),
            load.and_then(|l| l.capacity).map(|c| format!("{c:.0}")).unwrap_or_default()
        );
    }
    csv
}

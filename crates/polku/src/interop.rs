//! `polku import ptv`: the national catalog in, streaming.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use app::Actor;
use domain::Problem;

use crate::cli::DbArgs;
use crate::commands::{open, print_report, spinner, write_output};

fn files(path: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if path.is_dir() {
        let mut out: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("cannot read the directory {}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        out.sort();
        if out.is_empty() {
            anyhow::bail!("no .json files in {}", path.display());
        }
        Ok(out)
    } else {
        Ok(vec![path.to_path_buf()])
    }
}

pub async fn import_ptv(db: &DbArgs, path: &Path, dry_run: bool, json: bool) -> anyhow::Result<ExitCode> {
    let bar = spinner(&format!("reading {}", path.display()));
    let today = chrono::Local::now().date_naive();
    let mut items = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    for file in files(path)? {
        let name = file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        let reader = std::fs::File::open(&file).with_context(|| format!("cannot open {}", file.display()))?;
        let read = interop::stream::for_each(reader, |i, value| {
            if i % 1000 == 0 {
                bar.set_message(format!("reading {name}: {i} objects"));
            }
            if problems.len() >= 1000 {
                return;
            }
            let at = format!("{name}$[{i}]");
            match interop::ptv::read(&value, &at, today) {
                Ok(item) => items.push((item, at)),
                Err(p) => problems.extend(p),
            }
        });
        if let Err(e) = read {
            problems.push(Problem { field: format!("{name}{}", e.path), problem: e.message });
        }
    }
    bar.set_message("checking links");
    let report = if problems.is_empty() {
        match interop::ptv::assemble(items) {
            Ok(doc) => {
                bar.set_message("opening the database");
                let polku = open(db).await?;
                bar.set_message("checking and writing");
                Some(polku.import_ptv(doc, &Actor::Cli("import ptv".into()), dry_run).await?)
            }
            Err(p) => {
                problems = p;
                None
            }
        }
    } else {
        None
    };
    bar.finish_and_clear();
    let report = report.unwrap_or_else(|| app::ptv::PtvReport {
        import: app::ImportReport { refused: problems, ..Default::default() },
        ..Default::default()
    });
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    print_report(&report.import, dry_run);
    if !report.older_or_same.is_empty() {
        eprintln!("older or same version, left alone: {}", report.older_or_same.len());
    }
    if !report.retired.is_empty() {
        eprintln!("retired (no longer linked by any service): {}", report.retired.join(", "));
    }
    Ok(if report.import.refused.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

const HSDS_FILES: [&str; 5] = ["services", "organizations", "service_at_locations", "taxonomies", "taxonomy_terms"];

pub async fn export_hsds(db: &DbArgs, dir: &Path) -> anyhow::Result<ExitCode> {
    let polku = open(db).await?;
    let snapshot = polku.snapshot();
    let catalog = &snapshot.catalog;
    let today = chrono::Local::now().date_naive();
    for lang in domain::text::Lang::ALL {
        let w = interop::hsds::Writer { catalog, lang };
        let out = dir.join(lang.code());
        std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
        let services: Vec<serde_json::Value> = catalog.services.values().map(|s| w.service(s, today)).collect();
        let orgs: Vec<serde_json::Value> = catalog.organizations.values().map(|o| w.organization(o)).collect();
        let sals: Vec<serde_json::Value> = catalog
            .services
            .values()
            .flat_map(|s| catalog.units_of(s).into_iter().map(move |u| (s, u)))
            .map(|(s, u)| w.service_at_location(s, u))
            .collect();
        for (name, items) in HSDS_FILES.iter().zip([services, orgs, sals, w.taxonomies(), w.taxonomy_terms()]) {
            write_output(&out.join(format!("{name}.json")), &serde_json::to_vec_pretty(&items)?)?;
        }
    }
    eprintln!(
        "HSDS 3.0 written to {} (fi/, sv/, en/): {} services, {} organizations",
        dir.display(),
        catalog.services.len(),
        catalog.organizations.len()
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn import_hsds(db: &DbArgs, dir: &Path, dry_run: bool, json: bool) -> anyhow::Result<ExitCode> {
    let mut by_lang = Vec::new();
    let mut problems = Vec::new();
    for lang in domain::text::Lang::ALL {
        let sub = dir.join(lang.code());
        if !sub.is_dir() {
            continue;
        }
        let mut read = |name: &str| -> Vec<serde_json::Value> {
            let path = sub.join(format!("{name}.json"));
            let mut out = Vec::new();
            match std::fs::File::open(&path) {
                Ok(f) => {
                    if let Err(e) = interop::stream::for_each(f, |_, v| out.push(v)) {
                        problems.push(Problem {
                            field: format!("{}/{name}.json{}", lang.code(), e.path),
                            problem: e.message,
                        });
                    }
                }
                Err(e) => {
                    problems.push(Problem { field: format!("{}/{name}.json", lang.code()), problem: e.to_string() })
                }
            }
            out
        };
        let services = read("services");
        let orgs = read("organizations");
        by_lang.push((lang, services, orgs));
    }
    if by_lang.is_empty() {
        anyhow::bail!("{} has no fi/, sv/ or en/ directory of HSDS documents", dir.display());
    }
    let today = chrono::Local::now().date_naive();
    let report = if problems.is_empty() {
        match interop::hsds::read(&by_lang, today) {
            Ok(doc) => {
                let polku = open(db).await?;
                polku.import(doc, &Actor::Cli("import hsds".into()), dry_run).await?
            }
            Err(p) => app::ImportReport { refused: p, ..Default::default() },
        }
    } else {
        app::ImportReport { refused: problems, ..Default::default() }
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    print_report(&report, dry_run);
    Ok(if report.refused.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

pub async fn export_fhir(db: &DbArgs, file: &Path) -> anyhow::Result<ExitCode> {
    let polku = open(db).await?;
    let snapshot = polku.snapshot();
    let bundle = interop::fhir::export(&snapshot.catalog, chrono::Local::now().date_naive());
    write_output(file, &serde_json::to_vec_pretty(&bundle)?)?;
    eprintln!(
        "FHIR R4 Bundle (collection) written: {} Organization, {} Location, {} HealthcareService",
        snapshot.catalog.organizations.len(),
        snapshot.catalog.units.len(),
        snapshot.catalog.services.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// Reads the Finto lists and compares them with the shipped code list; exit 1 when
/// they differ (regenerate with scripts/derive_reference.py and rebuild).
pub fn import_vocab(dir: &Path, json: bool) -> anyhow::Result<ExitCode> {
    use domain::reference::CodeKind;
    let mut all = Vec::new();
    let mut differs = false;
    for (kind, file) in [
        (CodeKind::ServiceClass, "finto_ServiceClasses.json"),
        (CodeKind::TargetGroup, "finto_TargetGroups.json"),
        (CodeKind::LifeEvent, "finto_LifeEvents.json"),
    ] {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let value: serde_json::Value =
            serde_json::from_str(&text).with_context(|| format!("{} is not valid JSON", path.display()))?;
        let codes = match interop::vocab::read(kind, &value, file) {
            Ok(c) => c,
            Err(problems) => {
                for p in problems.iter().take(20) {
                    eprintln!("  {}: {}", p.field, p.problem);
                }
                anyhow::bail!("{file}: {} problems; nothing was compared", problems.len());
            }
        };
        let c = interop::vocab::compare(kind, &codes);
        differs |= !(c.new.is_empty() && c.renamed.is_empty() && c.withdrawn.is_empty());
        eprintln!(
            "{file}: {} codes; {} as shipped, {} new, {} renamed, {} withdrawn{}",
            codes.len(),
            c.same,
            c.new.len(),
            c.renamed.len(),
            c.withdrawn.len(),
            if c.duplicated.is_empty() {
                String::new()
            } else {
                format!("; published twice: {}", c.duplicated.join(", "))
            }
        );
        if json {
            println!("{}", serde_json::json!({"file": file, "comparison": c}));
        }
        all.extend(codes);
    }
    if differs {
        eprintln!("the shipped list differs: run scripts/derive_reference.py and rebuild Polku");
        Ok(ExitCode::from(1))
    } else {
        eprintln!("every code has its names in fi/sv/en as Polku ships them ({} codes)", all.len());
        Ok(ExitCode::SUCCESS)
    }
}

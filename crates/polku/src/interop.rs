//! `polku import ptv|hsds|vocab`, `polku export hsds|fhir`: files opened and
//! written here, the pipelines in `app::transfer`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use app::transfer::{self, HsdsLanguage, Source};
use app::{Actor, Clock, SystemClock};

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
    let mut sources = Vec::new();
    for file in files(path)? {
        let name = file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        let reader = std::fs::File::open(&file).with_context(|| format!("cannot open {}", file.display()))?;
        sources.push(Source { name, reader: std::io::BufReader::new(reader) });
    }
    let read = transfer::read_ptv(sources, SystemClock.today(), |name, i| {
        bar.set_message(format!("reading {name}: {i} objects"))
    });
    let report = match read {
        Ok(doc) => {
            bar.set_message("opening the database");
            let polku = open(db).await?;
            bar.set_message("checking and writing");
            polku.import_ptv(doc, &Actor::Cli("import ptv".into()), dry_run).await?
        }
        Err(problems) => app::ptv::PtvReport { import: transfer::refused(problems), ..Default::default() },
    };
    bar.finish_and_clear();
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

pub async fn export_hsds(db: &DbArgs, dir: &Path) -> anyhow::Result<ExitCode> {
    let polku = open(db).await?;
    let export = polku.export_hsds();
    for (lang, files) in &export.languages {
        let out = dir.join(lang.code());
        std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
        for (name, items) in files {
            write_output(&out.join(format!("{name}.json")), &serde_json::to_vec_pretty(items)?)?;
        }
    }
    eprintln!(
        "HSDS 3.0 written to {} (fi/, sv/, en/): {} services, {} organizations",
        dir.display(),
        export.services,
        export.organizations
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn import_hsds(db: &DbArgs, dir: &Path, dry_run: bool, json: bool) -> anyhow::Result<ExitCode> {
    let open_file = |path: PathBuf| std::fs::File::open(path).map(std::io::BufReader::new).map_err(|e| e.to_string());
    let languages: Vec<_> = domain::text::Lang::ALL
        .into_iter()
        .map(|lang| (lang, dir.join(lang.code())))
        .filter(|(_, sub)| sub.is_dir())
        .map(|(lang, sub)| HsdsLanguage {
            lang,
            services: open_file(sub.join(format!("{}.json", transfer::HSDS_INPUT[0]))),
            organizations: open_file(sub.join(format!("{}.json", transfer::HSDS_INPUT[1]))),
        })
        .collect();
    if languages.is_empty() {
        anyhow::bail!("{} has no fi/, sv/ or en/ directory of HSDS documents", dir.display());
    }
    let report = match transfer::read_hsds(languages, SystemClock.today()) {
        Ok(doc) => {
            let polku = open(db).await?;
            polku.import(doc, &Actor::Cli("import hsds".into()), dry_run).await?
        }
        Err(problems) => transfer::refused(problems),
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    print_report(&report, dry_run);
    Ok(if report.refused.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

pub async fn export_fhir(db: &DbArgs, file: &Path) -> anyhow::Result<ExitCode> {
    let polku = open(db).await?;
    let export = polku.export_fhir();
    write_output(file, &serde_json::to_vec_pretty(&export.bundle)?)?;
    eprintln!(
        "FHIR R4 Bundle (collection) written: {} Organization, {} Location, {} HealthcareService",
        export.organizations, export.locations, export.services
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

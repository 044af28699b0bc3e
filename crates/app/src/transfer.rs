//! Whole catalogs in and out of other directories' formats: the PTV v11 and
//! HSDS 3.0 import pipelines, streamed from byte sources the caller opens
//! (files, standard input, a test's bytes), and the HSDS and FHIR exports of the
//! whole catalog (`polku export hsds|fhir`). Parsing is `interop`'s; the
//! pipeline, its limits and the catalog's side are here.
//!
//! Reading happens before the database is touched: a document with problems is
//! refused without opening the store ([`refused`]), and a clean one goes to
//! [`Polku::import_ptv`] or [`Polku::import`].

use std::io::Read;

use chrono::NaiveDate;
use domain::text::Lang;
use domain::{CatalogDocument, Problem};
use serde_json::Value;

use crate::catalog::{ImportReport, Polku};

/// Reading stops collecting problems after this many (the report stays readable).
pub const MAX_PROBLEMS: usize = 1000;

/// A document to read: its name (which problems are prefixed with) and its bytes.
pub struct Source<R> {
    pub name: String,
    pub reader: R,
}

/// A report that refuses everything and writes nothing, for problems found
/// before the import.
pub fn refused(problems: Vec<Problem>) -> ImportReport {
    ImportReport { refused: problems, ..Default::default() }
}

/// Reads PTV v11 documents (arrays, PTV's `itemList` pages, single objects),
/// one object at a time, into one catalog document with its links resolved.
/// Every problem names `<source>$[i]` and the JSON path within. `progress`
/// hears (source, objects read) every 1,000 objects.
pub fn read_ptv<R: Read>(
    sources: impl IntoIterator<Item = Source<R>>,
    today: NaiveDate,
    mut progress: impl FnMut(&str, usize),
) -> Result<CatalogDocument, Vec<Problem>> {
    let mut items = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    for Source { name, reader } in sources {
        let read = interop::stream::for_each(reader, |i, value| {
            if i % 1000 == 0 {
                progress(&name, i);
            }
            if problems.len() >= MAX_PROBLEMS {
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
    if !problems.is_empty() {
        return Err(problems);
    }
    interop::ptv::assemble(items)
}

/// The files of each language's HSDS directory that are read back
/// (`services.json`, `organizations.json`); the others are derived from them.
pub const HSDS_INPUT: [&str; 2] = ["services", "organizations"];

/// One language's HSDS documents: each input file's bytes, or why it could not
/// be opened (named as a problem).
pub struct HsdsLanguage<R> {
    pub lang: Lang,
    pub services: Result<R, String>,
    pub organizations: Result<R, String>,
}

/// Reads HSDS 3.0 documents written by `polku export hsds` (a directory per
/// language) back into one catalog document.
pub fn read_hsds<R: Read>(languages: Vec<HsdsLanguage<R>>, today: NaiveDate) -> Result<CatalogDocument, Vec<Problem>> {
    let mut by_lang = Vec::new();
    let mut problems = Vec::new();
    for HsdsLanguage { lang, services, organizations } in languages {
        let mut read = |name: &str, source: Result<R, String>| -> Vec<Value> {
            let file = format!("{}/{name}.json", lang.code());
            let mut out = Vec::new();
            match source {
                Ok(reader) => {
                    if let Err(e) = interop::stream::for_each(reader, |_, v| out.push(v)) {
                        problems.push(Problem { field: format!("{file}{}", e.path), problem: e.message });
                    }
                }
                Err(problem) => problems.push(Problem { field: file, problem }),
            }
            out
        };
        let services = read(HSDS_INPUT[0], services);
        let organizations = read(HSDS_INPUT[1], organizations);
        by_lang.push((lang, services, organizations));
    }
    if by_lang.is_empty() {
        return Err(vec![Problem { field: String::new(), problem: "no fi/, sv/ or en/ documents".into() }]);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    interop::hsds::read(&by_lang, today)
}

/// One HSDS document: its file name without `.json` (one of [`HSDS_FILES`]) and its items.
pub type HsdsDocument = (&'static str, Vec<Value>);

/// The whole catalog as HSDS 3.0, a set of documents per language.
pub struct HsdsExport {
    pub languages: Vec<(Lang, Vec<HsdsDocument>)>,
    pub services: usize,
    pub organizations: usize,
}

/// The whole catalog as one FHIR R4 Bundle (collection).
pub struct FhirExport {
    pub bundle: Value,
    pub organizations: usize,
    pub locations: usize,
    pub services: usize,
}

/// The files each language's HSDS directory holds.
pub const HSDS_FILES: [&str; 5] = ["services", "organizations", "service_at_locations", "taxonomies", "taxonomy_terms"];

impl Polku {
    /// Every object of the catalog as HSDS 3.0 documents, in fi, sv and en.
    pub fn export_hsds(&self) -> HsdsExport {
        let snapshot = self.snapshot();
        let catalog = &snapshot.catalog;
        let today = self.clock.today();
        let languages = Lang::ALL
            .into_iter()
            .map(|lang| {
                let w = interop::hsds::Writer { catalog, lang };
                let services: Vec<Value> = catalog.services.values().map(|s| w.service(s, today)).collect();
                let orgs: Vec<Value> = catalog.organizations.values().map(|o| w.organization(o)).collect();
                let sals: Vec<Value> = catalog
                    .services
                    .values()
                    .flat_map(|s| catalog.units_of(s).into_iter().map(move |u| (s, u)))
                    .map(|(s, u)| w.service_at_location(s, u))
                    .collect();
                let files = HSDS_FILES.into_iter().zip([services, orgs, sals, w.taxonomies(), w.taxonomy_terms()]);
                (lang, files.collect())
            })
            .collect();
        HsdsExport { languages, services: catalog.services.len(), organizations: catalog.organizations.len() }
    }

    /// Every object of the catalog as one FHIR R4 Bundle, valid as of today.
    pub fn export_fhir(&self) -> FhirExport {
        let snapshot = self.snapshot();
        let catalog = &snapshot.catalog;
        FhirExport {
            bundle: interop::fhir::export(catalog, self.clock.today()),
            organizations: catalog.organizations.len(),
            locations: catalog.units.len(),
            services: catalog.services.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn source(name: &str, json: &'static str) -> Source<&'static [u8]> {
        Source { name: name.into(), reader: json.as_bytes() }
    }

    #[test]
    fn ptv_problems_name_their_source_and_path() {
        let e =
            read_ptv([source("a.json", "[{\"id\": 1}]"), source("b.json", "[1, ")], today(), |_, _| {}).unwrap_err();
        assert!(e.iter().any(|p| p.field.starts_with("a.json$[0]")), "{e:?}");
        assert!(e.iter().any(|p| p.field.starts_with("b.json$")), "{e:?}");
    }

    #[test]
    fn hsds_names_the_file_that_could_not_be_opened() {
        let fi = HsdsLanguage { lang: Lang::Fi, services: Err("no such file".into()), organizations: Ok(&b"[]"[..]) };
        let e = read_hsds(vec![fi], today()).unwrap_err();
        assert_eq!(e[0].field, "fi/services.json");
        assert!(read_hsds::<&[u8]>(vec![], today()).is_err());
    }
}

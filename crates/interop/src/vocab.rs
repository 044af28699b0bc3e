//! The Finto vocabularies of PTV (service classes, target groups, life events)
//! as published (`finto_*.json`), checked against the compact list Polku
//! ships (`crates/domain/data/codes.tsv`, derived by `scripts/derive_reference.py`).

use domain::reference::{Code, CodeKind, Reference};
use domain::text::{Lang, Text};
use serde_json::Value;

/// Reads one Finto list: `[{Notation, Label: {Fi, Sv, En}, BroaderUris}]`.
pub fn read(kind: CodeKind, json: &Value, file: &str) -> Result<Vec<Code>, Vec<domain::Problem>> {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let Some(items) = json.as_array() else {
        return Err(vec![domain::Problem { field: file.to_owned(), problem: "expected an array of concepts".into() }]);
    };
    // Parents by the list's own URIs (a broader URI of another scheme is no parent).
    let by_uri: std::collections::HashMap<&str, &str> =
        items.iter().filter_map(|c| Some((c.get("Id")?.as_str()?, c.get("Notation")?.as_str()?))).collect();
    for (i, c) in items.iter().enumerate() {
        let at = format!("{file}$[{i}]");
        let Some(code) = c.get("Notation").and_then(Value::as_str) else {
            problems.push(domain::Problem { field: format!("{at}.Notation"), problem: "is missing".into() });
            continue;
        };
        let mut name = Text::default();
        for (lang, key) in [(Lang::Fi, "Fi"), (Lang::Sv, "Sv"), (Lang::En, "En")] {
            name.set(
                lang,
                c.get("Label")
                    .and_then(|l| l.get(key))
                    .and_then(Value::as_str)
                    .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")),
            );
        }
        if name.fi.is_none() {
            problems.push(domain::Problem { field: format!("{at}.Label.Fi"), problem: "has no Finnish name".into() });
        }
        let parent = c
            .get("BroaderUris")
            .and_then(Value::as_array)
            .and_then(|b| b.first())
            .and_then(Value::as_str)
            .and_then(|u| by_uri.get(u))
            .map(|p| (*p).to_owned());
        out.push(Code { kind, code: code.to_owned(), parent, name });
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

/// How the published list compares with the shipped one.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize)]
pub struct Comparison {
    pub same: usize,
    /// In the published list, not shipped.
    pub new: Vec<String>,
    /// Shipped under other names.
    pub renamed: Vec<String>,
    /// Shipped, no longer published.
    pub withdrawn: Vec<String>,
    /// Published more than once (a quirk of the source; the last one is shipped).
    pub duplicated: Vec<String>,
}

pub fn compare(kind: CodeKind, published: &[Code]) -> Comparison {
    let shipped = Reference::get();
    let mut c = Comparison::default();
    let mut seen = std::collections::HashSet::new();
    for p in published {
        if !seen.insert(p.code.as_str()) {
            c.duplicated.push(p.code.clone());
        }
    }
    // The last of duplicates is the one shipped.
    let mut last: std::collections::BTreeMap<&str, &Code> = Default::default();
    for p in published {
        last.insert(p.code.as_str(), p);
    }
    for p in last.values() {
        match shipped.code(kind, &p.code) {
            None => c.new.push(p.code.clone()),
            Some(s) if s.name != p.name || s.parent != p.parent => c.renamed.push(p.code.clone()),
            Some(_) => c.same += 1,
        }
    }
    for (k, code) in shipped.codes.keys() {
        if *k == kind && !published.iter().any(|p| &p.code == code) {
            c.withdrawn.push(code.clone());
        }
    }
    c
}

/// The compact list's lines for these codes (`kind, code, parent, fi, sv, en`).
pub fn tsv_lines(codes: &[Code]) -> Vec<String> {
    codes
        .iter()
        .map(|c| {
            let t = |l: Lang| c.name.get(l).unwrap_or("").to_owned();
            [
                c.kind.as_str().to_owned(),
                c.code.clone(),
                c.parent.clone().unwrap_or_default(),
                t(Lang::Fi),
                t(Lang::Sv),
                t(Lang::En),
            ]
            .join("\t")
        })
        .collect()
}

//! The labelled search set (`data/search/queries.tsv`): what residents type and the services
//! they mean, and recall in the first results over any catalog whose service ids are the
//! demo's or the national templates' (`synthetic::catalog` adds `-s<n>` to them).

use domain::{Id, Lang};
use search::{Filters, Query, SearchIndex, Sort};

/// One labelled query.
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled {
    pub text: String,
    pub lang: Lang,
    /// base, inflection, typo, compound, multiword, sv, en
    pub kind: String,
    /// Any of these (template) ids is the right answer.
    pub expected: Vec<String>,
}

/// The labelled set shipped in the repository.
pub fn labelled() -> Vec<Labelled> {
    include_str!("../../../data/search/queries.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let (text, lang, kind, ids) = (cols.next()?, cols.next()?, cols.next()?, cols.next()?);
            Some(Labelled {
                text: text.to_owned(),
                lang: Lang::parse(lang)?,
                kind: kind.to_owned(),
                expected: ids.split_whitespace().map(str::to_owned).collect(),
            })
        })
        .collect()
}

/// The template a synthetic service was made from (`svc-home-care-s17` → `svc-home-care`).
pub fn template(id: &Id) -> &str {
    let s = id.as_str();
    match s.rsplit_once("-s") {
        Some((base, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => s,
    }
}

/// How one labelled query fared.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub query: Labelled,
    /// The templates of the first results, in order.
    pub found: Vec<String>,
    pub hit: bool,
    /// How the first result matched: score and (term, language, field, word, kind).
    pub first: String,
}

/// Runs every labelled query (first `k` results, relevance order, on `on`).
pub fn run(index: &SearchIndex, set: &[Labelled], k: usize, on: chrono::NaiveDate) -> Vec<Outcome> {
    set.iter()
        .map(|q| {
            let query = Query {
                text: q.text.clone(),
                lang: q.lang,
                on,
                filters: Filters::default(),
                sort: Sort::Relevance,
                page: 1,
                per_page: k,
            };
            let results = index.search(&query);
            let found: Vec<String> = results.hits.iter().map(|h| template(&h.service).to_owned()).collect();
            let hit = found.iter().any(|f| q.expected.contains(f));
            let first = results.hits.first().map_or_else(String::new, |h| {
                let matches: Vec<String> = h
                    .matches
                    .iter()
                    .map(|m| {
                        format!("{} {} {} {:?} {}", m.term, m.lang.code(), m.field.as_str(), m.matched, m.kind.as_str())
                    })
                    .collect();
                format!("{:.2} [{}]", h.score, matches.join("; "))
            });
            Outcome { query: q.clone(), found, hit, first }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_labelled_set_is_big_and_names_real_services() {
        let set = labelled();
        assert!(set.len() >= 250, "{}", set.len());
        for kind in ["base", "inflection", "typo", "compound", "multiword", "sv", "en"] {
            assert!(set.iter().filter(|q| q.kind == kind).count() >= 25, "{kind}");
        }
        let demo = crate::demo::document().unwrap().into_catalog().unwrap();
        let national = crate::synthetic::national_services(&demo).unwrap();
        let known: Vec<&str> =
            demo.services.keys().map(Id::as_str).chain(national.iter().map(|s| s.id.as_str())).collect();
        for q in &set {
            assert!(!q.expected.is_empty(), "{}", q.text);
            for id in &q.expected {
                assert!(known.contains(&id.as_str()), "{}: unknown service {id}", q.text);
            }
        }
    }

    #[test]
    fn templates() {
        let id = |s: &str| Id::parse(s).unwrap();
        assert_eq!(template(&id("svc-home-care-s17")), "svc-home-care");
        assert_eq!(template(&id("svc-home-care")), "svc-home-care");
        assert_eq!(template(&id("nat-sote-centre-s0")), "nat-sote-centre");
    }
}

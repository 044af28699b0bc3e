//! Search quality on a catalog at Finland's size (issue 17): the labelled set of residents'
//! queries (`data/search/queries.tsv`: fi/sv/en; base forms, inflections, typos, compounds,
//! several words) on the synthetic national catalog, where every service name occurs in
//! many municipalities. The right service must be in the first five for at least 99 %.

use app::quality;
use chrono::NaiveDate;
use domain::reference::Reference;
use search::SearchIndex;

#[test]
fn residents_find_the_service_in_the_first_five_on_a_national_catalog() {
    let catalog = app::synthetic::catalog(20_000, 60_000, 42).expect("synthetic catalog");
    let index = SearchIndex::build(&catalog, Reference::get());
    let set = quality::labelled();
    let on = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let outcomes = quality::run(&index, &set, 5, on);
    let mut report = String::new();
    for kind in ["base", "inflection", "typo", "compound", "multiword", "sv", "en"] {
        let of: Vec<_> = outcomes.iter().filter(|o| o.query.kind == kind).collect();
        let hits = of.iter().filter(|o| o.hit).count();
        report.push_str(&format!("{kind}: {hits}/{}\n", of.len()));
    }
    let misses: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.hit)
        .map(|o| {
            format!(
                "  {:?} ({}, {}): {:?}, expected {:?}; first {}",
                o.query.text,
                o.query.lang.code(),
                o.query.kind,
                o.found,
                o.query.expected,
                o.first
            )
        })
        .collect();
    let hits = outcomes.len() - misses.len();
    let recall = hits as f64 / outcomes.len() as f64;
    println!("recall@5 {hits}/{} = {:.1} %\n{report}misses:\n{}", outcomes.len(), 100.0 * recall, misses.join("\n"));
    assert!(recall >= 0.99, "recall@5 {:.1} % < 99 %\n{report}misses:\n{}", 100.0 * recall, misses.join("\n"));
}

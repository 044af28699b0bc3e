//! The top-k search (`SearchIndex::search`, relevance order) answers exactly as scoring
//! every match (`SearchIndex::search_exhaustive`): the same hits, scores, matches and
//! total, on random catalogs (many services sharing words, as at national size) and random
//! queries of one to three words, every language, filters, and later pages.

use crate::incremental::{Op, WORDS, apply, base, op, phrase, words};
use chrono::{NaiveDate, NaiveDateTime};
use domain::{Lang, Reference};
use proptest::prelude::*;
use search::{Filters, Query, SearchIndex, Sort};

fn catalog_ops() -> impl Strategy<Value = Vec<Op>> {
    // Mostly new services (copies of the fixture's with new names), so that words are shared
    // by many services and the pages have more candidates than places.
    let create = (any::<usize>(), words()).prop_map(|(i, w)| Op::Create(i, w));
    prop::collection::vec(prop_oneof![4 => create, 1 => op()], 0..60)
}

fn filters(n: usize) -> Filters {
    let at = NaiveDateTime::parse_from_str("2026-12-01T10:00:00", "%Y-%m-%dT%H:%M:%S").unwrap();
    match n {
        1 => Filters { municipality: Some("638".into()), ..Filters::default() },
        2 => Filters { language: Some("sv".into()), ..Filters::default() },
        3 => Filters { open_at: Some(at), ..Filters::default() },
        _ => Filters::default(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn top_k_equals_scoring_every_match(
        ops in catalog_ops(),
        asked in prop::collection::vec((words(), 0..3usize, 0..5usize, 1..4usize, 1..6usize, any::<bool>()), 1..24),
    ) {
        let mut catalog = base();
        let mut created = 0;
        for op in &ops {
            apply(&mut catalog, op, &mut created);
        }
        let index = SearchIndex::build(&catalog, Reference::get());
        for (w, lang, f, page, per_page, typo) in asked {
            let mut text = phrase(&w);
            if typo {
                // A letter dropped: typo and prefix matches.
                text.pop();
            }
            let query = Query {
                text,
                lang: Lang::ALL[lang],
                on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                filters: filters(f),
                sort: Sort::Relevance,
                page,
                per_page,
            };
            prop_assert_eq!(index.search(&query), index.search_exhaustive(&query), "query {:?}", query);
        }
    }
}

/// The words every service shares, one page at a time: the top-k pages add up to the
/// exhaustive ranking's.
#[test]
fn pages_of_a_common_word_agree() {
    let mut catalog = base();
    let mut created = 0;
    for i in 0..300 {
        apply(&mut catalog, &Op::Create(i, vec![i % WORDS.len(), (i * 7) % WORDS.len()]), &mut created);
    }
    let index = SearchIndex::build(&catalog, Reference::get());
    for text in ["kotihoito", "palvelu koti", "hammas", "porvoo kotihoito", "xylofoni", "home care"] {
        for page in 1..=4 {
            let query = Query {
                text: text.into(),
                lang: Lang::Fi,
                on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                filters: Filters::default(),
                sort: Sort::Relevance,
                page,
                per_page: 7,
            };
            assert_eq!(index.search(&query), index.search_exhaustive(&query), "{text} page {page}");
        }
    }
}

use super::*;
use domain::CatalogDocument;

fn fixture() -> SearchIndex {
    let document: CatalogDocument = serde_json::from_str(include_str!("fixture.json")).unwrap();
    let catalog = document.into_catalog().unwrap();
    SearchIndex::build(&catalog, Reference::get())
}

fn query(text: &str, lang: Lang) -> Query {
    Query {
        text: text.into(),
        lang,
        on: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        filters: Filters::default(),
        sort: Sort::Relevance,
        page: 1,
        per_page: 20,
    }
}

fn ids(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.service.as_str()).collect()
}

/// (query, language, the service a resident means, how the word should match)
const CASES: &[(&str, Lang, &str, MatchKind)] = &[
    ("kotihoito", Lang::Fi, "svc-home-care", MatchKind::Stem),
    ("kotihoitoa", Lang::Fi, "svc-home-care", MatchKind::Stem),
    ("kotihoidon", Lang::Fi, "svc-home-care", MatchKind::Inflection),
    ("kotihoitp", Lang::Fi, "svc-home-care", MatchKind::Typo),
    ("hemvården", Lang::Sv, "svc-home-care", MatchKind::Stem),
    ("hemvard", Lang::Sv, "svc-home-care", MatchKind::Typo),
    ("home care", Lang::En, "svc-home-care", MatchKind::Stem),
    ("hammas", Lang::Fi, "svc-dental", MatchKind::Prefix),
    ("hoitola", Lang::Fi, "svc-dental", MatchKind::CompoundPart),
    ("barnskyddet", Lang::Sv, "svc-child-protection", MatchKind::Inflection),
    ("perhekeskukseen", Lang::Fi, "svc-family-centre", MatchKind::Inflection),
    ("tandvården", Lang::Sv, "svc-dental", MatchKind::Stem),
];

#[test]
fn residents_words_find_the_right_service_first() {
    let index = fixture();
    for &(text, lang, expected, kind) in CASES {
        let results = index.search(&query(text, lang));
        assert_eq!(ids(&results).first().copied(), Some(expected), "{text}: {:?}", ids(&results));
        let first_match = &results.hits[0].matches[0];
        assert_eq!(first_match.kind, kind, "{text}: {first_match:?}");
    }
}

#[test]
fn results_say_language_and_field() {
    let index = fixture();
    let results = index.search(&query("hemvården", Lang::Fi));
    let m = &results.hits[0].matches[0];
    assert_eq!((m.lang, m.field, m.matched.as_str()), (Lang::Sv, Field::Name, "hemvård"));
    let results = index.search(&query("tandvård", Lang::Sv));
    assert_eq!(results.hits[0].matches[0].field, Field::Keywords);
}

#[test]
fn filters() {
    let index = fixture();
    let run = |f: Filters| {
        let mut q = query("", Lang::Fi);
        q.filters = f;
        q.sort = Sort::Name;
        ids(&index.search(&q)).into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    // Retired services (svc-rehab ended 2024) are not listed.
    assert_eq!(
        run(Filters::default()),
        ["svc-dental", "svc-home-care", "svc-home-hospital", "svc-child-protection", "svc-youth", "svc-family-centre"]
    );
    assert_eq!(
        run(Filters { tier: Some(Tier::County), ..Default::default() }),
        ["svc-home-hospital", "svc-child-protection"]
    );
    assert_eq!(run(Filters { channel: Some(ChannelKind::Chat), ..Default::default() }), ["svc-child-protection"]);
    assert_eq!(run(Filters { producer_kind: Some(OrgKind::PrivateCompany), ..Default::default() }), ["svc-home-care"]);
    // P5 contains P5.1 and P5.10; KR1 contains all citizens' groups.
    assert_eq!(
        run(Filters { service_class: Some("P5".into()), ..Default::default() }),
        ["svc-dental", "svc-home-hospital"]
    );
    assert_eq!(
        run(Filters { target_group: Some("KR1.2".into()), ..Default::default() }),
        ["svc-child-protection", "svc-family-centre"]
    );
    // Porvoo: county-wide services, the Porvoo-only home care, and Porvoo's own youth work.
    let porvoo = run(Filters { municipality: Some("638".into()), ..Default::default() });
    assert!(porvoo.contains(&"svc-home-care".to_owned()) && porvoo.contains(&"svc-youth".to_owned()));
    let askola = run(Filters { municipality: Some("018".into()), ..Default::default() });
    assert!(!askola.contains(&"svc-home-care".to_owned()) && !askola.contains(&"svc-youth".to_owned()));
    assert_eq!(
        run(Filters { language: Some("sv".into()), ..Default::default() }),
        ["svc-dental", "svc-home-care", "svc-child-protection"]
    );
    // Saturday night: only what is always open (Loviisa) is open.
    let night = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap().and_hms_opt(23, 0, 0);
    assert_eq!(run(Filters { open_at: night, ..Default::default() }), ["svc-dental", "svc-home-hospital"]);
}

#[test]
fn distance_sort_and_pagination() {
    let index = fixture();
    let mut q = query("", Lang::Fi);
    q.sort = Sort::Distance { lat: 60.46, lon: 26.22 }; // in Loviisa
    let results = index.search(&q);
    assert_eq!(results.total, 6);
    assert_eq!(&ids(&results)[..2], ["svc-dental", "svc-home-hospital"]);
    assert!(results.hits[0].distance_m.unwrap() < 1_000.0);
    assert_eq!(results.hits.last().unwrap().distance_m, None, "services without units come last");
    q.per_page = 4;
    q.page = 2;
    let page2 = index.search(&q);
    assert_eq!((page2.total, page2.hits.len()), (6, 2));
    q.page = 99;
    assert!(index.search(&q).hits.is_empty());
}

#[test]
fn nonsense_finds_nothing() {
    let index = fixture();
    assert_eq!(index.search(&query("zzzqqqxx", Lang::Fi)).total, 0);
    assert_eq!(index.search(&query("ja och and", Lang::Fi)).total, 6, "stop words alone list everything");
}

/// Chunked posting lists behave as one sorted list: documents put in and taken out in
/// any order, lists long enough to split, a document's postings never split apart.
#[test]
fn chunked_postings_equal_a_plain_sorted_list() {
    let posting = |doc: u32, field: Field| Posting { doc, field, word: 0, weight: 1.0 };
    let mut chunked = Postings::default();
    let mut plain: Vec<(u32, Field)> = Vec::new();
    let mut state = 12345u64;
    let mut next = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) as u32
    };
    for step in 0..20_000 {
        let doc = next() % 3_000;
        if step % 3 == 0 {
            let had = plain.iter().any(|(d, _)| *d == doc);
            assert_eq!(chunked.remove(doc), had, "remove {doc}");
            plain.retain(|(d, _)| *d != doc);
        } else if !plain.iter().any(|(d, _)| *d == doc) {
            let fields: Vec<Field> = Field::ALL[..1 + (doc as usize % 4)].to_vec();
            chunked.insert(doc, fields.iter().map(|f| posting(doc, *f)).collect());
            plain.extend(fields.iter().map(|f| (doc, *f)));
            plain.sort();
        }
    }
    let got: Vec<(u32, Field)> = chunked.iter().map(|p| (p.doc, p.field)).collect();
    assert_eq!(got, plain);
    assert!(chunked.0.len() > 3, "long lists are split: {} chunks", chunked.0.len());
    for chunk in &chunked.0 {
        assert!(!chunk.is_empty() && chunk.len() <= 2 * CHUNK + 4);
    }
    for pair in chunked.0.windows(2) {
        assert!(pair[0].last().unwrap().doc < pair[1][0].doc, "a document is in one chunk");
    }
}

#[test]
fn closest_words_suggest_synonyms_for_searches_that_found_nothing() {
    let index = fixture();
    // Three edits from "kotihoito": beyond the search's typo tolerance, within the suggestions'.
    assert!(index.search(&query("xotihxitx", Lang::Fi)).hits.is_empty());
    let closest = index.closest_words("xotihxitx", Lang::Fi, 3);
    assert_eq!(closest.first().map(String::as_str), Some("kotihoito"), "{closest:?}");
    // The word itself is no suggestion; nothing near gives nothing.
    assert!(!index.closest_words("kotihoito", Lang::Fi, 5).contains(&"kotihoito".to_owned()));
    assert!(index.closest_words("qqqqqqqqqqqq", Lang::Fi, 5).is_empty());
}

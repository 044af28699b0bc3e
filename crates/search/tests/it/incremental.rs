//! An index kept up to date write by write answers every query exactly as one built from
//! scratch over the same catalog: random sequences of creates, updates and retires of
//! services, units, channels and organizations, then a battery of queries on both.

use chrono::{NaiveDate, NaiveDateTime};
use domain::catalog::EntityKind;
use domain::{Catalog, CatalogDocument, ChannelKind, Id, Lang, OpeningHours, Reference, Text, UnitLinks};
use proptest::prelude::*;
use search::{Filters, Query, SearchIndex, Sort};

pub(crate) fn base() -> Catalog {
    let document: CatalogDocument = serde_json::from_str(include_str!("../../src/index/fixture.json")).unwrap();
    document.into_catalog().unwrap()
}

/// Words that the fixture uses and words it does not: inflected, compound, shared, new.
pub(crate) const WORDS: &[&str] = &[
    "kotihoito",
    "hemvård",
    "home",
    "care",
    "hammashoitola",
    "tandvård",
    "perhekeskus",
    "neuvola",
    "palvelu",
    "kuntoutus",
    "lastensuojelu",
    "barnskydd",
    "terveysasema",
    "hälsostation",
    "sairaala",
    "kotisairaala",
    "koti",
    "apua",
    "xylofoni",
    "loviisa",
    "porvoo",
    "family",
    "centre",
    "dental",
];

#[derive(Debug, Clone)]
pub(crate) enum Op {
    /// Rename a service (by position), in one language, to some words.
    RenameService(usize, usize, Vec<usize>),
    /// Replace a service's keywords in one language.
    Keywords(usize, usize, Vec<usize>),
    /// Retire a service a number of days from 2026-11-01 (or make it valid again).
    Retire(usize, Option<u16>),
    /// A new service: a copy of one with a new id and name.
    Create(usize, Vec<usize>),
    /// Give a service another set of units (by position).
    Units(usize, Vec<usize>),
    /// Rename a unit.
    RenameUnit(usize, Vec<usize>),
    /// A unit's hours become unknown, or the other unit's.
    UnitHours(usize, bool),
    /// Move a unit.
    MoveUnit(usize, i16, i16),
    /// Rename an organization.
    RenameOrg(usize, Vec<usize>),
    /// Channel languages change.
    ChannelLanguages(usize, bool),
    /// A channel becomes an in-person channel at a unit (by position), or a chat without one.
    ChannelUnit(usize, Option<usize>),
    /// A new in-person channel at a unit, copied from the first channel.
    NewChannel(usize),
    /// Give a service another set of channels (by position).
    Channels(usize, Vec<usize>),
}

pub(crate) fn words() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0..WORDS.len(), 1..4)
}

pub(crate) fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (any::<usize>(), 0..3usize, words()).prop_map(|(i, l, w)| Op::RenameService(i, l, w)),
        (any::<usize>(), 0..3usize, prop::collection::vec(0..WORDS.len(), 0..3))
            .prop_map(|(i, l, w)| Op::Keywords(i, l, w)),
        (any::<usize>(), prop::option::of(0..120u16)).prop_map(|(i, d)| Op::Retire(i, d)),
        (any::<usize>(), words()).prop_map(|(i, w)| Op::Create(i, w)),
        (any::<usize>(), prop::collection::vec(any::<usize>(), 0..3)).prop_map(|(i, u)| Op::Units(i, u)),
        (any::<usize>(), words()).prop_map(|(i, w)| Op::RenameUnit(i, w)),
        (any::<usize>(), any::<bool>()).prop_map(|(i, b)| Op::UnitHours(i, b)),
        (any::<usize>(), -50..50i16, -50..50i16).prop_map(|(i, a, b)| Op::MoveUnit(i, a, b)),
        (any::<usize>(), words()).prop_map(|(i, w)| Op::RenameOrg(i, w)),
        (any::<usize>(), any::<bool>()).prop_map(|(i, b)| Op::ChannelLanguages(i, b)),
        (any::<usize>(), prop::option::of(any::<usize>())).prop_map(|(i, u)| Op::ChannelUnit(i, u)),
        any::<usize>().prop_map(Op::NewChannel),
        (any::<usize>(), prop::collection::vec(any::<usize>(), 0..3)).prop_map(|(i, c)| Op::Channels(i, c)),
    ]
}

pub(crate) fn phrase(words: &[usize]) -> String {
    words.iter().map(|&w| WORDS[w]).collect::<Vec<_>>().join(" ")
}

fn nth<T: Clone>(map: &imbl::OrdMap<Id, T>, i: usize) -> Option<(Id, T)> {
    if map.is_empty() {
        return None;
    }
    map.iter().nth(i % map.len()).map(|(k, v)| (k.clone(), v.clone()))
}

fn set_text(text: &mut Text, lang: usize, value: String) {
    let mut json = serde_json::to_value(&*text).unwrap();
    json[["fi", "sv", "en"][lang]] = serde_json::Value::String(value);
    *text = serde_json::from_value(json).unwrap();
}

/// Apply one operation; the objects it changed.
pub(crate) fn apply(catalog: &mut Catalog, op: &Op, created: &mut usize) -> Vec<(EntityKind, Id)> {
    let day = |d: u16| NaiveDate::from_ymd_opt(2026, 11, 1).unwrap() + chrono::Days::new(u64::from(d));
    match op {
        Op::RenameService(i, l, w) | Op::Keywords(i, l, w) => {
            let Some((id, mut s)) = nth(&catalog.services, *i) else { return vec![] };
            if matches!(op, Op::RenameService(..)) {
                set_text(&mut s.name, *l, phrase(w));
            } else {
                let mut json = serde_json::to_value(&s.keywords).unwrap();
                json[["fi", "sv", "en"][*l]] = w.iter().map(|&w| WORDS[w]).collect::<Vec<_>>().into();
                s.keywords = serde_json::from_value(json).unwrap();
            }
            catalog.services.insert(id.clone(), s);
            vec![(EntityKind::Service, id)]
        }
        Op::Retire(i, d) => {
            let Some((id, mut s)) = nth(&catalog.services, *i) else { return vec![] };
            s.valid_to = d.map(day);
            catalog.services.insert(id.clone(), s);
            vec![(EntityKind::Service, id)]
        }
        Op::Create(i, w) => {
            let Some((_, mut s)) = nth(&catalog.services, *i) else { return vec![] };
            *created += 1;
            // Ids that sort before, between and after the fixture's.
            let id = Id::parse(&format!("{}-new-{created}", ["a", "svc-f", "zz"][*created % 3])).unwrap();
            s.id = id.clone();
            set_text(&mut s.name, 0, phrase(w));
            catalog.services.insert(id.clone(), s);
            vec![(EntityKind::Service, id)]
        }
        Op::Units(i, units) => {
            let Some((id, mut s)) = nth(&catalog.services, *i) else { return vec![] };
            s.units = units.iter().filter_map(|&u| nth(&catalog.units, u).map(|(id, _)| id)).collect();
            s.units.sort();
            s.units.dedup();
            catalog.services.insert(id.clone(), s);
            vec![(EntityKind::Service, id)]
        }
        Op::RenameUnit(i, w) => {
            let Some((id, mut u)) = nth(&catalog.units, *i) else { return vec![] };
            set_text(&mut u.name, 0, phrase(w));
            catalog.units.insert(id.clone(), u);
            vec![(EntityKind::Unit, id)]
        }
        Op::UnitHours(i, other) => {
            let Some((id, mut u)) = nth(&catalog.units, *i) else { return vec![] };
            u.opening_hours = if *other {
                nth(&catalog.units, *i + 1).map(|(_, o)| o.opening_hours).unwrap_or_default()
            } else {
                OpeningHours::default()
            };
            catalog.units.insert(id.clone(), u);
            vec![(EntityKind::Unit, id)]
        }
        Op::MoveUnit(i, dlat, dlon) => {
            let Some((id, mut u)) = nth(&catalog.units, *i) else { return vec![] };
            u.location.lat += f64::from(*dlat) / 1000.0;
            u.location.lon += f64::from(*dlon) / 1000.0;
            catalog.units.insert(id.clone(), u);
            vec![(EntityKind::Unit, id)]
        }
        Op::RenameOrg(i, w) => {
            let Some((id, mut o)) = nth(&catalog.organizations, *i) else { return vec![] };
            set_text(&mut o.name, 1, phrase(w));
            catalog.organizations.insert(id.clone(), o);
            vec![(EntityKind::Organization, id)]
        }
        Op::ChannelLanguages(i, more) => {
            let Some((id, mut c)) = nth(&catalog.channels, *i) else { return vec![] };
            c.languages = if *more { vec!["fi".into(), "sv".into(), "en".into()] } else { vec!["fi".into()] };
            catalog.channels.insert(id.clone(), c);
            vec![(EntityKind::Channel, id)]
        }
        Op::ChannelUnit(i, unit) => {
            let Some((id, mut c)) = nth(&catalog.channels, *i) else { return vec![] };
            c.unit = unit.and_then(|u| nth(&catalog.units, u)).map(|(id, _)| id);
            c.kind = if c.unit.is_some() { ChannelKind::InPerson } else { ChannelKind::Chat };
            catalog.channels.insert(id.clone(), c);
            vec![(EntityKind::Channel, id)]
        }
        Op::NewChannel(unit) => {
            let (Some((_, mut c)), Some((unit, _))) = (nth(&catalog.channels, 0), nth(&catalog.units, *unit)) else {
                return vec![];
            };
            *created += 1;
            let id = Id::parse(&format!("{}-ch-{created}", ["a", "ch-d", "zz"][*created % 3])).unwrap();
            c.id = id.clone();
            c.kind = ChannelKind::InPerson;
            c.unit = Some(unit);
            catalog.channels.insert(id.clone(), c);
            vec![(EntityKind::Channel, id)]
        }
        Op::Channels(i, channels) => {
            let Some((id, mut s)) = nth(&catalog.services, *i) else { return vec![] };
            s.channels = channels.iter().filter_map(|&c| nth(&catalog.channels, c).map(|(id, _)| id)).collect();
            s.channels.sort();
            s.channels.dedup();
            catalog.services.insert(id.clone(), s);
            vec![(EntityKind::Service, id)]
        }
    }
}

/// Every kind of query: each word alone and in pairs, no text, each language, filters,
/// each sort, several pages.
fn queries() -> Vec<Query> {
    let on = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let at = NaiveDateTime::parse_from_str("2026-12-01T10:00:00", "%Y-%m-%dT%H:%M:%S").unwrap();
    let mut texts: Vec<String> = vec![String::new(), "kotihoidon".into(), "hammas".into(), "hoitola".into()];
    texts.extend(WORDS.iter().map(|w| w.to_string()));
    texts.extend(WORDS.windows(2).step_by(3).map(|w| w.join(" ")));
    let filters = [
        Filters::default(),
        Filters { municipality: Some("638".into()), ..Filters::default() },
        Filters { language: Some("sv".into()), ..Filters::default() },
        Filters { open_at: Some(at), ..Filters::default() },
        Filters { target_group: Some("KR1".into()), ..Filters::default() },
    ];
    let mut out = Vec::new();
    for (n, text) in texts.iter().enumerate() {
        for lang in Lang::ALL {
            for (f, filters) in filters.iter().enumerate() {
                let sort = match (n + f) % 3 {
                    0 => Sort::Relevance,
                    1 => Sort::Name,
                    _ => Sort::Distance { lat: 60.39, lon: 26.1 },
                };
                for (page, per_page) in [(1, 20), (1, 2), (2, 2)] {
                    out.push(Query {
                        text: text.clone(),
                        lang,
                        on: if f == 0 && n % 2 == 1 { on + chrono::Days::new(60) } else { on },
                        filters: filters.clone(),
                        sort,
                        page,
                        per_page,
                    });
                }
            }
        }
    }
    out
}

fn assert_same(kept: &SearchIndex, catalog: &Catalog, queries: &[Query]) -> Result<(), TestCaseError> {
    let built = SearchIndex::build(catalog, Reference::get());
    prop_assert_eq!(kept.len(), built.len());
    for query in queries {
        prop_assert_eq!(kept.search(query), built.search(query), "query {:?}", query);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn kept_up_to_date_equals_rebuilt(ops in prop::collection::vec(op(), 1..24), batch in 1..4usize) {
        let reference = Reference::get();
        let queries = queries();
        let mut catalog = base();
        let mut index = SearchIndex::build(&catalog, reference);
        let mut created = 0;
        for (step, ops) in ops.chunks(batch).enumerate() {
            // A write of several objects at once, as an import makes.
            let mut changed = Vec::new();
            for op in ops {
                changed.extend(apply(&mut catalog, op, &mut created));
            }
            let before = index.clone();
            index = index.updated(&catalog, reference, &SearchIndex::affected(&catalog, &changed));
            // The previous index still answers for the catalog it was made of (readers keep it).
            prop_assert!(before.len() <= index.len());
            if step % 3 == 0 {
                assert_same(&index, &catalog, &queries[..queries.len() / 4])?;
            }
        }
        assert_same(&index, &catalog, &queries)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// The units' links kept up to date write by write, from the services `affected` names
    /// and the changed channels, equal the links of the whole catalog.
    #[test]
    fn unit_links_kept_up_to_date_equal_rebuilt(ops in prop::collection::vec(op(), 1..32), batch in 1..4usize) {
        let mut catalog = base();
        let mut links = UnitLinks::of(&catalog);
        let mut created = 0;
        for ops in ops.chunks(batch) {
            let before = catalog.clone();
            let mut changed = Vec::new();
            for op in ops {
                changed.extend(apply(&mut catalog, op, &mut created));
            }
            let channels: Vec<Id> =
                changed.iter().filter(|(k, _)| *k == EntityKind::Channel).map(|(_, id)| id.clone()).collect();
            links = links.updated(&before, &catalog, &SearchIndex::affected(&catalog, &changed), &channels);
            prop_assert_eq!(&links, &UnitLinks::of(&catalog));
            for unit in catalog.units.values() {
                let walked: Vec<&Id> = catalog.services_at(unit).iter().map(|s| &s.id).collect();
                let linked: Vec<&Id> = links.services_at(&catalog, &unit.id).iter().map(|s| &s.id).collect();
                prop_assert_eq!(walked, linked);
            }
        }
    }
}

/// Readers of an older index are not disturbed by a newer one sharing its parts.
#[test]
fn an_older_index_keeps_answering_for_its_catalog() {
    let reference = Reference::get();
    let old_catalog = base();
    let old = SearchIndex::build(&old_catalog, reference);
    let mut catalog = old_catalog.clone();
    let mut created = 0;
    let mut changed = Vec::new();
    for op in [Op::RenameService(0, 0, vec![18]), Op::Create(1, vec![18, 0]), Op::RenameUnit(0, vec![18])] {
        changed.extend(apply(&mut catalog, &op, &mut created));
    }
    let new = old.updated(&catalog, reference, &SearchIndex::affected(&catalog, &changed));
    let query = |text: &str| Query {
        text: text.into(),
        lang: Lang::Fi,
        on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        filters: Filters::default(),
        sort: Sort::Relevance,
        page: 1,
        per_page: 20,
    };
    // The new word is found in the new index (three services: renamed, created, at the unit)...
    assert!(new.search(&query("xylofoni")).total >= 2);
    // ...and not in the old one, whose answers are those of a fresh build of the old catalog.
    assert_eq!(old.search(&query("xylofoni")).total, 0);
    for text in ["kotihoito", "xylofoni", "", "hammas"] {
        assert_eq!(old.search(&query(text)), SearchIndex::build(&old_catalog, reference).search(&query(text)));
    }
}

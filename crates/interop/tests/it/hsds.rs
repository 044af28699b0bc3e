//! HSDS 3.0: every exported document is valid against the published JSON
//! Schemas, and reading the export back gives the same catalog.

use std::path::PathBuf;

use chrono::NaiveDate;
use domain::text::Lang;
use domain::{Catalog, CatalogDocument};
use interop::hsds::{Writer, read};
use serde_json::Value;

pub fn demo() -> Catalog {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    let mut whole: Option<CatalogDocument> = None;
    for part in ["organizations", "units", "channels", "services"] {
        let doc: CatalogDocument =
            serde_json::from_str(&std::fs::read_to_string(root.join(format!("{part}.json"))).unwrap()).unwrap();
        match &mut whole {
            None => whole = Some(doc),
            Some(w) => {
                w.organizations.extend(doc.organizations);
                w.units.extend(doc.units);
                w.channels.extend(doc.channels);
                w.services.extend(doc.services);
            }
        }
    }
    whole.unwrap().into_catalog().unwrap()
}

fn schema(name: &str) -> Option<jsonschema::Validator> {
    let path = testkit::shared_file(&format!("reference/hsds/schema/compiled/{name}"))?;
    let text = std::fs::read_to_string(&path).unwrap();
    Some(jsonschema::validator_for(&serde_json::from_str::<Value>(&text).unwrap()).unwrap())
}

/// Every language the original has comes back the same; HSDS documents are one
/// language each, so a language the original lacks comes back as the fallback
/// text the export had to write in its place.
fn same_text(back: &domain::text::Text, orig: &domain::text::Text, what: &str) {
    for lang in Lang::ALL {
        match orig.get(lang) {
            Some(t) => assert_eq!(back.get(lang), Some(t), "{what} ({})", lang.code()),
            None => assert_eq!(back.get(lang), orig.best(lang).map(|b| b.1), "{what} ({}: fallback)", lang.code()),
        }
    }
}

fn check(v: &jsonschema::Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = v.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{what} is not valid HSDS:\n{}", errors.join("\n"));
}

#[test]
fn exported_documents_are_valid_hsds() {
    let catalog = demo();
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let (Some(service), Some(org), Some(sal)) =
        (schema("service.json"), schema("organization.json"), schema("service_at_location.json"))
    else {
        return;
    };
    for lang in Lang::ALL {
        let w = Writer { catalog: &catalog, lang };
        for s in catalog.services.values() {
            check(&service, &w.service(s, today), &format!("service {} ({})", s.id, lang.code()));
            for u in catalog.units_of(s) {
                check(&sal, &w.service_at_location(s, u), &format!("service_at_location {}/{}", s.id, u.id));
            }
        }
        for o in catalog.organizations.values() {
            check(&org, &w.organization(o), &format!("organization {}", o.id));
        }
    }
}

#[test]
fn reading_the_export_back_gives_the_same_catalog() {
    let catalog = demo();
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let by_lang: Vec<(Lang, Vec<Value>, Vec<Value>)> = Lang::ALL
        .iter()
        .map(|lang| {
            let w = Writer { catalog: &catalog, lang: *lang };
            // Through text, as a file would be.
            let services: Vec<Value> = catalog.services.values().map(|s| w.service(s, today)).collect();
            let orgs: Vec<Value> = catalog.organizations.values().map(|o| w.organization(o)).collect();
            let round = |v: Vec<Value>| serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap();
            (*lang, round(services), round(orgs))
        })
        .collect();
    let back = read(&by_lang, today).unwrap();
    assert_eq!(back.services.len(), catalog.services.len());
    assert_eq!(back.organizations.len(), catalog.organizations.len());
    for s in &back.services {
        let orig = &catalog.services[&s.id];
        same_text(&s.name, &orig.name, &format!("{}: name", s.id));
        assert_eq!(
            (&s.service_classes, &s.target_groups, &s.life_events),
            (&orig.service_classes, &orig.target_groups, &orig.life_events),
            "{}",
            s.id
        );
        assert_eq!(s.organiser, orig.organiser);
        assert_eq!(s.producers, orig.producers, "{}: producers", s.id);
        let mut units: Vec<String> = catalog.units_of(orig).iter().map(|u| u.id.to_string()).collect();
        units.sort();
        let mut got: Vec<String> = s.units.iter().map(|u| u.to_string()).collect();
        got.sort();
        assert_eq!(got, units, "{}: units", s.id);
        assert_eq!(s.area, orig.area);
    }
    for u in &back.units {
        let orig = &catalog.units[&u.id];
        same_text(&u.name, &orig.name, &format!("{}: name", u.id));
        same_text(&u.address.street, &orig.address.street, &format!("{}: street", u.id));
        same_text(&u.address.post_office, &orig.address.post_office, &format!("{}: post office", u.id));
        assert_eq!(
            (&u.address.postal_code, &u.address.municipality),
            (&orig.address.postal_code, &orig.address.municipality),
            "{}",
            u.id
        );
        assert!((u.location.lat - orig.location.lat).abs() < 1e-9 && (u.location.lon - orig.location.lon).abs() < 1e-9);
        assert!((u.location.n - orig.location.n).abs() < 0.01 && (u.location.e - orig.location.e).abs() < 0.01);
        assert_eq!(u.opening_hours, orig.opening_hours, "{}: hours", u.id);
        same_text(&u.accessibility, &orig.accessibility, &format!("{}: accessibility", u.id));
    }
    for o in &back.organizations {
        let orig = &catalog.organizations[&o.id];
        same_text(&o.name, &orig.name, &format!("{}: name", o.id));
        assert_eq!((o.kind, &o.business_id, &o.parent), (orig.kind, &orig.business_id, &orig.parent), "{}", o.id);
    }
}

/// PTV documents → catalog → HSDS (fi, sv, en) → catalog: names in every
/// language, addresses, coordinates, hours, classes and producers survive.
#[test]
fn ptv_to_hsds_and_back_keeps_what_matters() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/ptv/demo");
    let mut items = Vec::new();
    for file in ["organizations.json", "channels.json", "services.json"] {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        interop::stream::for_each(bytes.as_slice(), |i, v| {
            let at = format!("{file}$[{i}]");
            items.push((interop::ptv::read(&v, &at, today).unwrap_or_else(|e| panic!("{e:?}")), at));
        })
        .unwrap();
    }
    let catalog = interop::ptv::assemble(items).unwrap().into_catalog().unwrap();
    assert_eq!(catalog.services.len(), 15);
    let by_lang: Vec<(Lang, Vec<Value>, Vec<Value>)> = Lang::ALL
        .iter()
        .map(|lang| {
            let w = Writer { catalog: &catalog, lang: *lang };
            (
                *lang,
                catalog.services.values().map(|s| w.service(s, today)).collect(),
                catalog.organizations.values().map(|o| w.organization(o)).collect(),
            )
        })
        .collect();
    let back = read(&by_lang, today).unwrap();
    assert_eq!(back.services.len(), 15);
    for s in &back.services {
        let orig = &catalog.services[&s.id];
        same_text(&s.name, &orig.name, &format!("{}: name", s.id));
        assert_eq!(s.service_classes, orig.service_classes);
        assert_eq!(s.producers, orig.producers, "{}", s.id);
    }
    let three = back.services.iter().find(|s| s.id.as_str() == "759ad7e7-cc14-5271-81d2-d277d9fc1f2b").unwrap();
    assert_eq!(three.producers.len(), 3, "the service with three producers");
    for u in &back.units {
        let orig = &catalog.units[&u.id];
        same_text(&u.address.street, &orig.address.street, &format!("{}: street", u.id));
        assert_eq!(u.address.municipality, orig.address.municipality);
        assert!(
            (u.location.n - orig.location.n).abs() < 0.01 && (u.location.e - orig.location.e).abs() < 0.01,
            "{}",
            u.id
        );
        assert_eq!(u.opening_hours, orig.opening_hours, "{}: hours", u.id);
    }
}

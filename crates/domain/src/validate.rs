//! Validation of catalog objects against reference data and each other.
//! Each problem names the field (a JSON path below the object) so that APIs and
//! importers can point at it. [`entity`] gives the problems that refuse a write;
//! [`warnings`] the likely mistakes that do not.

use crate::catalog::{Catalog, Channel, ChannelKind, Entity, Organization, Service, Unit};
use crate::geo;
use crate::hours::OpeningHours;
use crate::ids::Id;
use crate::reference::{CodeKind, Reference};
use crate::text::{Text, TextList};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub field: String,
    pub problem: String,
}

pub const MAX_NAME: usize = 200;
pub const MAX_TEXT: usize = 10_000;
pub const MAX_KEYWORD: usize = 100;
pub const MAX_LIST: usize = 500;

#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn push(&mut self, field: impl Into<String>, problem: impl Into<String>) {
        self.0.push(Problem { field: field.into(), problem: problem.into() });
    }

    fn name(&mut self, field: &str, text: &Text) {
        if text.is_empty() {
            self.push(field, "is required in at least one of fi, sv, en");
        }
        self.text(field, text, MAX_NAME);
    }

    fn text(&mut self, field: &str, text: &Text, max: usize) {
        for (lang, value) in text.iter() {
            if value.chars().count() > max {
                self.push(format!("{field}.{}", lang.code()), format!("is longer than {max} characters"));
            }
        }
    }

    fn keywords(&mut self, field: &str, list: &TextList) {
        for lang in crate::text::Lang::ALL {
            let words = list.get(lang);
            if words.len() > MAX_LIST {
                self.push(format!("{field}.{}", lang.code()), format!("has more than {MAX_LIST} keywords"));
            }
            for (i, w) in words.iter().enumerate() {
                if w.trim().is_empty() || w.chars().count() > MAX_KEYWORD {
                    self.push(
                        format!("{field}.{}[{i}]", lang.code()),
                        format!("must be 1 to {MAX_KEYWORD} characters"),
                    );
                }
            }
        }
    }

    fn validity(&mut self, from: NaiveDate, to: Option<NaiveDate>) {
        if to.is_some_and(|to| to < from) {
            self.push("valid_to", "is before valid_from");
        }
    }

    fn municipality(&mut self, field: &str, code: &str, reference: &Reference) {
        if reference.municipality(code).is_none() {
            self.push(field, format!("unknown municipality code {code:?}"));
        }
    }

    fn exists<T: Clone>(&mut self, field: &str, id: &Id, map: &crate::catalog::Objects<T>, what: &str) {
        if !map.contains_key(id) {
            self.push(field, format!("unknown {what} {:?}", id.as_str()));
        }
    }

    fn languages(&mut self, field: &str, languages: &[String]) {
        for (i, l) in languages.iter().enumerate() {
            let ok = (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase());
            if !ok {
                self.push(format!("{field}[{i}]"), format!("{l:?} is not an ISO 639 language code"));
            }
        }
    }

    fn hours(&mut self, field: &str, hours: &OpeningHours) {
        for (path, problem) in hours.problems() {
            self.push(format!("{field}.{path}"), problem);
        }
    }

    fn short(&mut self, field: &str, value: &Option<String>, max: usize) {
        if value.as_ref().is_some_and(|v| v.chars().count() > max || v.trim().is_empty()) {
            self.push(field, format!("must be 1 to {max} characters"));
        }
    }

    fn phone(&mut self, field: &str, value: &Option<String>) {
        self.short(field, value, 50);
        if value.as_ref().is_some_and(|v| !phone_ok(v)) {
            self.push(field, "must be a phone number: digits, spaces, +, - and ( ) only, at least 3 digits");
        }
    }

    fn email(&mut self, field: &str, value: &Option<String>) {
        self.short(field, value, 254);
        if value.as_ref().is_some_and(|v| !email_ok(v)) {
            self.push(field, "must be an e-mail address such as kirjaamo@example.fi");
        }
    }

    fn url(&mut self, field: &str, value: &Option<String>) {
        self.short(field, value, 2_000);
        if value.as_ref().is_some_and(|v| !(v.starts_with("https://") || v.starts_with("http://"))) {
            self.push(field, "must be an http(s) URL");
        }
    }
}

/// A phone number as people write it: `+358 19 123 4567`, `(019) 123-4567`, `116117`.
pub fn phone_ok(s: &str) -> bool {
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    digits >= 3 && s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'+' | b'-' | b'(' | b')'))
}

/// An e-mail address: one `@`, something before it, a domain with a dot after it, no spaces.
pub fn email_ok(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
}

/// Y-tunnus: seven digits, a hyphen and a check digit (weights 7,9,10,5,8,4,2; mod 11).
pub fn business_id_ok(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 9 || b[7] != b'-' || !b[..7].iter().chain(&b[8..]).all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = b[..7].iter().zip([7, 9, 10, 5, 8, 4, 2]).map(|(d, w)| u32::from(d - b'0') * w).sum();
    let check = match sum % 11 {
        0 => 0,
        1 => return false,
        r => 11 - r,
    };
    u32::from(b[8] - b'0') == check
}

pub fn organization(o: &Organization, catalog: &Catalog, reference: &Reference) -> Vec<Problem> {
    let mut p = Problems::default();
    p.name("name", &o.name);
    p.validity(o.valid_from, o.valid_to);
    if let Some(id) = &o.business_id
        && !business_id_ok(id)
    {
        p.push("business_id", format!("{id:?} is not a valid business id (Y-tunnus NNNNNNN-N)"));
    }
    if let Some(code) = &o.municipality {
        p.municipality("municipality", code, reference);
    }
    if let Some(parent) = &o.parent {
        if parent == &o.id {
            p.push("parent", "an organization cannot be its own parent");
        } else {
            p.exists("parent", parent, &catalog.organizations, "organization");
        }
    }
    p.url("web", &o.web);
    p.0
}

pub fn unit(u: &Unit, catalog: &Catalog, reference: &Reference) -> Vec<Problem> {
    let mut p = Problems::default();
    p.name("name", &u.name);
    p.text("description", &u.description, MAX_TEXT);
    p.text("accessibility", &u.accessibility, MAX_TEXT);
    p.validity(u.valid_from, u.valid_to);
    p.exists("organization", &u.organization, &catalog.organizations, "organization");
    p.text("address.street", &u.address.street, MAX_NAME);
    p.text("address.post_office", &u.address.post_office, MAX_NAME);
    if !(u.address.postal_code.len() == 5 && u.address.postal_code.bytes().all(|b| b.is_ascii_digit())) {
        p.push("address.postal_code", "must be five digits");
    }
    p.municipality("address.municipality", &u.address.municipality, reference);
    if !u.location.in_finland() {
        p.push(
            "location",
            format!(
                "lat {}, lon {} is outside Finland (swapped latitude and longitude?)",
                u.location.lat, u.location.lon
            ),
        );
    }
    if u.entrances.len() > MAX_ENTRANCES {
        p.push("entrances", format!("at most {MAX_ENTRANCES} entrances"));
    }
    for (i, entrance) in u.entrances.iter().enumerate() {
        p.text(&format!("entrances[{i}].name"), &entrance.name, MAX_NAME);
        if !entrance.location.in_finland() {
            p.push(format!("entrances[{i}].location"), "is outside Finland");
        }
    }
    p.phone("phone", &u.phone);
    p.email("email", &u.email);
    p.url("web", &u.web);
    p.hours("opening_hours", &u.opening_hours);
    for (i, c) in u.capacity.iter().enumerate() {
        if Id::parse(&c.kind).is_err() {
            p.push(format!("capacity[{i}].kind"), "must be a slug such as short_term_apartment");
        }
        p.text(&format!("capacity[{i}].label"), &c.label, MAX_NAME);
    }
    p.0
}

pub fn channel(c: &Channel, catalog: &Catalog, _reference: &Reference) -> Vec<Problem> {
    let mut p = Problems::default();
    p.name("name", &c.name);
    p.text("description", &c.description, MAX_TEXT);
    p.validity(c.valid_from, c.valid_to);
    p.exists("organization", &c.organization, &catalog.organizations, "organization");
    match (&c.unit, c.kind) {
        (Some(unit), _) => p.exists("unit", unit, &catalog.units, "unit"),
        (None, ChannelKind::InPerson) => p.push("unit", "is required for an in_person channel"),
        (None, _) => {}
    }
    if c.kind == ChannelKind::Phone && c.phone.is_none() {
        p.push("phone", "is required for a phone channel");
    }
    let needs_url =
        matches!(c.kind, ChannelKind::Video | ChannelKind::Chat | ChannelKind::EService | ChannelKind::WebPage);
    if needs_url && c.url.is_none() {
        p.push("url", "is required for this kind of channel");
    }
    p.short("phone", &c.phone, 50);
    p.url("url", &c.url);
    p.languages("languages", &c.languages);
    p.hours("hours", &c.hours);
    p.0
}

pub fn service(s: &Service, catalog: &Catalog, reference: &Reference) -> Vec<Problem> {
    let mut p = Problems::default();
    p.name("name", &s.name);
    p.text("summary", &s.summary, MAX_TEXT);
    p.text("description", &s.description, MAX_TEXT);
    p.text("eligibility", &s.eligibility, MAX_TEXT);
    p.keywords("keywords", &s.keywords);
    p.validity(s.valid_from, s.valid_to);
    p.exists("organiser", &s.organiser, &catalog.organizations, "organization");
    for (i, producer) in s.producers.iter().enumerate() {
        p.exists(
            &format!("producers[{i}].organization"),
            &producer.organization,
            &catalog.organizations,
            "organization",
        );
    }
    for (field, kind, codes) in [
        ("service_classes", CodeKind::ServiceClass, &s.service_classes),
        ("target_groups", CodeKind::TargetGroup, &s.target_groups),
        ("life_events", CodeKind::LifeEvent, &s.life_events),
    ] {
        for (i, code) in codes.iter().enumerate() {
            if reference.code(kind, code).is_none() {
                p.push(format!("{field}[{i}]"), format!("unknown {} code {code:?}", kind.as_str().replace('_', " ")));
            }
        }
    }
    for (i, code) in s.area.iter().enumerate() {
        p.municipality(&format!("area[{i}]"), code, reference);
    }
    for (i, unit) in s.units.iter().enumerate() {
        p.exists(&format!("units[{i}]"), unit, &catalog.units, "unit");
    }
    for (i, channel) in s.channels.iter().enumerate() {
        p.exists(&format!("channels[{i}]"), channel, &catalog.channels, "channel");
    }
    p.languages("languages", &s.languages);
    p.0
}

/// Problems of one object against a catalog that already holds it (and everything it refers to).
pub fn entity(entity: &Entity, catalog: &Catalog, reference: &Reference) -> Vec<Problem> {
    match entity {
        Entity::Organization(x) => organization(x, catalog, reference),
        Entity::Unit(x) => unit(x, catalog, reference),
        Entity::Channel(x) => channel(x, catalog, reference),
        Entity::Service(x) => service(x, catalog, reference),
    }
}

/// Warnings about one object: likely mistakes that do not refuse a write (unlike the
/// problems of [`entity`]), for editors and importers to show beside it. Each names its field
/// as a [`Problem`] does. Only the object itself is read, so no catalog is needed.
///
/// Today there is one: a unit whose `location` lies in another municipality than the one its
/// `address.municipality` names, and farther than [`geo::BORDER_TOLERANCE_M`] from it (the
/// boundaries are simplified and generalised, so a unit on a municipal border is not warned).
/// A unit with an unknown municipality or a location outside Finland gets no warning: those
/// are problems of [`entity`] already.
pub fn warnings(entity: &Entity, reference: &Reference) -> Vec<Problem> {
    match entity {
        Entity::Unit(u) => unit_warnings(u, reference),
        Entity::Organization(_) | Entity::Channel(_) | Entity::Service(_) => Vec::new(),
    }
}

/// The most entrances a unit may list.
pub const MAX_ENTRANCES: usize = 20;

/// How far from a unit's point its entrances may lie before a warning (PTV's own check
/// in `data/ptv/check.py` uses 300 m).
pub const ENTRANCE_TOLERANCE_M: f64 = 300.0;

/// The [`warnings`] of a unit.
pub fn unit_warnings(u: &Unit, reference: &Reference) -> Vec<Problem> {
    let mut p = Problems::default();
    let (lat, lon) = (u.location.lat, u.location.lon);
    let named = &u.address.municipality;
    if let (Some(address), Some(at)) = (reference.municipality(named), geo::municipality_at(lat, lon))
        && at != named
        && !geo::near_municipality(lat, lon, named, geo::BORDER_TOLERANCE_M)
    {
        let lies_in = reference.municipality(at).map_or_else(|| at.to_owned(), municipality_name);
        p.push(
            "location",
            format!(
                "lat {lat}, lon {lon} lies in {lies_in}, not in {} that address.municipality names",
                municipality_name(address)
            ),
        );
    }
    // An entrance far from the unit's point is likely a typing or projection mistake.
    for (i, entrance) in u.entrances.iter().enumerate() {
        let metres = entrance.location.distance_m(&u.location);
        if metres > ENTRANCE_TOLERANCE_M {
            p.push(
                format!("entrances[{i}].location"),
                format!(
                    "{metres:.0} m from the unit's location; an entrance is expected within {ENTRANCE_TOLERANCE_M:.0} m"
                ),
            );
        }
    }
    // A survey whose values cannot all be true is kept, and flagged to the catalog team.
    for (variables, what) in u.accessibility_survey.contradictions() {
        let field = variables.first().map_or("", |v| v.code());
        p.push(format!("accessibility_survey.facts.{field}"), format!("contradictory survey: {what}"));
    }
    p.0
}

/// "Porvoo (638)", "Mariehamn (478)": the name in the municipality's majority language and the code.
fn municipality_name(m: &crate::reference::Municipality) -> String {
    let lang = if m.language_status >= 2 { crate::Lang::Sv } else { crate::Lang::Fi };
    format!("{} ({})", m.name.show(lang), m.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn business_ids() {
        for good in ["0201256-6", "1572860-0", "0737546-2"] {
            assert!(business_id_ok(good), "{good}");
        }
        for bad in ["0201256-5", "201256-6", "02012566", "0201256-x", ""] {
            assert!(!business_id_ok(bad), "{bad}");
        }
    }

    #[test]
    fn unit_contact_fields_are_checked() {
        for good in ["+358 19 520 2000", "(019) 123-4567", "116117"] {
            assert!(phone_ok(good), "{good}");
        }
        for bad in ["12", "call us", "+358 19 520 2000 ext. 5", ""] {
            assert!(!phone_ok(bad), "{bad}");
        }
        for good in ["kirjaamo@itauusimaa.fi", "a.b@c.example"] {
            assert!(email_ok(good), "{good}");
        }
        for bad in ["kirjaamo", "@itauusimaa.fi", "a@b", "a@b.", "a b@c.fi", "a@b@c.fi", ""] {
            assert!(!email_ok(bad), "{bad}");
        }
        let reference = Reference::get();
        let mut unit = unit_at(60.3795, 25.6928, "638");
        unit.phone = Some("call us".into());
        unit.email = Some("kirjaamo".into());
        unit.web = Some("www.example.fi".into());
        let fields: Vec<String> =
            unit_problems(&unit, reference).into_iter().map(|p| p.field).filter(|f| f != "organization").collect();
        assert_eq!(fields, ["phone", "email", "web"]);
    }

    fn unit_problems(u: &Unit, reference: &Reference) -> Vec<Problem> {
        unit(u, &Catalog::default(), reference)
    }

    fn unit_at(lat: f64, lon: f64, municipality: &str) -> Unit {
        serde_json::from_value(serde_json::json!({
            "id": "unit-x", "organization": "org-x", "name": {"fi": "X"},
            "address": {"street": {"fi": "Katu 1"}, "postal_code": "00100", "municipality": municipality},
            "location": {"lat": lat, "lon": lon}, "valid_from": "2026-01-01"
        }))
        .expect("a unit")
    }

    /// `(lat, lon, address.municipality, expected warning or "" for none, what the case is)`.
    #[test]
    fn location_in_another_municipality_than_the_address_is_a_warning() {
        let reference = Reference::get();
        let cases = [
            (60.1710, 24.9414, "091", "", "Helsinki railway station in Helsinki"),
            (
                60.1710,
                24.9414,
                "092",
                "lat 60.171, lon 24.9414 lies in Helsinki (091), not in Vantaa (092) that address.municipality names",
                "Helsinki railway station with a Vantaa address",
            ),
            (
                60.097,
                19.935,
                "091",
                "lat 60.097, lon 19.935 lies in Mariehamn (478), not in Helsinki (091) that address.municipality names",
                "Swedish-speaking municipalities by their Swedish name",
            ),
            (60.3795, 25.6928, "638", "", "Porvoo hospital in Porvoo"),
            // Either side of where the file draws the Helsinki–Vantaa border: 150 m away is within
            // the tolerance of the named municipality, 250 m is not.
            (60.25484, 25.08236, "092", "", "Helsinki 150 m from Vantaa, with a Vantaa address"),
            (60.25416, 25.0876, "091", "", "Vantaa 150 m from Helsinki, with a Helsinki address"),
            (
                60.25507,
                25.08061,
                "092",
                "lat 60.25507, lon 25.08061 lies in Helsinki (091), not in Vantaa (092) that address.municipality names",
                "Helsinki 250 m from Vantaa, with a Vantaa address",
            ),
            (
                60.25393,
                25.08935,
                "091",
                "lat 60.25393, lon 25.08935 lies in Vantaa (092), not in Helsinki (091) that address.municipality names",
                "Vantaa 250 m from Helsinki, with a Helsinki address",
            ),
            (61.5028, 26.4792, "507", "", "Pertunmaa church village, now Mäntyharju"),
            (65.8355, 24.1368, "851", "", "outside Finland: a problem of validate::unit, not a warning"),
            (24.9414, 60.1710, "091", "", "swapped: a problem, not a warning"),
            (60.1710, 24.9414, "999", "", "unknown municipality: a problem, not a warning"),
        ];
        for (lat, lon, municipality, expected, name) in cases {
            let got = warnings(&Entity::Unit(unit_at(lat, lon, municipality)), reference);
            let expected: Vec<Problem> = if expected.is_empty() {
                Vec::new()
            } else {
                vec![Problem { field: "location".into(), problem: expected.into() }]
            };
            assert_eq!(got, expected, "{name}");
        }
        // A Vantaa address 800 m into Helsinki is warned.
        let far = warnings(&Entity::Unit(unit_at(60.2574, 24.9760, "092")), reference);
        assert!(far.len() == 1 && far[0].problem.contains("Helsinki (091)"), "{far:?}");
    }

    #[test]
    fn the_unit_problems_still_refuse_swapped_and_foreign_locations() {
        let reference = Reference::get();
        for (lat, lon) in [(24.9414, 60.1710), (65.8355, 24.1368), (59.437, 24.745)] {
            let problems = unit(&unit_at(lat, lon, "091"), &Catalog::default(), reference);
            assert!(
                problems.iter().any(|p| p.field == "location"
                    && p.problem.ends_with("is outside Finland (swapped latitude and longitude?)")),
                "{lat}, {lon}: {problems:?}"
            );
        }
        let problems = unit(&unit_at(66.39, 23.72, "976"), &Catalog::default(), reference);
        assert!(!problems.iter().any(|p| p.field == "location"), "Aavasaksa: {problems:?}");
    }

    /// The demo county's units lie in the municipalities their addresses name.
    #[test]
    fn the_demo_units_have_no_warnings() {
        let document: crate::CatalogDocument =
            serde_json::from_str(include_str!("../../../data/demo/units.json")).expect("the demo units");
        assert!(document.units.len() > 50);
        for u in &document.units {
            assert_eq!(unit_warnings(u, Reference::get()), Vec::new(), "{}", u.id.as_str());
        }
    }
}

//! Open Referral HSDS 3.0: the catalog as HSDS objects (one language per
//! document, as HSDS has it), and HSDS documents back into the catalog.
//!
//! Mapping (docs/interop.md): organization → organization (business id as
//! `tax_id`); service → service (`status` inactive when retired, organiser as
//! `organization`); unit → location (WGS84, address with the municipality as
//! `region`, opening hours as weekly iCal `schedules`, exceptions as dated
//! schedules) joined by `service_at_location`; municipalities → `service_areas`;
//! PTV classes, target groups and life events → `attributes` with taxonomy
//! terms; producers and Polku's own ids → attributes of Polku's taxonomies, so
//! that an import of the export gives the same catalog back.
//!
//! HSDS ids are UUIDs: PTV ids are kept as they are; other Polku ids get a
//! stable name-based UUID, and the Polku id travels in a `polku_id` attribute.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use domain::catalog::{Address, Catalog, Charge, OrgKind, Organization, Producer, Provision, Service, Tier, Unit};
use domain::geo::Location;
use domain::hours::{Day, Exception, Interval, OpeningHours, TimeOfDay, WeeklyHours};
use domain::reference::{CodeKind, Reference};
use domain::text::{Lang, Text};
use domain::{CatalogDocument, Id, Problem};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

pub const VERSION: &str = "3.0";

/// A stable UUID for a Polku object (its id if that already is a UUID).
pub fn uuid_for(kind: &str, id: &str) -> String {
    if is_uuid(id) {
        return id.to_owned();
    }
    let h = Sha256::digest(format!("polku:{kind}:{id}").as_bytes());
    let mut b: [u8; 16] = h[..16].try_into().expect("sixteen bytes");
    b[6] = (b[6] & 0x0f) | 0x80; // version 8: custom, name-based
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 9562 variant
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

pub fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Polku's own taxonomies, besides PTV's.
const TAXONOMIES: [(&str, &str, &str); 6] = [
    ("ptv-service-classes", "PTV service classes", "Suomi.fi service classes (Finto), P…"),
    ("ptv-target-groups", "PTV target groups", "Suomi.fi target groups (Finto), KR…"),
    ("ptv-life-events", "PTV life events", "Suomi.fi life events (Finto), KE…"),
    ("polku-id", "Polku ids", "The object's id in Polku, for round trips"),
    ("polku-producer", "Producers", "Who produces the service and how: self_produced, procured, voucher, other"),
    (
        "polku-organization-kind",
        "Kinds of organization",
        "wellbeing_services_county, municipality, ngo, private_company…",
    ),
];

fn taxonomy_id(name: &str) -> String {
    uuid_for("taxonomy", name)
}

fn term_id(taxonomy: &str, code: &str) -> String {
    uuid_for("taxonomy-term", &format!("{taxonomy}:{code}"))
}

fn kind_code(kind: CodeKind) -> &'static str {
    match kind {
        CodeKind::ServiceClass => "ptv-service-classes",
        CodeKind::TargetGroup => "ptv-target-groups",
        CodeKind::LifeEvent => "ptv-life-events",
    }
}

/// Writes HSDS in one language.
pub struct Writer<'a> {
    pub catalog: &'a Catalog,
    pub lang: Lang,
}

fn t(text: &Text, lang: Lang) -> String {
    text.show(lang).to_owned()
}

impl Writer<'_> {
    fn term(&self, taxonomy: &str, code: &str) -> Value {
        let reference = Reference::get();
        let (name, kind) = match taxonomy {
            "ptv-service-classes" => (None, Some(CodeKind::ServiceClass)),
            "ptv-target-groups" => (None, Some(CodeKind::TargetGroup)),
            "ptv-life-events" => (None, Some(CodeKind::LifeEvent)),
            _ => (Some(code.to_owned()), None),
        };
        let name = name.unwrap_or_else(|| kind.map(|k| reference.code_name(k, code, self.lang)).unwrap_or_default());
        json!({
            "id": term_id(taxonomy, code),
            "code": code,
            "name": name,
            "description": name,
            "taxonomy": taxonomy,
            "taxonomy_id": taxonomy_id(taxonomy),
            "language": self.lang.code(),
        })
    }

    fn attribute(&self, link_id: &str, entity: &str, taxonomy: &str, code: &str, value: Option<&str>) -> Value {
        let mut a = json!({
            "id": uuid_for("attribute", &format!("{link_id}:{taxonomy}:{code}:{}", value.unwrap_or(""))),
            "link_id": link_id,
            "link_type": taxonomy,
            "link_entity": entity,
            "taxonomy_term_id": term_id(taxonomy, code),
            "taxonomy_term": self.term(taxonomy, code),
        });
        if let Some(v) = value {
            a["value"] = json!(v);
        }
        a
    }

    pub fn organization(&self, o: &Organization) -> Value {
        let id = uuid_for("organization", o.id.as_str());
        let kind = serde_json::to_value(o.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        let mut v = json!({
            "id": id,
            "name": t(&o.name, self.lang),
            "description": t(&o.name, self.lang),
            "attributes": [
                self.attribute(&id, "organization", "polku-id", "polku-id", Some(o.id.as_str())),
                self.attribute(&id, "organization", "polku-organization-kind", &kind, None),
            ],
        });
        if let Some(b) = &o.business_id {
            v["tax_id"] = json!(b);
        }
        if let Some(w) = &o.web {
            v["website"] = json!(w);
        }
        if let Some(p) = &o.parent {
            v["parent_organization_id"] = json!(uuid_for("organization", p.as_str()));
        }
        v
    }

    pub fn location(&self, u: &Unit) -> Value {
        let id = uuid_for("unit", u.id.as_str());
        let reference = Reference::get();
        let municipality =
            reference.municipality(&u.address.municipality).map(|m| t(&m.name, self.lang)).unwrap_or_default();
        let mut schedules = Vec::new();
        let hours = &u.opening_hours;
        if hours.always_open {
            schedules.push(json!({"id": uuid_for("schedule", &format!("{id}:always")), "location_id": id, "freq": "WEEKLY",
                "byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "24:00", "description": "always open"}));
        }
        for (i, w) in hours.weekly.iter().enumerate() {
            let byday: Vec<&str> =
                w.days.iter().map(|d| ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][*d as usize]).collect();
            let mut s = json!({
                "id": uuid_for("schedule", &format!("{id}:w{i}")),
                "location_id": id,
                "freq": "WEEKLY",
                "byday": byday.join(","),
                "opens_at": String::from(w.opens),
                "closes_at": String::from(w.closes),
            });
            if let Some(f) = w.valid_from {
                s["valid_from"] = json!(f);
            }
            if let Some(to) = w.valid_to {
                s["valid_to"] = json!(to);
            }
            schedules.push(s);
        }
        for (i, x) in hours.exceptions.iter().enumerate() {
            let base = json!({
                "location_id": id,
                "dtstart": x.from,
                "until": x.to.unwrap_or(x.from),
                "description": if x.closed { "closed" } else { "exceptional hours" },
                "notes": t(&x.note, self.lang),
            });
            if x.closed || x.hours.is_empty() {
                let mut s = base.clone();
                s["id"] = json!(uuid_for("schedule", &format!("{id}:x{i}")));
                schedules.push(s);
            }
            for (k, h) in x.hours.iter().enumerate() {
                let mut s = base.clone();
                s["id"] = json!(uuid_for("schedule", &format!("{id}:x{i}:{k}")));
                s["opens_at"] = json!(String::from(h.opens));
                s["closes_at"] = json!(String::from(h.closes));
                schedules.push(s);
            }
        }
        let mut v = json!({
            "id": id,
            "location_type": "physical",
            "organization_id": uuid_for("organization", u.organization.as_str()),
            "name": t(&u.name, self.lang),
            "description": t(&u.description, self.lang),
            "latitude": u.location.lat,
            "longitude": u.location.lon,
            "addresses": [{
                "id": uuid_for("address", u.id.as_str()),
                "location_id": id,
                "address_1": t(&u.address.street, self.lang),
                "city": if u.address.post_office.is_empty() { municipality.clone() } else { t(&u.address.post_office, self.lang) },
                "region": municipality,
                "state_province": reference.municipality(&u.address.municipality).map(|m| t(&m.county, self.lang)).unwrap_or_default(),
                "postal_code": u.address.postal_code,
                "country": "FI",
                "address_type": "physical",
            }],
            "schedules": schedules,
            "attributes": [self.attribute(&id, "location", "polku-id", "polku-id", Some(u.id.as_str()))],
        });
        if !u.accessibility.is_empty() {
            v["accessibility"] = json!([{"id": uuid_for("accessibility", u.id.as_str()), "location_id": id, "description": t(&u.accessibility, self.lang)}]);
        }
        if let Some(p) = &u.phone {
            v["phones"] = json!([{"id": uuid_for("phone", u.id.as_str()), "location_id": id, "number": p}]);
        }
        if let Some(email) = &u.email {
            v["contacts"] = json!([{"id": uuid_for("contact", u.id.as_str()), "location_id": id, "email": email}]);
        }
        if let Some(web) = &u.web {
            v["url"] = json!(web);
        }
        v
    }

    pub fn service_at_location(&self, s: &Service, u: &Unit) -> Value {
        let sid = uuid_for("service", s.id.as_str());
        let lid = uuid_for("unit", u.id.as_str());
        json!({
            "id": uuid_for("service-at-location", &format!("{}:{}", s.id, u.id)),
            "service_id": sid,
            "location_id": lid,
            "location": self.location(u),
        })
    }

    pub fn service(&self, s: &Service, today: NaiveDate) -> Value {
        let id = uuid_for("service", s.id.as_str());
        let reference = Reference::get();
        let mut attributes = vec![self.attribute(&id, "service", "polku-id", "polku-id", Some(s.id.as_str()))];
        for (kind, codes) in [
            (CodeKind::ServiceClass, &s.service_classes),
            (CodeKind::TargetGroup, &s.target_groups),
            (CodeKind::LifeEvent, &s.life_events),
        ] {
            for c in codes {
                attributes.push(self.attribute(&id, "service", kind_code(kind), c, None));
            }
        }
        for p in &s.producers {
            let code =
                serde_json::to_value(p.provision).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
            attributes.push(self.attribute(
                &id,
                "service",
                "polku-producer",
                &code,
                Some(&uuid_for("organization", p.organization.as_str())),
            ));
        }
        let status =
            if s.valid_to.is_some_and(|to| to < today) || s.valid_from > today { "inactive" } else { "active" };
        let organisation = self.catalog.organizations.get(&s.organiser).map(|o| self.organization(o));
        let units = self.catalog.units_of(s);
        let url = self.catalog.channels_of(s).find_map(|c| c.url.clone());
        let mut v = json!({
            "id": id,
            "organization_id": uuid_for("organization", s.organiser.as_str()),
            "name": t(&s.name, self.lang),
            "description": t(&if s.description.is_empty() { s.summary.clone() } else { s.description.clone() }, self.lang),
            "status": status,
            "languages": s.languages.iter().map(|l| json!({"id": uuid_for("language", &format!("{}:{l}", s.id)), "service_id": id, "code": l})).collect::<Vec<_>>(),
            "service_areas": s.area.iter().map(|m| json!({
                "id": uuid_for("service-area", &format!("{}:{m}", s.id)),
                "service_id": id,
                "name": reference.municipality(m).map(|x| t(&x.name, self.lang)).unwrap_or_else(|| m.clone()),
                "extent_type": "text",
                "extent": m,
            })).collect::<Vec<_>>(),
            "service_at_locations": units.iter().map(|u| self.service_at_location(s, u)).collect::<Vec<_>>(),
            "attributes": attributes,
            "last_modified": last_modified(s),
        });
        if !s.summary.is_empty() {
            v["alternate_name"] = json!(t(&s.summary, self.lang));
        }
        if !s.eligibility.is_empty() {
            v["eligibility_description"] = json!(t(&s.eligibility, self.lang));
        }
        match s.charge {
            Charge::Free => v["fees_description"] = json!("free"),
            Charge::Chargeable => v["fees_description"] = json!("chargeable"),
            Charge::Other => {}
        }
        if let Some(u) = url {
            v["url"] = json!(u);
        }
        if let Some(o) = organisation {
            v["organization"] = o;
        }
        v
    }

    pub fn taxonomies(&self) -> Vec<Value> {
        TAXONOMIES
            .iter()
            .map(|(id, name, description)| json!({"id": taxonomy_id(id), "name": name, "description": description, "version": "1"}))
            .collect()
    }

    /// The terms in use: PTV codes of the catalog's services, and Polku's own.
    pub fn taxonomy_terms(&self) -> Vec<Value> {
        // The distinct codes first: a term's id is a hash, computed once per term, not per use.
        let mut used: std::collections::BTreeSet<(&'static str, &str)> = std::collections::BTreeSet::new();
        for s in self.catalog.services.values() {
            for (kind, codes) in [
                (CodeKind::ServiceClass, &s.service_classes),
                (CodeKind::TargetGroup, &s.target_groups),
                (CodeKind::LifeEvent, &s.life_events),
            ] {
                used.extend(codes.iter().map(|c| (kind_code(kind), c.as_str())));
            }
        }
        let mut terms: BTreeMap<String, Value> =
            used.into_iter().map(|(tax, code)| (term_id(tax, code), self.term(tax, code))).collect();
        // Polku's own terms: every one that an attribute of a service or an
        // organization can carry, so that each term id in an answer resolves.
        let kinds: Vec<String> = OrgKind::ALL
            .iter()
            .filter_map(|k| serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_owned)))
            .collect();
        for (tax, code) in [("polku-id", "polku-id")]
            .into_iter()
            .chain(["self_produced", "procured", "voucher", "other"].map(|c| ("polku-producer", c)))
            .chain(kinds.iter().map(|c| ("polku-organization-kind", c.as_str())))
        {
            terms.insert(term_id(tax, code), self.term(tax, code));
        }
        terms.into_values().collect()
    }

    /// One taxonomy by its HSDS id (a UUID) or Polku's name for it (`ptv-service-classes`).
    pub fn taxonomy(&self, id: &str) -> Option<Value> {
        self.taxonomies()
            .into_iter()
            .zip(TAXONOMIES)
            .find(|(t, (name, _, _))| t["id"] == id || *name == id)
            .map(|(t, _)| t)
    }

    /// One taxonomy term by its HSDS id, among [`Writer::taxonomy_terms`].
    pub fn taxonomy_term(&self, id: &str) -> Option<Value> {
        self.taxonomy_terms().into_iter().find(|t| t["id"] == id)
    }
}

/// HSDS's paged list.
pub fn page(items: Vec<Value>, page: usize, per_page: usize) -> Value {
    let total = items.len();
    let contents: Vec<Value> =
        items.into_iter().skip(page.saturating_sub(1).saturating_mul(per_page)).take(per_page).collect();
    page_of(total, page, per_page, contents)
}

/// A page whose `contents` were built for it alone, out of `total` items.
pub fn page_of(total: usize, page: usize, per_page: usize, contents: Vec<Value>) -> Value {
    let pages = total.div_ceil(per_page.max(1)).max(1);
    json!({
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": contents.len(),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": contents.is_empty(),
        "contents": contents,
    })
}

/// Whether a service carries the taxonomy term `term` (an HSDS term id).
pub fn service_has_term(s: &Service, term: &str) -> bool {
    codes_of(s).any(|(tax, code)| term_id(tax, code) == term)
}

/// Whether a service carries any term of the taxonomy `taxonomy` (an HSDS taxonomy id).
pub fn service_in_taxonomy(s: &Service, taxonomy: &str) -> bool {
    codes_of(s).any(|(tax, _)| taxonomy_id(tax) == taxonomy)
}

fn codes_of(s: &Service) -> impl Iterator<Item = (&'static str, &str)> {
    let classes = s.service_classes.iter().map(|c| ("ptv-service-classes", c.as_str()));
    let groups = s.target_groups.iter().map(|c| ("ptv-target-groups", c.as_str()));
    let events = s.life_events.iter().map(|c| ("ptv-life-events", c.as_str()));
    let producers = s.producers.iter().map(|p| {
        let code = match p.provision {
            Provision::SelfProduced => "self_produced",
            Provision::Procured => "procured",
            Provision::Voucher => "voucher",
            Provision::Other => "other",
        };
        ("polku-producer", code)
    });
    classes.chain(groups).chain(events).chain(producers)
}

/// The service's `last_modified`.
pub fn last_modified(s: &Service) -> String {
    s.provenance.modified.clone().unwrap_or_else(|| format!("{}T00:00:00Z", s.valid_from))
}

// --- back into the catalog ---

fn polku_id(v: &Value) -> Option<String> {
    v.get("attributes")?
        .as_array()?
        .iter()
        .find(|a| a.get("link_type").and_then(Value::as_str) == Some("polku-id"))?
        .get("value")?
        .as_str()
        .map(str::to_owned)
}

fn codes(v: &Value, taxonomy: &str) -> Vec<String> {
    v.get("attributes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|a| a.get("link_type").and_then(Value::as_str) == Some(taxonomy))
        .filter_map(|a| a.get("taxonomy_term").and_then(|t| t.get("code")).and_then(Value::as_str).map(str::to_owned))
        .collect()
}

fn day_of(code: &str) -> Option<Day> {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"].iter().position(|d| *d == code).map(|i| Day::ALL[i])
}

/// Reads HSDS documents back: `services` and `organizations` per language
/// (the same objects in each). Everything Polku wrote comes back; objects
/// from other HSDS publishers get ids from their HSDS ids.
pub fn read(by_lang: &[(Lang, Vec<Value>, Vec<Value>)], today: NaiveDate) -> Result<CatalogDocument, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut orgs: BTreeMap<String, Organization> = BTreeMap::new();
    let mut units: BTreeMap<String, Unit> = BTreeMap::new();
    let mut services: BTreeMap<String, Service> = BTreeMap::new();
    let mut org_ids: BTreeMap<String, Id> = BTreeMap::new(); // HSDS id → Polku id
    let id_of = |v: &Value, field: &str, problems: &mut Vec<Problem>| -> Option<Id> {
        let raw = polku_id(v).or_else(|| v.get("id").and_then(Value::as_str).map(str::to_owned))?;
        match Id::parse(&raw.to_ascii_lowercase()) {
            Ok(id) => Some(id),
            Err(e) => {
                problems.push(Problem { field: field.to_owned(), problem: e.to_string() });
                None
            }
        }
    };
    let set = |text: &mut Text, lang: Lang, v: Option<&Value>| {
        if let Some(s) = v.and_then(Value::as_str).filter(|s| !s.is_empty()) {
            text.set(lang, Some(s.to_owned()));
        }
    };
    for (lang, svcs, organizations) in by_lang {
        let lang = *lang;
        for (i, o) in organizations.iter().enumerate() {
            let field = format!("{}/organizations[{i}]", lang.code());
            let Some(id) = id_of(o, &field, &mut problems) else { continue };
            if let Some(h) = o.get("id").and_then(Value::as_str) {
                org_ids.insert(h.to_owned(), id.clone());
            }
            let kind = codes(o, "polku-organization-kind")
                .first()
                .and_then(|k| serde_json::from_value::<OrgKind>(json!(k)).ok())
                .unwrap_or(OrgKind::Ngo);
            let e = orgs.entry(id.to_string()).or_insert_with(|| Organization {
                id: id.clone(),
                name: Text::default(),
                business_id: o.get("tax_id").and_then(Value::as_str).map(str::to_owned),
                kind,
                municipality: None,
                parent: None,
                web: o.get("website").and_then(Value::as_str).map(str::to_owned),
                valid_from: today,
                valid_to: None,
                provenance: Default::default(),
            });
            set(&mut e.name, lang, o.get("name"));
            if let Some(p) = o.get("parent_organization_id").and_then(Value::as_str) {
                e.parent = Some(Id::parse(&p.to_ascii_lowercase()).unwrap_or_else(|_| e.id.clone()));
            }
        }
        // Parents by HSDS id to Polku ids.
        for o in orgs.values_mut() {
            if let Some(p) = &o.parent
                && let Some(pid) = org_ids.get(p.as_str())
            {
                o.parent = Some(pid.clone());
            }
        }
        for (i, s) in svcs.iter().enumerate() {
            let field = format!("{}/services[{i}]", lang.code());
            let Some(id) = id_of(s, &field, &mut problems) else { continue };
            let organiser = s.get("organization_id").and_then(Value::as_str).and_then(|h| org_ids.get(h).cloned());
            let Some(organiser) = organiser else {
                problems.push(Problem {
                    field: format!("{field}.organization_id"),
                    problem: "names no organization of the documents".into(),
                });
                continue;
            };
            let producers: Vec<Producer> = s
                .get("attributes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|a| a.get("link_type").and_then(Value::as_str) == Some("polku-producer"))
                .filter_map(|a| {
                    let provision = a.get("taxonomy_term")?.get("code")?.as_str()?;
                    let org = org_ids.get(a.get("value")?.as_str()?)?.clone();
                    Some(Producer {
                        organization: org,
                        provision: serde_json::from_value::<Provision>(json!(provision)).ok()?,
                    })
                })
                .collect();
            let mut unit_ids = Vec::new();
            for (k, sal) in s.get("service_at_locations").and_then(Value::as_array).into_iter().flatten().enumerate() {
                let Some(loc) = sal.get("location") else { continue };
                let lfield = format!("{field}.service_at_locations[{k}].location");
                let Some(uid) = id_of(loc, &lfield, &mut problems) else { continue };
                unit_ids.push(uid.clone());
                let (Some(lat), Some(lon)) =
                    (loc.get("latitude").and_then(Value::as_f64), loc.get("longitude").and_then(Value::as_f64))
                else {
                    problems
                        .push(Problem { field: format!("{lfield}.latitude"), problem: "missing coordinates".into() });
                    continue;
                };
                let address = loc
                    .get("addresses")
                    .and_then(Value::as_array)
                    .and_then(|a| a.first())
                    .cloned()
                    .unwrap_or(Value::Null);
                let region = address.get("region").and_then(Value::as_str).unwrap_or("");
                let municipality = Reference::get()
                    .municipalities
                    .values()
                    .find(|m| Lang::ALL.iter().any(|l| m.name.get(*l) == Some(region)))
                    .map(|m| m.code.clone())
                    .unwrap_or_default();
                let org = loc
                    .get("organization_id")
                    .and_then(Value::as_str)
                    .and_then(|h| org_ids.get(h).cloned())
                    .unwrap_or(organiser.clone());
                let u = units.entry(uid.to_string()).or_insert_with(|| Unit {
                    id: uid.clone(),
                    organization: org,
                    name: Text::default(),
                    description: Text::default(),
                    address: Address {
                        street: Text::default(),
                        postal_code: address.get("postal_code").and_then(Value::as_str).unwrap_or("").to_owned(),
                        post_office: Text::default(),
                        municipality,
                    },
                    location: Location::from_wgs84(lat, lon),
                    entrances: Vec::new(),
                    phone: loc
                        .get("phones")
                        .and_then(Value::as_array)
                        .and_then(|p| p.first())
                        .and_then(|p| p.get("number"))
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    email: loc
                        .get("contacts")
                        .and_then(Value::as_array)
                        .and_then(|c| c.iter().find_map(|c| c.get("email").and_then(Value::as_str)))
                        .map(str::to_owned),
                    web: loc.get("url").and_then(Value::as_str).map(str::to_owned),
                    opening_hours: hours_of(loc),
                    accessibility: Text::default(),
                    accessibility_survey: Default::default(),
                    capacity: Vec::new(),
                    valid_from: today,
                    valid_to: None,
                    provenance: Default::default(),
                });
                set(&mut u.name, lang, loc.get("name"));
                set(&mut u.description, lang, loc.get("description"));
                set(&mut u.address.street, lang, address.get("address_1"));
                set(&mut u.address.post_office, lang, address.get("city"));
                set(
                    &mut u.accessibility,
                    lang,
                    loc.get("accessibility")
                        .and_then(Value::as_array)
                        .and_then(|a| a.first())
                        .and_then(|a| a.get("description")),
                );
                for (x, note) in u.opening_hours.exceptions.iter_mut().zip(exception_notes(loc)) {
                    if !note.is_empty() {
                        x.note.set(lang, Some(note));
                    }
                }
            }
            let area: Vec<String> = s
                .get("service_areas")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|a| a.get("extent").and_then(Value::as_str).map(str::to_owned))
                .collect();
            let e = services.entry(id.to_string()).or_insert_with(|| Service {
                id: id.clone(),
                name: Text::default(),
                summary: Text::default(),
                description: Text::default(),
                keywords: Default::default(),
                service_classes: codes(s, "ptv-service-classes"),
                target_groups: codes(s, "ptv-target-groups"),
                life_events: codes(s, "ptv-life-events"),
                tier: if area.len() > 1 { Tier::County } else { Tier::LocalArea },
                organiser: organiser.clone(),
                producers: producers.clone(),
                charge: match s.get("fees_description").and_then(Value::as_str) {
                    Some("free") => Charge::Free,
                    Some("chargeable") => Charge::Chargeable,
                    _ => Charge::Other,
                },
                voucher_in_use: producers.iter().any(|p| p.provision == Provision::Voucher),
                eligibility: Text::default(),
                languages: s
                    .get("languages")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|l| l.get("code").and_then(Value::as_str).map(str::to_owned))
                    .collect(),
                area,
                units: unit_ids.clone(),
                channels: Vec::new(),
                valid_from: today,
                valid_to: if s.get("status").and_then(Value::as_str) == Some("active") { None } else { Some(today) },
                provenance: Default::default(),
            });
            set(&mut e.name, lang, s.get("name"));
            set(&mut e.description, lang, s.get("description"));
            set(&mut e.summary, lang, s.get("alternate_name"));
            set(&mut e.eligibility, lang, s.get("eligibility_description"));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut doc = CatalogDocument::new(&Default::default(), Some("Open Referral HSDS 3.0 import".into()));
    doc.organizations = orgs.into_values().collect();
    doc.units = units.into_values().collect();
    doc.services = services.into_values().collect();
    Ok(doc)
}

fn exception_notes(loc: &Value) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    loc.get("schedules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|s| s.get("dtstart").is_some())
        .filter(|s| {
            seen.insert((
                s.get("dtstart").cloned().unwrap_or(Value::Null).to_string(),
                s.get("until").cloned().unwrap_or(Value::Null).to_string(),
            ))
        })
        .map(|s| s.get("notes").and_then(Value::as_str).unwrap_or("").to_owned())
        .collect()
}

fn hours_of(loc: &Value) -> OpeningHours {
    let mut out = OpeningHours::default();
    let date = |v: Option<&Value>| {
        v.and_then(Value::as_str).and_then(|s| NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok())
    };
    let time = |v: Option<&Value>| v.and_then(Value::as_str).and_then(|s| TimeOfDay::parse(s.get(..5)?).ok());
    let mut exceptions: Vec<Exception> = Vec::new();
    for s in loc.get("schedules").and_then(Value::as_array).into_iter().flatten() {
        if s.get("description").and_then(Value::as_str) == Some("always open") {
            out.always_open = true;
            continue;
        }
        if let Some(from) = date(s.get("dtstart")) {
            let to = date(s.get("until")).filter(|t| *t != from);
            let closed = s.get("description").and_then(Value::as_str) == Some("closed");
            let interval = match (time(s.get("opens_at")), time(s.get("closes_at"))) {
                (Some(opens), Some(closes)) => Some(Interval { opens, closes }),
                _ => None,
            };
            match exceptions.iter_mut().find(|x| x.from == from && x.to == to) {
                Some(x) => x.hours.extend(interval),
                None => exceptions.push(Exception {
                    from,
                    to,
                    closed,
                    hours: interval.into_iter().collect(),
                    note: Text::default(),
                }),
            }
            continue;
        }
        let days: Vec<Day> =
            s.get("byday").and_then(Value::as_str).unwrap_or("").split(',').filter_map(|d| day_of(d.trim())).collect();
        if let (Some(opens), Some(closes), false) = (time(s.get("opens_at")), time(s.get("closes_at")), days.is_empty())
        {
            out.weekly.push(WeeklyHours {
                days,
                opens,
                closes,
                valid_from: date(s.get("valid_from")),
                valid_to: date(s.get("valid_to")),
            });
        }
    }
    out.exceptions = exceptions;
    out
}

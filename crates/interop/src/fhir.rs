//! HL7 FHIR R4 directory resources: Organization, Location (a unit) and
//! HealthcareService, with Swedish and English as FHIR translation extensions
//! on the Finnish text; search sets and collections as Bundles.

use domain::catalog::{Catalog, ChannelKind, Charge, OrgKind, Organization, Service, Unit};
use domain::hours::Day;
use domain::reference::{CodeKind, Reference};
use domain::text::{Lang, Text};
use serde_json::{Map, Value, json};

const TRANSLATION: &str = "http://hl7.org/fhir/StructureDefinition/translation";
pub const SERVICE_CLASS_SYSTEM: &str = "http://uri.suomi.fi/codelist/ptv/ptvserclass2";
pub const TARGET_GROUP_SYSTEM: &str = "http://uri.suomi.fi/codelist/ptv/ptvkohderyhmat";
pub const POLKU_ID_SYSTEM: &str = "https://polku.fi/id";
pub const BUSINESS_ID_SYSTEM: &str = "urn:oid:1.2.246.10";

/// Puts a text in `obj[field]` (Finnish first, or the first language there is)
/// and the other languages as translation extensions in `_field`.
fn text(obj: &mut Map<String, Value>, field: &str, t: &Text) {
    let Some((primary, value)) = t.best(Lang::Fi) else { return };
    obj.insert(field.to_owned(), json!(value));
    let ext: Vec<Value> = t
        .iter()
        .filter(|(l, _)| *l != primary)
        .map(|(l, v)| json!({"url": TRANSLATION, "extension": [{"url": "lang", "valueCode": l.code()}, {"url": "content", "valueString": v}]}))
        .collect();
    if !ext.is_empty() {
        obj.insert(format!("_{field}"), json!({"extension": ext}));
    }
}

fn active(valid_to: Option<chrono::NaiveDate>, today: chrono::NaiveDate) -> bool {
    valid_to.is_none_or(|t| t >= today)
}

pub fn organization(o: &Organization, today: chrono::NaiveDate) -> Value {
    let mut m = Map::new();
    m.insert("resourceType".into(), json!("Organization"));
    m.insert("id".into(), json!(o.id.as_str()));
    let mut identifier = vec![json!({"system": POLKU_ID_SYSTEM, "value": o.id.as_str()})];
    if let Some(b) = &o.business_id {
        identifier.push(json!({"system": BUSINESS_ID_SYSTEM, "value": b}));
    }
    m.insert("identifier".into(), json!(identifier));
    m.insert("active".into(), json!(active(o.valid_to, today)));
    let code = match o.kind {
        OrgKind::WellbeingServicesCounty | OrgKind::CountyBusinessUnit | OrgKind::Municipality | OrgKind::State => {
            "govt"
        }
        OrgKind::PrivateCompany => "bus",
        OrgKind::Ngo => "cg",
        OrgKind::Parish => "relig",
    };
    m.insert(
        "type".into(),
        json!([{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/organization-type", "code": code}]}]),
    );
    text(&mut m, "name", &o.name);
    if let Some(p) = &o.parent {
        m.insert("partOf".into(), json!({"reference": format!("Organization/{p}")}));
    }
    if let Some(w) = &o.web {
        m.insert("telecom".into(), json!([{"system": "url", "value": w}]));
    }
    Value::Object(m)
}

pub fn location(u: &Unit, today: chrono::NaiveDate) -> Value {
    let mut m = Map::new();
    m.insert("resourceType".into(), json!("Location"));
    m.insert("id".into(), json!(u.id.as_str()));
    m.insert("identifier".into(), json!([{"system": POLKU_ID_SYSTEM, "value": u.id.as_str()}]));
    m.insert("status".into(), json!(if active(u.valid_to, today) { "active" } else { "inactive" }));
    text(&mut m, "name", &u.name);
    text(&mut m, "description", &u.description);
    m.insert("mode".into(), json!("instance"));
    let mut address = Map::new();
    address.insert("use".into(), json!("work"));
    address.insert("type".into(), json!("physical"));
    if let Some(street) = u.address.street.best(Lang::Fi) {
        let mut line = Map::new();
        text(&mut line, "line", &u.address.street);
        address.insert("line".into(), json!([street.1]));
        if let Some(ext) = line.get("_line") {
            address.insert("_line".into(), json!([ext]));
        }
    }
    text(&mut address, "city", &u.address.post_office);
    address.insert("postalCode".into(), json!(u.address.postal_code));
    if let Some(mu) = Reference::get().municipality(&u.address.municipality) {
        text(&mut address, "district", &mu.name);
    }
    address.insert("country".into(), json!("FI"));
    m.insert("address".into(), Value::Object(address));
    m.insert("position".into(), json!({"longitude": u.location.lon, "latitude": u.location.lat}));
    m.insert("managingOrganization".into(), json!({"reference": format!("Organization/{}", u.organization)}));
    let telecom: Vec<Value> = [("phone", &u.phone), ("email", &u.email), ("url", &u.web)]
        .into_iter()
        .filter_map(|(system, value)| value.as_ref().map(|v| json!({"system": system, "value": v})))
        .collect();
    if !telecom.is_empty() {
        m.insert("telecom".into(), Value::Array(telecom));
    }
    let h = &u.opening_hours;
    let mut hours: Vec<Value> = Vec::new();
    if h.always_open {
        hours.push(json!({"daysOfWeek": Day::ALL.iter().map(|d| d.code()).collect::<Vec<_>>(), "allDay": true}));
    }
    for w in &h.weekly {
        hours.push(json!({
            "daysOfWeek": w.days.iter().map(|d| d.code()).collect::<Vec<_>>(),
            "openingTime": format!("{}:00", String::from(w.opens)),
            "closingTime": format!("{}:00", if String::from(w.closes) == "24:00" { "23:59".to_owned() } else { String::from(w.closes) }),
        }));
    }
    if !hours.is_empty() {
        m.insert("hoursOfOperation".into(), json!(hours));
    }
    Value::Object(m)
}

pub fn healthcare_service(catalog: &Catalog, s: &Service, today: chrono::NaiveDate) -> Value {
    let reference = Reference::get();
    let mut m = Map::new();
    m.insert("resourceType".into(), json!("HealthcareService"));
    m.insert("id".into(), json!(s.id.as_str()));
    m.insert("identifier".into(), json!([{"system": POLKU_ID_SYSTEM, "value": s.id.as_str()}]));
    m.insert("active".into(), json!(active(s.valid_to, today)));
    m.insert("providedBy".into(), json!({"reference": format!("Organization/{}", s.organiser)}));
    let coding = |system: &str, kind: CodeKind, codes: &[String]| -> Vec<Value> {
        codes
            .iter()
            .map(|c| json!({"coding": [{"system": system, "code": c, "display": reference.code_name(kind, c, Lang::Fi)}]}))
            .collect()
    };
    let category = coding(SERVICE_CLASS_SYSTEM, CodeKind::ServiceClass, &s.service_classes);
    if !category.is_empty() {
        m.insert("category".into(), json!(category));
    }
    let groups = coding(TARGET_GROUP_SYSTEM, CodeKind::TargetGroup, &s.target_groups);
    if !groups.is_empty() {
        m.insert("characteristic".into(), json!(groups));
    }
    let locations: Vec<Value> =
        catalog.units_of(s).iter().map(|u| json!({"reference": format!("Location/{}", u.id)})).collect();
    if !locations.is_empty() {
        m.insert("location".into(), json!(locations));
    }
    text(&mut m, "name", &s.name);
    text(&mut m, "comment", &s.summary);
    text(&mut m, "extraDetails", &s.description);
    let mut telecom = Vec::new();
    for c in catalog.channels_of(s) {
        match (c.kind, &c.phone, &c.url) {
            (ChannelKind::Phone, Some(p), _) => telecom.push(json!({"system": "phone", "value": p})),
            (_, _, Some(url)) => telecom.push(json!({"system": "url", "value": url})),
            _ => {}
        }
    }
    if !telecom.is_empty() {
        m.insert("telecom".into(), json!(telecom));
    }
    let area: Vec<Value> = s
        .area
        .iter()
        .map(|code| json!({"display": reference.municipality(code).map_or(code.clone(), |x| x.name.show(Lang::Fi).to_owned())}))
        .collect();
    if !area.is_empty() {
        m.insert("coverageArea".into(), json!(area));
    }
    let provision = match s.charge {
        Charge::Free => "free",
        Charge::Chargeable => "cost",
        Charge::Other => "disc",
    };
    m.insert(
        "serviceProvisionCode".into(),
        json!([{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/service-provision-conditions", "code": provision}]}]),
    );
    if !s.eligibility.is_empty() {
        let mut e = Map::new();
        text(&mut e, "comment", &s.eligibility);
        m.insert("eligibility".into(), json!([e]));
    }
    let communication: Vec<Value> =
        s.languages.iter().map(|l| json!({"coding": [{"system": "urn:ietf:bcp:47", "code": l}]})).collect();
    if !communication.is_empty() {
        m.insert("communication".into(), json!(communication));
    }
    m.insert("appointmentRequired".into(), json!(false));
    Value::Object(m)
}

/// A Bundle of resources: `searchset` (with `total` and a self link) or `collection`.
pub fn bundle(kind: &str, resources: Vec<Value>, self_url: Option<&str>) -> Value {
    let total = resources.len();
    let entry: Vec<Value> = resources
        .into_iter()
        .map(|r| {
            let url = format!("{}/{}", r["resourceType"].as_str().unwrap_or(""), r["id"].as_str().unwrap_or(""));
            let mut e = json!({"fullUrl": url, "resource": r});
            if kind == "searchset" {
                e["search"] = json!({"mode": "match"});
            }
            e
        })
        .collect();
    let mut b = json!({"resourceType": "Bundle", "type": kind, "entry": entry});
    if kind == "searchset" {
        b["total"] = json!(total);
    }
    if let Some(u) = self_url {
        b["link"] = json!([{"relation": "self", "url": u}]);
    }
    b
}

/// One page of a search as a `searchset` Bundle: `total` counts every match, the
/// entries are this page's, and `links` are (relation, url) pairs such as
/// `("self", …)`, `("next", …)`, `("previous", …)`. No `entry` when the page is
/// empty (FHIR JSON has no empty arrays).
pub fn searchset(resources: Vec<Value>, total: usize, links: &[(&str, String)]) -> Value {
    let mut b = bundle("searchset", resources, None);
    b["total"] = json!(total);
    if b["entry"].as_array().is_some_and(Vec::is_empty)
        && let Some(map) = b.as_object_mut()
    {
        map.remove("entry");
    }
    if !links.is_empty() {
        b["link"] = links.iter().map(|(relation, url)| json!({"relation": relation, "url": url})).collect();
    }
    b
}

/// What the server does (`GET /fhir/metadata`): read and search of the three
/// directory resource types, their search parameters, and paging with `_count` (default
/// `default_count`, at most `max_count`) and `_offset`; the referrals' ServiceRequest
/// (read, create), Task (read, update, search) and Patient (read).
pub fn capability_statement(date: chrono::NaiveDate, default_count: usize, max_count: usize) -> Value {
    let paging = format!(
        "Searches page in id order with _count (default {default_count}, at most {max_count}; 0 gives the total only) \
         and _offset (0-based index of the first match); Bundle.link has self, next and previous."
    );
    let param = |name: &str, kind: &str, doc: &str| json!({"name": name, "type": kind, "documentation": doc});
    let paging_params = || {
        vec![
            param("_count", "number", "Entries per page."),
            param("_offset", "number", "The 0-based index of the page's first match."),
        ]
    };
    let resource = |kind: &str, mut params: Vec<Value>| {
        params.extend(paging_params());
        json!({
            "type": kind,
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchParam": params,
            "documentation": paging,
        })
    };
    let id = || param("_id", "token", "Any of these ids, comma-separated.");
    let name = || param("name", "string", "Part of the name in Finnish, Swedish or English.");
    let near = || param("near", "special", "latitude|longitude|distance|unit (km or m; default 10 km).");
    json!({
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": date.to_string(),
        "publisher": "Polku",
        "kind": "instance",
        "software": {"name": "Polku"},
        "implementation": {"description": "Polku service catalog: HealthcareService, Location and Organization (read only); referrals: ServiceRequest, Task and Patient"},
        "fhirVersion": "4.0.1",
        "format": ["application/fhir+json", "json"],
        "rest": [{
            "mode": "server",
            "documentation": paging,
            "resource": [
                resource("HealthcareService", vec![
                    id(),
                    name(),
                    param("service-category", "token", "[system|]code of a PTV service class."),
                    param("location", "reference", "Location/<id>: offered at this unit."),
                    near(),
                ]),
                resource("Location", vec![id(), name(), near()]),
                resource("Organization", vec![id(), name()]),
                json!({
                    "type": "ServiceRequest",
                    "interaction": [{"code": "read"}, {"code": "create"}],
                    "versioning": "versioned",
                    "documentation": "A referral (signed in: navigators and professionals). Create takes status \
                        (active sends it, draft keeps it), intent order, subject Patient/<id>, one performer \
                        Organization/<id>, code (a coding of https://polku.fi/fhir/CodeSystem/service) and note; \
                        its Task has the same id.",
                }),
                json!({
                    "type": "Task",
                    "interaction": [{"code": "read"}, {"code": "update"}, {"code": "search-type"}],
                    "versioning": "versioned-update",
                    "updateCreate": false,
                    "searchParam": [
                        param("owner", "reference", "Organization/<id>: the receiving producer (default: your own); \
                            its open referrals, earliest deadline first."),
                        param("status", "token", "Task status codes, comma-separated."),
                        param("_count", "number", "Entries per page."),
                        param("_offset", "number", "The 0-based index of the page's first match."),
                    ],
                    "documentation": "A referral's state (Gravity SDOH closed loop). Update changes the state: \
                        If-Match: W/\"<version>\" (or meta.versionId) is required; status, statusReason, new notes \
                        (without time) and output (outcome, feedback) are read, the rest is the server's.",
                }),
                json!({
                    "type": "Patient",
                    "interaction": [{"code": "read"}],
                    "documentation": "A client, minimally (identity code, name, birth date); every read is logged.",
                }),
            ],
        }],
    })
}

/// Every organization, unit and service as a `collection` Bundle.
pub fn export(catalog: &Catalog, today: chrono::NaiveDate) -> Value {
    let mut resources: Vec<Value> = catalog.organizations.values().map(|o| organization(o, today)).collect();
    resources.extend(catalog.units.values().map(|u| location(u, today)));
    resources.extend(catalog.services.values().map(|s| healthcare_service(catalog, s, today)));
    bundle("collection", resources, None)
}

/// An OperationOutcome for errors.
pub fn outcome(code: &str, diagnostics: &str) -> Value {
    json!({"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": code, "diagnostics": diagnostics}]})
}

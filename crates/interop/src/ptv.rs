//! Suomi.fi Service Information Repository (PTV) Open API v11 JSON into the
//! catalog: Organization, Service and the five channel types.
//!
//! Each PTV object is read on its own (`read`), naming every problem by its
//! JSON path; `assemble` then resolves the links between them (a service's
//! `serviceChannels` become its units (ServiceLocation) or channels). PTV ids
//! are kept as the objects' ids; `modified` travels in the provenance so that a
//! re-import can tell newer from older. Coordinates are EPSG:3067 in PTV's
//! `latitude` (northing) and `longitude` (easting) fields.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use domain::catalog::{
    Address, Channel, ChannelKind, Charge, OrgKind, Organization, Producer, Provenance, ProvenanceKind, Provision,
    Service, Tier, Unit,
};
use domain::geo::Location;
use domain::hours::{Day, Exception, Interval, OpeningHours, TimeOfDay, WeeklyHours};
use domain::text::{Lang, Text, TextList};
use domain::{CatalogDocument, Id, Problem};
use serde_json::Value;

pub const ATTRIBUTION: &str =
    "Suomi.fi Service Information Repository (PTV), Digital and Population Data Services Agency";

/// One PTV object, read.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Organization(Organization),
    Service {
        service: Service,
        links: Vec<(String, String)>,
    },
    /// A service location: a unit.
    Location(Unit),
    Channel(Channel),
}

impl Item {
    pub fn id(&self) -> String {
        match self {
            Item::Organization(o) => o.id.to_string(),
            Item::Service { service, .. } => service.id.to_string(),
            Item::Location(u) => u.id.to_string(),
            Item::Channel(c) => c.id.to_string(),
        }
    }
}

struct Reader<'a> {
    path: &'a str,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    fn problem(&mut self, field: &str, problem: impl Into<String>) {
        let field = if field.is_empty() { self.path.to_owned() } else { format!("{}.{field}", self.path) };
        self.problems.push(Problem { field, problem: problem.into() });
    }

    fn str<'v>(&mut self, v: &'v Value, field: &str, required: bool) -> Option<&'v str> {
        match v.get(field) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.as_str()),
            None | Some(Value::Null) => {
                if required {
                    self.problem(field, "is missing");
                }
                None
            }
            Some(Value::String(_)) => {
                if required {
                    self.problem(field, "is empty");
                }
                None
            }
            Some(other) => {
                self.problem(field, format!("must be a string, not {}", kind(other)));
                None
            }
        }
    }

    fn array<'v>(&mut self, v: &'v Value, field: &str) -> &'v [Value] {
        match v.get(field) {
            Some(Value::Array(a)) => a,
            None | Some(Value::Null) => &[],
            Some(other) => {
                self.problem(field, format!("must be an array, not {}", kind(other)));
                &[]
            }
        }
    }

    fn id(&mut self, v: &Value, field: &str) -> Option<Id> {
        let s = self.str(v, field, true)?;
        match Id::parse(&s.to_ascii_lowercase()) {
            Ok(id) => Some(id),
            Err(e) => {
                self.problem(field, e.to_string());
                None
            }
        }
    }

    /// `[{language, value, type?}]` into a text, only entries of `kind` when given.
    fn text(&mut self, v: &Value, field: &str, kind_filter: Option<&str>) -> Text {
        let mut t = Text::default();
        let items = self.array(v, field).to_vec();
        for (i, e) in items.iter().enumerate() {
            if let Some(k) = kind_filter
                && e.get("type").and_then(Value::as_str).is_some_and(|t| t != k)
            {
                continue;
            }
            let (Some(lang), Some(value)) = (e.get("language").and_then(Value::as_str), e.get("value")) else {
                self.problem(&format!("{field}[{i}]"), "needs `language` and `value`");
                continue;
            };
            let Some(value) = value.as_str() else {
                self.problem(&format!("{field}[{i}].value"), format!("must be a string, not {}", kind(value)));
                continue;
            };
            if let Some(l) = Lang::parse(lang)
                && t.get(l).is_none()
            {
                t.set(l, Some(value.trim().to_owned()));
            }
        }
        t
    }

    fn codes(&mut self, v: &Value, field: &str) -> Vec<String> {
        let items = self.array(v, field).to_vec();
        items.iter().filter_map(|e| e.get("code").and_then(Value::as_str).map(str::to_owned)).collect()
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn provenance(modified: Option<&str>) -> Provenance {
    Provenance {
        kind: ProvenanceKind::Fact,
        note: None,
        attribution: Some(ATTRIBUTION.to_owned()),
        source: Some("ptv".to_owned()),
        modified: modified.map(str::to_owned),
    }
}

const CHANNEL_TYPES: &str = "ServiceLocation, EChannel, Phone, WebPage, PrintableForm";

/// Reads one PTV object found at `path` (for problems, e.g. `services.json$[3]`).
pub fn read(v: &Value, path: &str, today: NaiveDate) -> Result<Item, Vec<Problem>> {
    let mut r = Reader { path, problems: Vec::new() };
    if !v.is_object() {
        r.problem("", format!("a PTV object must be a JSON object, not {}", kind(v)));
        return Err(r.problems);
    }
    let item = if v.get("serviceChannelType").is_some() {
        channel(&mut r, v, today)
    } else if v.get("serviceNames").is_some() {
        service(&mut r, v, today)
    } else if v.get("organizationNames").is_some() || v.get("organizationType").is_some() {
        organization(&mut r, v, today)
    } else {
        r.problem("", "not a PTV Service, ServiceChannel or Organization (no serviceNames, serviceChannelType or organizationNames)");
        None
    };
    match item {
        Some(item) if r.problems.is_empty() => Ok(item),
        _ => Err(r.problems),
    }
}

fn organization(r: &mut Reader<'_>, v: &Value, today: NaiveDate) -> Option<Item> {
    let id = r.id(v, "id");
    let name = r.text(v, "organizationNames", Some("Name"));
    if name.is_empty() {
        r.problem("organizationNames", "has no name (type Name) in Finnish, Swedish or English");
    }
    let kind = match r.str(v, "organizationType", true) {
        Some("Municipality") => Some(OrgKind::Municipality),
        Some("State") => Some(OrgKind::State),
        Some("SotePublic") | Some("RegionalOrganization") | Some("Region") => Some(OrgKind::WellbeingServicesCounty),
        Some("Organization") => Some(OrgKind::Ngo),
        Some("Company") | Some("SotePrivate") => Some(OrgKind::PrivateCompany),
        Some(other) => {
            r.problem(
                "organizationType",
                format!("unknown `{other}` (known: Municipality, State, SotePublic, Region, RegionalOrganization, Organization, Company, SotePrivate)"),
            );
            None
        }
        None => None,
    };
    let municipality = v.get("municipality").and_then(|m| m.get("code")).and_then(Value::as_str).map(str::to_owned);
    let parent =
        v.get("parentOrganizationId").and_then(Value::as_str).and_then(|p| Id::parse(&p.to_ascii_lowercase()).ok());
    let web = r.array(v, "webPages").first().and_then(|w| w.get("url")).and_then(Value::as_str).map(str::to_owned);
    let modified = v.get("modified").and_then(Value::as_str);
    Some(Item::Organization(Organization {
        id: id?,
        name,
        business_id: v.get("businessCode").and_then(Value::as_str).map(str::to_owned),
        kind: kind?,
        municipality,
        parent,
        web,
        valid_from: today,
        valid_to: None,
        provenance: provenance(modified),
    }))
}

fn service(r: &mut Reader<'_>, v: &Value, today: NaiveDate) -> Option<Item> {
    let id = r.id(v, "id");
    let name = r.text(v, "serviceNames", Some("Name"));
    if name.is_empty()
        && !matches!(v.get("serviceNames"), Some(Value::String(_)) | Some(Value::Number(_)) | Some(Value::Object(_)))
    {
        r.problem("serviceNames", "has no name (type Name) in Finnish, Swedish or English");
    }
    let summary = r.text(v, "serviceDescriptions", Some("Summary"));
    let description = r.text(v, "serviceDescriptions", Some("Description"));
    let mut keywords = TextList::default();
    for (field, key) in [("keywords", None), ("ontologyTerms", Some("name"))] {
        for e in r.array(v, field).to_vec() {
            let entries: Vec<Value> = match key {
                None => vec![e.clone()],
                Some(k) => e.get(k).and_then(Value::as_array).cloned().unwrap_or_default(),
            };
            for n in entries {
                if let (Some(l), Some(val)) = (
                    n.get("language").and_then(Value::as_str).and_then(Lang::parse),
                    n.get("value").and_then(Value::as_str),
                ) {
                    let list = match l {
                        Lang::Fi => &mut keywords.fi,
                        Lang::Sv => &mut keywords.sv,
                        Lang::En => &mut keywords.en,
                    };
                    if !list.iter().any(|x| x == val) {
                        list.push(val.to_owned());
                    }
                }
            }
        }
    }
    let service_classes = r.codes(v, "serviceClasses");
    let target_groups = r.codes(v, "targetGroups");
    let life_events = r.codes(v, "lifeEvents");
    let mut area: Vec<String> = Vec::new();
    for (i, a) in r.array(v, "areas").to_vec().iter().enumerate() {
        match a.get("type").and_then(Value::as_str) {
            Some("Municipality") => area.extend(a.get("code").and_then(Value::as_str).map(str::to_owned)),
            _ => {
                for m in a.get("municipalities").and_then(Value::as_array).into_iter().flatten() {
                    match m.get("code").and_then(Value::as_str) {
                        Some(c) => area.push(c.to_owned()),
                        None => r.problem(&format!("areas[{i}].municipalities"), "an entry has no code"),
                    }
                }
            }
        }
    }
    area.sort();
    area.dedup();
    let whole = matches!(v.get("areaType").and_then(Value::as_str), Some("WholeCountry") | Some("Nationwide"));
    let tier = if whole || area.len() > 1 { Tier::County } else { Tier::LocalArea };
    let mut organiser = None;
    let mut producers = Vec::new();
    for (i, o) in r.array(v, "organizations").to_vec().iter().enumerate() {
        let at = format!("organizations[{i}]");
        let Some(org) = o.get("organization").and_then(|x| x.get("id")).and_then(Value::as_str) else {
            // PTV lets an `Other` producer go unnamed (e.g. voucher producers); nothing to link.
            if o.get("roleType").and_then(Value::as_str) == Some("Producer") {
                continue;
            }
            r.problem(&format!("{at}.organization.id"), "is missing");
            continue;
        };
        let Ok(org) = Id::parse(&org.to_ascii_lowercase()) else {
            r.problem(&format!("{at}.organization.id"), format!("`{org}` is not a valid id"));
            continue;
        };
        match o.get("roleType").and_then(Value::as_str) {
            Some("Responsible") => {
                organiser.get_or_insert(org);
            }
            Some("Producer") => {
                let provision = match o.get("provisionType").and_then(Value::as_str) {
                    Some("SelfProducedServices") | Some("SelfProduced") => Provision::SelfProduced,
                    Some("ProcuredServices") | Some("PurchaseServices") | Some("PurchaseService") => {
                        Provision::Procured
                    }
                    Some("VoucherServices") | Some("ServiceVoucher") => Provision::Voucher,
                    Some("Other") | None => Provision::Other,
                    Some(other) => {
                        r.problem(&format!("{at}.provisionType"), format!("unknown `{other}` (known: SelfProducedServices, ProcuredServices, VoucherServices, Other)"));
                        Provision::Other
                    }
                };
                producers.push(Producer { organization: org, provision });
            }
            Some("OtherResponsible") => {}
            other => r.problem(
                &format!("{at}.roleType"),
                format!("unknown `{}` (known: Responsible, Producer, OtherResponsible)", other.unwrap_or("(none)")),
            ),
        }
    }
    if organiser.is_none() {
        r.problem("organizations", "no organization has roleType Responsible");
    }
    let charge = match v.get("serviceChargeType").and_then(Value::as_str) {
        Some("Chargeable") | Some("Charged") => Charge::Chargeable,
        Some("FreeOfCharge") | Some("Free") => Charge::Free,
        _ => Charge::Other,
    };
    let mut links = Vec::new();
    for (i, l) in r.array(v, "serviceChannels").to_vec().iter().enumerate() {
        match l.get("serviceChannel").and_then(|c| c.get("id")).and_then(Value::as_str) {
            Some(c) => {
                links.push((c.to_ascii_lowercase(), format!("{}.serviceChannels[{i}].serviceChannel.id", r.path)))
            }
            None => r.problem(&format!("serviceChannels[{i}].serviceChannel.id"), "is missing"),
        }
    }
    let languages = r.array(v, "languages").iter().filter_map(|l| l.as_str().map(str::to_owned)).collect();
    let eligibility = r.text(v, "requirements", None);
    let modified = v.get("modified").and_then(Value::as_str);
    let service = Service {
        id: id?,
        name,
        summary,
        description,
        keywords,
        service_classes,
        target_groups,
        life_events,
        tier,
        organiser: organiser?,
        producers,
        charge,
        voucher_in_use: v.get("serviceVouchersInUse").and_then(Value::as_bool).unwrap_or(false),
        eligibility,
        languages,
        area,
        units: Vec::new(),
        channels: Vec::new(),
        valid_from: today,
        valid_to: None,
        provenance: provenance(modified),
    };
    Some(Item::Service { service, links })
}

fn day(s: &str) -> Option<Day> {
    Some(match s {
        "Monday" => Day::Mon,
        "Tuesday" => Day::Tue,
        "Wednesday" => Day::Wed,
        "Thursday" => Day::Thu,
        "Friday" => Day::Fri,
        "Saturday" => Day::Sat,
        "Sunday" => Day::Sun,
        _ => return None,
    })
}

fn time(s: &str) -> Option<TimeOfDay> {
    TimeOfDay::parse(s.get(..5)?).ok()
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

fn hours(r: &mut Reader<'_>, v: &Value, field: &str) -> OpeningHours {
    let mut out = OpeningHours::default();
    for (i, h) in r.array(v, field).to_vec().iter().enumerate() {
        let at = format!("{field}[{i}]");
        let kind = h.get("serviceHourType").and_then(Value::as_str).unwrap_or("DaysOfTheWeek");
        if h.get("isAlwaysOpen").and_then(Value::as_bool) == Some(true) {
            out.always_open = true;
            continue;
        }
        let (from, to) = (
            h.get("validFrom").and_then(Value::as_str).and_then(date),
            h.get("validTo").and_then(Value::as_str).and_then(date),
        );
        let openings = h.get("openingHour").and_then(Value::as_array).cloned().unwrap_or_default();
        match kind {
            "Exceptional" => {
                let Some(from) = from else {
                    r.problem(&format!("{at}.validFrom"), "an exceptional opening needs the day it starts");
                    continue;
                };
                let closed = h.get("isClosed").and_then(Value::as_bool).unwrap_or(false);
                let mut intervals = Vec::new();
                for (k, o) in openings.iter().enumerate() {
                    match (
                        o.get("from").and_then(Value::as_str).and_then(time),
                        o.get("to").and_then(Value::as_str).and_then(time),
                    ) {
                        (Some(a), Some(b)) => intervals.push(Interval { opens: a, closes: b }),
                        _ => r.problem(&format!("{at}.openingHour[{k}]"), "needs `from` and `to` as HH:MM"),
                    }
                }
                let mut note = Text::default();
                for e in h.get("additionalInformation").and_then(Value::as_array).into_iter().flatten() {
                    if let (Some(l), Some(val)) = (
                        e.get("language").and_then(Value::as_str).and_then(Lang::parse),
                        e.get("value").and_then(Value::as_str),
                    ) {
                        note.set(l, Some(val.to_owned()));
                    }
                }
                out.exceptions.push(Exception { from, to: to.filter(|t| *t != from), closed, hours: intervals, note });
            }
            "DaysOfTheWeek" | "OverMidnight" | "Standard" | "Special" => {
                if h.get("isClosed").and_then(Value::as_bool) == Some(true) && openings.is_empty() {
                    continue;
                }
                for (k, o) in openings.iter().enumerate() {
                    let oat = format!("{at}.openingHour[{k}]");
                    let d1 = o.get("dayFrom").and_then(Value::as_str);
                    let Some(d1) = d1.and_then(day) else {
                        r.problem(
                            &format!("{oat}.dayFrom"),
                            format!("`{}` is not a day (Monday … Sunday)", d1.unwrap_or("(none)")),
                        );
                        continue;
                    };
                    let d2 = o.get("dayTo").and_then(Value::as_str).and_then(day);
                    let (Some(opens), Some(closes)) = (
                        o.get("from").and_then(Value::as_str).and_then(time),
                        o.get("to").and_then(Value::as_str).and_then(time),
                    ) else {
                        r.problem(&oat, "needs `from` and `to` as HH:MM");
                        continue;
                    };
                    let closes = if closes.minutes() == 0 { TimeOfDay::parse("24:00").expect("valid") } else { closes };
                    // Over midnight: PTV's OverMidnight type, or a closing time on the next day.
                    let next_day = d2.is_some_and(|d| d as usize == (d1 as usize + 1) % 7);
                    let over_midnight = kind == "OverMidnight" || (closes <= opens && next_day);
                    if closes <= opens && !over_midnight {
                        r.problem(
                            &oat,
                            format!("closes ({}) before it opens ({})", String::from(closes), String::from(opens)),
                        );
                        continue;
                    }
                    // Over midnight across several days (Friday 14:00 to Monday 08:00): the
                    // first evening, whole days between, the last morning.
                    let span = d2.map(|d| (d as usize + 7 - d1 as usize) % 7).unwrap_or(0);
                    if over_midnight && span > 1 {
                        let midnight = TimeOfDay::parse("00:00").expect("valid");
                        let end = TimeOfDay::parse("24:00").expect("valid");
                        let day_at = |k: usize| Day::ALL[(d1 as usize + k) % 7];
                        out.weekly.push(WeeklyHours {
                            days: vec![d1],
                            opens,
                            closes: end,
                            valid_from: from,
                            valid_to: to,
                        });
                        let whole: Vec<Day> = (1..span).map(day_at).collect();
                        out.weekly.push(WeeklyHours {
                            days: whole,
                            opens: midnight,
                            closes: end,
                            valid_from: from,
                            valid_to: to,
                        });
                        if closes.minutes() > 0 && closes != end {
                            out.weekly.push(WeeklyHours {
                                days: vec![day_at(span)],
                                opens: midnight,
                                closes,
                                valid_from: from,
                                valid_to: to,
                            });
                        }
                        continue;
                    }
                    // A range of days with the same hours (not over midnight); over midnight: the starting day.
                    let days: Vec<Day> = match (d2, over_midnight) {
                        (Some(d2), false) if d2 as usize >= d1 as usize => Day::ALL[d1 as usize..=d2 as usize].to_vec(),
                        _ => vec![d1],
                    };
                    out.weekly.push(WeeklyHours { days, opens, closes, valid_from: from, valid_to: to });
                }
            }
            other => r.problem(
                &format!("{at}.serviceHourType"),
                format!("unknown `{other}` (known: DaysOfTheWeek, Exceptional, OverMidnight)"),
            ),
        }
    }
    out
}

fn channel(r: &mut Reader<'_>, v: &Value, today: NaiveDate) -> Option<Item> {
    let id = r.id(v, "id");
    let organization = r.id(v, "organizationId");
    let name = r.text(v, "serviceChannelNames", Some("Name"));
    if name.is_empty() {
        r.problem("serviceChannelNames", "has no name (type Name) in Finnish, Swedish or English");
    }
    let mut description = r.text(v, "serviceChannelDescriptions", Some("Description"));
    if description.is_empty() {
        description = r.text(v, "serviceChannelDescriptions", Some("Summary"));
    }
    let languages: Vec<String> = r.array(v, "languages").iter().filter_map(|l| l.as_str().map(str::to_owned)).collect();
    let hours = hours(r, v, "serviceHours");
    let modified = v.get("modified").and_then(Value::as_str);
    let phone_of = |list: &[Value]| {
        list.first().map(|p| {
            let prefix = p.get("prefixNumber").and_then(Value::as_str).unwrap_or("");
            let number = p.get("number").and_then(Value::as_str).unwrap_or("");
            format!("{prefix} {number}").trim().to_owned()
        })
    };
    let url_of = |list: &[Value]| {
        list.first().and_then(|w| w.get("url").or_else(|| w.get("value"))).and_then(Value::as_str).map(str::to_owned)
    };
    let kind = match r.str(v, "serviceChannelType", true) {
        Some("ServiceLocation") => {
            return location(r, v, id?, organization?, name, description, hours, today, modified);
        }
        Some("EChannel") => ChannelKind::EService,
        Some("Phone") => ChannelKind::Phone,
        Some("WebPage") => ChannelKind::WebPage,
        Some("PrintableForm") => ChannelKind::WebPage,
        Some(other) => {
            r.problem("serviceChannelType", format!("unknown `{other}` (known: {CHANNEL_TYPES})"));
            return None;
        }
        None => return None,
    };
    let phone = phone_of(r.array(v, "phoneNumbers")).or_else(|| phone_of(r.array(v, "supportPhones")));
    let url = url_of(r.array(v, "webPages")).or_else(|| url_of(r.array(v, "channelUrls")));
    Some(Item::Channel(Channel {
        id: id?,
        kind,
        organization: organization?,
        name,
        description,
        unit: None,
        phone: if kind == ChannelKind::Phone { phone } else { None },
        url: if kind == ChannelKind::Phone { None } else { url },
        languages,
        hours,
        strong_identification: v.get("requiresAuthentication").and_then(Value::as_bool).unwrap_or(false),
        valid_from: today,
        valid_to: None,
        provenance: provenance(modified),
    }))
}

#[allow(clippy::too_many_arguments)]
fn location(
    r: &mut Reader<'_>,
    v: &Value,
    id: Id,
    organization: Id,
    name: Text,
    description: Text,
    hours: OpeningHours,
    today: NaiveDate,
    modified: Option<&str>,
) -> Option<Item> {
    let addresses = r.array(v, "addresses").to_vec();
    let Some((i, street)) = addresses
        .iter()
        .enumerate()
        .find_map(|(i, a)| a.get("streetAddress").filter(|s| s.is_object()).map(|s| (i, s)))
    else {
        r.problem("addresses", "a service location needs a street address with coordinates");
        return None;
    };
    let at = format!("addresses[{i}].streetAddress");
    let mut street_text = Text::default();
    let number = street.get("streetNumber").and_then(Value::as_str).unwrap_or("");
    for e in street.get("street").and_then(Value::as_array).into_iter().flatten() {
        if let (Some(l), Some(val)) =
            (e.get("language").and_then(Value::as_str).and_then(Lang::parse), e.get("value").and_then(Value::as_str))
        {
            street_text.set(l, Some(format!("{val} {number}").trim().to_owned()));
        }
    }
    let mut post_office = Text::default();
    for e in street.get("postOffice").and_then(Value::as_array).into_iter().flatten() {
        if let (Some(l), Some(val)) =
            (e.get("language").and_then(Value::as_str).and_then(Lang::parse), e.get("value").and_then(Value::as_str))
        {
            post_office.set(l, Some(val.to_owned()));
        }
    }
    let postal_code = street.get("postalCode").and_then(Value::as_str).unwrap_or("").to_owned();
    let municipality =
        street.get("municipality").and_then(|m| m.get("code")).and_then(Value::as_str).unwrap_or("").to_owned();
    let coordinate = |f: &str| -> Result<Option<f64>, String> {
        match street.get(f) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => {
                s.trim().replace(',', ".").parse::<f64>().map(Some).map_err(|_| format!("`{s}` is not a number"))
            }
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(other) => Err(format!("must be a string, not {}", kind(other))),
        }
    };
    let (n, e) = match (coordinate("latitude"), coordinate("longitude")) {
        (Err(m), _) => {
            r.problem(&format!("{at}.latitude"), m);
            return None;
        }
        (_, Err(m)) => {
            r.problem(&format!("{at}.longitude"), m);
            return None;
        }
        (Ok(Some(n)), Ok(Some(e))) => (n, e),
        _ => {
            r.problem(&format!("{at}.latitude"), "missing coordinates (latitude and longitude, EPSG:3067)");
            return None;
        }
    };
    if n < 1_000_000.0 && e > 6_000_000.0 {
        r.problem(
            &format!("{at}.latitude"),
            format!(
                "coordinates swapped: latitude {n} looks like an easting and longitude {e} like a northing (EPSG:3067)"
            ),
        );
        return None;
    }
    if n < 1_000.0 && e < 1_000.0 {
        r.problem(&format!("{at}.latitude"), format!("({n}, {e}) look like degrees; PTV gives EPSG:3067 metres"));
        return None;
    }
    let location = Location::from_tm35fin(n, e);
    if !location.in_finland() {
        r.problem(&format!("{at}.latitude"), format!("northing {n}, easting {e} is outside Finland (EPSG:3067)"));
        return None;
    }
    // The entrances with their own points (EPSG:3067 like the address); one without
    // usable coordinates is left out, as the address point stands for it.
    let mut entrances = Vec::new();
    for entrance in
        addresses.iter().flat_map(|a| a.get("entrances").and_then(Value::as_array).cloned().unwrap_or_default())
    {
        let point = entrance.get("coordinates").and_then(|c| {
            let number = |f: &str| match c.get(f)? {
                Value::String(s) => s.trim().replace(',', ".").parse::<f64>().ok(),
                Value::Number(n) => n.as_f64(),
                _ => None,
            };
            Some(Location::from_tm35fin(number("latitude")?, number("longitude")?))
        });
        let Some(point) = point.filter(Location::in_finland) else { continue };
        let mut name = Text::default();
        for e in entrance.get("name").and_then(Value::as_array).into_iter().flatten() {
            if let (Some(l), Some(val)) = (
                e.get("language").and_then(Value::as_str).and_then(Lang::parse),
                e.get("value").and_then(Value::as_str),
            ) {
                name.set(l, Some(val.to_owned()));
            }
        }
        let main = entrance.get("isMainEntrance").and_then(Value::as_bool).unwrap_or(false);
        entrances.push(domain::Entrance { name, main, location: point });
    }
    let mut accessibility = Text::default();
    for entrance in
        addresses.iter().flat_map(|a| a.get("entrances").and_then(Value::as_array).cloned().unwrap_or_default())
    {
        for group in entrance.get("accessibilitySentences").and_then(Value::as_array).into_iter().flatten() {
            for s in group.get("sentences").and_then(Value::as_array).into_iter().flatten() {
                for e in s.get("sentence").and_then(Value::as_array).into_iter().flatten() {
                    if let (Some(l), Some(val)) = (
                        e.get("language").and_then(Value::as_str).and_then(Lang::parse),
                        e.get("value").and_then(Value::as_str),
                    ) {
                        let joined = match accessibility.get(l) {
                            Some(prev) => format!("{prev} {val}"),
                            None => val.to_owned(),
                        };
                        accessibility.set(l, Some(joined));
                    }
                }
            }
        }
    }
    let phone = r.array(v, "phoneNumbers").first().map(|p| {
        let prefix = p.get("prefixNumber").and_then(Value::as_str).unwrap_or("");
        let number = p.get("number").and_then(Value::as_str).unwrap_or("");
        format!("{prefix} {number}").trim().to_owned()
    });
    // PTV lists e-mail addresses and web pages per language; the first one is the unit's.
    let email = r
        .array(v, "emails")
        .first()
        .and_then(|e| e.get("value"))
        .and_then(Value::as_str)
        .map(str::trim)
        .map(str::to_owned);
    let web = r
        .array(v, "webPages")
        .first()
        .and_then(|w| w.get("url").or_else(|| w.get("value")))
        .and_then(Value::as_str)
        .map(str::trim)
        .map(str::to_owned);
    Some(Item::Location(Unit {
        id,
        organization,
        name,
        description,
        address: Address { street: street_text, postal_code, post_office, municipality },
        location,
        entrances,
        phone,
        email,
        web,
        opening_hours: hours,
        accessibility,
        accessibility_survey: Default::default(),
        capacity: Vec::new(),
        valid_from: today,
        valid_to: None,
        provenance: provenance(modified),
    }))
}

/// Puts read objects together: links resolved, duplicate ids refused.
/// `paths` gives each item's place for problems.
pub fn assemble(items: Vec<(Item, String)>) -> Result<CatalogDocument, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut kinds: BTreeMap<String, bool> = BTreeMap::new(); // channel id → is a location
    for (item, path) in &items {
        if let Some(first) = seen.insert(item.id(), path.clone()) {
            problems.push(Problem {
                field: format!("{path}.id"),
                problem: format!("duplicated id `{}` (also at {first})", item.id()),
            });
        }
        match item {
            Item::Location(u) => {
                kinds.insert(u.id.to_string(), true);
            }
            Item::Channel(c) => {
                kinds.insert(c.id.to_string(), false);
            }
            _ => {}
        }
    }
    let mut doc = CatalogDocument::new(&Default::default(), Some(ATTRIBUTION.to_owned()));
    for (item, _) in items {
        match item {
            Item::Organization(o) => doc.organizations.push(o),
            Item::Location(u) => doc.units.push(u),
            Item::Channel(c) => doc.channels.push(c),
            Item::Service { mut service, links } => {
                for (id, path) in links {
                    let Ok(parsed) = Id::parse(&id) else {
                        problems.push(Problem { field: path, problem: format!("`{id}` is not a valid id") });
                        continue;
                    };
                    match kinds.get(&id) {
                        Some(true) => service.units.push(parsed),
                        Some(false) => service.channels.push(parsed),
                        None => problems.push(Problem {
                            field: path,
                            problem: format!("links channel `{id}`, which is in no document"),
                        }),
                    }
                }
                service.units.sort();
                service.units.dedup();
                service.channels.sort();
                service.channels.dedup();
                doc.services.push(service);
            }
        }
    }
    if problems.is_empty() { Ok(doc) } else { Err(problems) }
}

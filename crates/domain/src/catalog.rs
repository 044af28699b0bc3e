//! The catalog's objects in PTV's vocabulary, each dated with `valid_from`/`valid_to`.

use crate::geo::Location;
use crate::hours::OpeningHours;
use crate::ids::Id;
use crate::text::{Text, TextList};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// Where a fact comes from: a public fact with attribution, or illustrative demo content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    pub kind: ProvenanceKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    /// The system the object was imported from (`ptv`, `hsds`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The source's last-modified timestamp (ISO 8601), so that re-imports can tell newer from older.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProvenanceKind {
    /// A public fact; `attribution` says where from.
    Fact,
    /// Realistic but made up (demo data).
    Illustrative,
    /// Entered by staff in Polku or imported from a source system.
    Entered,
}

impl Default for Provenance {
    fn default() -> Provenance {
        Provenance { kind: ProvenanceKind::Entered, note: None, attribution: None, source: None, modified: None }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    WellbeingServicesCounty,
    CountyBusinessUnit,
    Municipality,
    Ngo,
    PrivateCompany,
    Parish,
    State,
}

impl OrgKind {
    pub const ALL: [OrgKind; 7] = [
        OrgKind::WellbeingServicesCounty,
        OrgKind::CountyBusinessUnit,
        OrgKind::Municipality,
        OrgKind::Ngo,
        OrgKind::PrivateCompany,
        OrgKind::Parish,
        OrgKind::State,
    ];
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub id: Id,
    pub name: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_id: Option<String>,
    pub kind: OrgKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web: Option<String>,
    pub valid_from: NaiveDate,
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    #[serde(default)]
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    pub street: Text,
    pub postal_code: String,
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub post_office: Text,
    pub municipality: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capacity {
    pub kind: String,
    pub places: u32,
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub label: Text,
}

/// An entrance of a unit (PTV `entrances[]`: name, `isMainEntrance`, coordinates).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entrance {
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub name: Text,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub main: bool,
    pub location: Location,
}

/// A service location (PTV ServiceLocation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub id: Id,
    pub organization: Id,
    pub name: Text,
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub description: Text,
    pub address: Address,
    pub location: Location,
    /// The unit's entrances with their own points (PTV `addresses[].entrances`), the main
    /// one marked; empty when not known (the address point is then all there is).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entrances: Vec<Entrance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The unit's e-mail address for residents (PTV `emails`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The unit's own web page (PTV `webPages`), `https://` or `http://`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web: Option<String>,
    #[serde(default)]
    pub opening_hours: OpeningHours,
    /// Free text per language; empty means *no information*, never "accessible". From PTV:
    /// its accessibility sentences, as they are.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub accessibility: Text,
    /// Surveyed accessibility facts (variable/value), read by
    /// [`crate::accessibility::shortcomings`]; empty means *no information*.
    #[serde(default, skip_serializing_if = "crate::accessibility::Survey::is_empty")]
    pub accessibility_survey: crate::accessibility::Survey,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capacity: Vec<Capacity>,
    pub valid_from: NaiveDate,
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    #[serde(default)]
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    InPerson,
    Phone,
    Video,
    Chat,
    EService,
    WebPage,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 6] = [
        ChannelKind::InPerson,
        ChannelKind::Phone,
        ChannelKind::Video,
        ChannelKind::Chat,
        ChannelKind::EService,
        ChannelKind::WebPage,
    ];
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub id: Id,
    pub kind: ChannelKind,
    pub organization: Id,
    pub name: Text,
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub description: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub hours: OpeningHours,
    #[serde(default)]
    pub strong_identification: bool,
    pub valid_from: NaiveDate,
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    #[serde(default)]
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    LocalArea,
    SubRegion,
    County,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::LocalArea, Tier::SubRegion, Tier::County];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provision {
    SelfProduced,
    Procured,
    Voucher,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Producer {
    pub organization: Id,
    pub provision: Provision,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Charge {
    Free,
    Chargeable,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub id: Id,
    pub name: Text,
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub summary: Text,
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub description: Text,
    #[serde(default, skip_serializing_if = "TextList::is_empty")]
    pub keywords: TextList,
    #[serde(default)]
    pub service_classes: Vec<String>,
    #[serde(default)]
    pub target_groups: Vec<String>,
    #[serde(default)]
    pub life_events: Vec<String>,
    pub tier: Tier,
    /// The organization responsible (järjestäjä): the county, or a municipality for interface services.
    pub organiser: Id,
    #[serde(default)]
    pub producers: Vec<Producer>,
    pub charge: Charge,
    #[serde(default)]
    pub voucher_in_use: bool,
    /// Who can get the service, in words (rules as code come later).
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub eligibility: Text,
    #[serde(default)]
    pub languages: Vec<String>,
    /// Municipality codes; empty means the organiser's whole area.
    #[serde(default)]
    pub area: Vec<String>,
    #[serde(default)]
    pub units: Vec<Id>,
    #[serde(default)]
    pub channels: Vec<Id>,
    pub valid_from: NaiveDate,
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    #[serde(default)]
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Organization,
    Unit,
    Channel,
    Service,
}

impl EntityKind {
    pub const ALL: [EntityKind; 4] =
        [EntityKind::Organization, EntityKind::Unit, EntityKind::Channel, EntityKind::Service];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Organization => "organization",
            EntityKind::Unit => "unit",
            EntityKind::Channel => "channel",
            EntityKind::Service => "service",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            EntityKind::Organization => "organizations",
            EntityKind::Unit => "units",
            EntityKind::Channel => "channels",
            EntityKind::Service => "services",
        }
    }
}

/// Dated validity shared by all catalog objects.
pub trait Dated {
    fn valid_from(&self) -> NaiveDate;
    fn valid_to(&self) -> Option<NaiveDate>;
    fn set_valid_to(&mut self, to: Option<NaiveDate>);
    fn id(&self) -> &Id;
    const KIND: EntityKind;

    /// Valid on `date` (both ends inclusive).
    fn valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from() <= date && self.valid_to().is_none_or(|to| date <= to)
    }
}

macro_rules! dated {
    ($t:ty, $kind:expr) => {
        impl Dated for $t {
            fn valid_from(&self) -> NaiveDate {
                self.valid_from
            }
            fn valid_to(&self) -> Option<NaiveDate> {
                self.valid_to
            }
            fn set_valid_to(&mut self, to: Option<NaiveDate>) {
                self.valid_to = to;
            }
            fn id(&self) -> &Id {
                &self.id
            }
            const KIND: EntityKind = $kind;
        }
    };
}
dated!(Organization, EntityKind::Organization);
dated!(Unit, EntityKind::Unit);
dated!(Channel, EntityKind::Channel);
dated!(Service, EntityKind::Service);

/// Objects of one kind by id, in id order. A persistent map: cloning it is O(1) and an
/// insert copies only the path to the changed entry, so every write can make a new
/// catalog snapshot that shares all untouched objects with the previous one.
pub type Objects<T> = imbl::OrdMap<Id, T>;

/// A whole catalog (or a part of one): the unit of import, export and storage snapshots.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    pub organizations: Objects<Organization>,
    pub units: Objects<Unit>,
    pub channels: Objects<Channel>,
    pub services: Objects<Service>,
}

impl Catalog {
    pub fn len(&self) -> usize {
        self.organizations.len() + self.units.len() + self.channels.len() + self.services.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Organizations that produce a service.
    pub fn producers_of<'a>(&'a self, service: &'a Service) -> impl Iterator<Item = (&'a Producer, &'a Organization)> {
        service.producers.iter().filter_map(|p| self.organizations.get(&p.organization).map(|o| (p, o)))
    }

    /// Units where a service is offered in person: its own units and the units of its in-person channels.
    pub fn units_of<'a>(&'a self, service: &'a Service) -> Vec<&'a Unit> {
        let mut ids: Vec<&Id> = service.units.iter().collect();
        ids.extend(
            service
                .channels
                .iter()
                .filter_map(|c| self.channels.get(c))
                .filter(|c| c.kind == ChannelKind::InPerson)
                .filter_map(|c| c.unit.as_ref()),
        );
        ids.sort();
        ids.dedup();
        ids.into_iter().filter_map(|id| self.units.get(id)).collect()
    }

    pub fn channels_of<'a>(&'a self, service: &'a Service) -> impl Iterator<Item = &'a Channel> {
        service.channels.iter().filter_map(|c| self.channels.get(c))
    }

    /// Services offered at a unit.
    pub fn services_at<'a>(&'a self, unit: &'a Unit) -> Vec<&'a Service> {
        self.services.values().filter(|s| self.units_of(s).iter().any(|u| u.id == unit.id)).collect()
    }

    /// Channel kinds through which a service can be reached.
    pub fn channel_kinds_of(&self, service: &Service) -> Vec<ChannelKind> {
        let mut kinds: Vec<ChannelKind> = self.channels_of(service).map(|c| c.kind).collect();
        if !service.units.is_empty() {
            kinds.push(ChannelKind::InPerson);
        }
        kinds.sort();
        kinds.dedup();
        kinds
    }
}

/// The reverse links of a catalog's units: the services offered at each unit (as
/// [`Catalog::units_of`] gives them) and the in-person channels at each unit. A unit's page
/// and the planner's sites look these up instead of walking every service, which at
/// Finland's size (20,000 services, 60,000 units) costs a quarter of a second per unit.
///
/// Kept beside a catalog snapshot and persistent like it: [`UnitLinks::updated`] touches only
/// the units of the services and channels a write changed, and shares everything else.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitLinks {
    services: imbl::HashMap<Id, Arc<[Id]>>,
    walk_in: imbl::HashMap<Id, Arc<[Id]>>,
}

impl UnitLinks {
    /// The links of a whole catalog.
    pub fn of(catalog: &Catalog) -> UnitLinks {
        let mut services: HashMap<&Id, Vec<Id>> = HashMap::new();
        for service in catalog.services.values() {
            for unit in catalog.units_of(service) {
                services.entry(&unit.id).or_default().push(service.id.clone());
            }
        }
        let mut walk_in: HashMap<&Id, Vec<Id>> = HashMap::new();
        for channel in catalog.channels.values() {
            if let Some(unit) = walk_in_unit(channel) {
                walk_in.entry(unit).or_default().push(channel.id.clone());
            }
        }
        // Both are pushed in id order (the maps iterate in it), so each list is sorted.
        let freeze =
            |m: HashMap<&Id, Vec<Id>>| m.into_iter().map(|(unit, ids)| (unit.clone(), Arc::from(ids))).collect();
        UnitLinks { services: freeze(services), walk_in: freeze(walk_in) }
    }

    /// These links, which are `before`'s, brought up to `after`: `services` must hold every
    /// service whose units may differ between the two (a changed service, or one whose
    /// units or channels changed: `search::SearchIndex::affected` gives them), and
    /// `channels` every channel that changed. Services and channels not listed keep their
    /// links and share them with `self`.
    pub fn updated(&self, before: &Catalog, after: &Catalog, services: &[Id], channels: &[Id]) -> UnitLinks {
        let mut next = self.clone();
        let units_in = |catalog: &Catalog, id: &Id| -> Vec<Id> {
            catalog
                .services
                .get(id)
                .map(|s| catalog.units_of(s).iter().map(|u| u.id.clone()).collect())
                .unwrap_or_default()
        };
        let mut moves: Vec<(Id, Vec<Id>, Vec<Id>)> = Vec::with_capacity(services.len());
        for id in services {
            moves.push((id.clone(), units_in(before, id), units_in(after, id)));
        }
        relink(&mut next.services, &moves);
        let walk_in_of =
            |catalog: &Catalog, id: &Id| catalog.channels.get(id).and_then(walk_in_unit).into_iter().cloned().collect();
        let moves: Vec<(Id, Vec<Id>, Vec<Id>)> =
            channels.iter().map(|id| (id.clone(), walk_in_of(before, id), walk_in_of(after, id))).collect();
        relink(&mut next.walk_in, &moves);
        next
    }

    /// The services offered at a unit, in id order.
    pub fn services_at<'a>(&self, catalog: &'a Catalog, unit: &Id) -> Vec<&'a Service> {
        self.services
            .get(unit)
            .map(|ids| ids.iter().filter_map(|id| catalog.services.get(id)).collect())
            .unwrap_or_default()
    }

    /// The in-person channels at a unit, in id order.
    pub fn walk_in_at<'a>(&self, catalog: &'a Catalog, unit: &Id) -> Vec<&'a Channel> {
        self.walk_in
            .get(unit)
            .map(|ids| ids.iter().filter_map(|id| catalog.channels.get(id)).collect())
            .unwrap_or_default()
    }
}

/// The unit of an in-person channel.
fn walk_in_unit(channel: &Channel) -> Option<&Id> {
    channel.unit.as_ref().filter(|_| channel.kind == ChannelKind::InPerson)
}

/// Moves each `(object, units before, units after)` in `links` (unit → sorted object ids).
fn relink(links: &mut imbl::HashMap<Id, Arc<[Id]>>, moves: &[(Id, Vec<Id>, Vec<Id>)]) {
    let mut touched: BTreeMap<&Id, (BTreeSet<&Id>, BTreeSet<&Id>)> = BTreeMap::new();
    for (object, before, after) in moves {
        for unit in before {
            touched.entry(unit).or_default().0.insert(object);
        }
        for unit in after {
            touched.entry(unit).or_default().1.insert(object);
        }
    }
    for (unit, (gone, here)) in touched {
        let mut ids: Vec<Id> = links.get(unit).map(|ids| ids.to_vec()).unwrap_or_default();
        ids.retain(|id| !gone.contains(id));
        ids.extend(here.into_iter().cloned());
        ids.sort();
        ids.dedup();
        if ids.is_empty() {
            links.remove(unit);
        } else {
            links.insert(unit.clone(), Arc::from(ids));
        }
    }
}

/// Any one catalog object, for writes that mix kinds (imports, the store).
#[derive(Debug, Clone, PartialEq)]
pub enum Entity {
    Organization(Organization),
    Unit(Unit),
    Channel(Channel),
    Service(Service),
}

impl Entity {
    pub fn kind(&self) -> EntityKind {
        match self {
            Entity::Organization(_) => EntityKind::Organization,
            Entity::Unit(_) => EntityKind::Unit,
            Entity::Channel(_) => EntityKind::Channel,
            Entity::Service(_) => EntityKind::Service,
        }
    }

    pub fn id(&self) -> &Id {
        match self {
            Entity::Organization(x) => &x.id,
            Entity::Unit(x) => &x.id,
            Entity::Channel(x) => &x.id,
            Entity::Service(x) => &x.id,
        }
    }

    pub fn valid_from(&self) -> NaiveDate {
        match self {
            Entity::Organization(x) => x.valid_from,
            Entity::Unit(x) => x.valid_from,
            Entity::Channel(x) => x.valid_from,
            Entity::Service(x) => x.valid_from,
        }
    }

    pub fn valid_to(&self) -> Option<NaiveDate> {
        match self {
            Entity::Organization(x) => x.valid_to,
            Entity::Unit(x) => x.valid_to,
            Entity::Channel(x) => x.valid_to,
            Entity::Service(x) => x.valid_to,
        }
    }

    pub fn set_valid_to(&mut self, to: Option<NaiveDate>) {
        match self {
            Entity::Organization(x) => x.valid_to = to,
            Entity::Unit(x) => x.valid_to = to,
            Entity::Channel(x) => x.valid_to = to,
            Entity::Service(x) => x.valid_to = to,
        }
    }

    /// The object as JSON in the catalog format.
    pub fn to_json(&self) -> serde_json::Value {
        let value = match self {
            Entity::Organization(x) => serde_json::to_value(x),
            Entity::Unit(x) => serde_json::to_value(x),
            Entity::Channel(x) => serde_json::to_value(x),
            Entity::Service(x) => serde_json::to_value(x),
        };
        value.unwrap_or(serde_json::Value::Null)
    }

    /// Parse an object of a known kind from JSON in the catalog format.
    pub fn from_json(kind: EntityKind, json: &str) -> Result<Entity, serde_json::Error> {
        Ok(match kind {
            EntityKind::Organization => Entity::Organization(serde_json::from_str(json)?),
            EntityKind::Unit => Entity::Unit(serde_json::from_str(json)?),
            EntityKind::Channel => Entity::Channel(serde_json::from_str(json)?),
            EntityKind::Service => Entity::Service(serde_json::from_str(json)?),
        })
    }

    pub fn parse_kind(s: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl Catalog {
    pub fn get(&self, kind: EntityKind, id: &str) -> Option<Entity> {
        match kind {
            EntityKind::Organization => self.organizations.get(id).cloned().map(Entity::Organization),
            EntityKind::Unit => self.units.get(id).cloned().map(Entity::Unit),
            EntityKind::Channel => self.channels.get(id).cloned().map(Entity::Channel),
            EntityKind::Service => self.services.get(id).cloned().map(Entity::Service),
        }
    }

    pub fn contains(&self, kind: EntityKind, id: &str) -> bool {
        match kind {
            EntityKind::Organization => self.organizations.contains_key(id),
            EntityKind::Unit => self.units.contains_key(id),
            EntityKind::Channel => self.channels.contains_key(id),
            EntityKind::Service => self.services.contains_key(id),
        }
    }

    pub fn put(&mut self, entity: Entity) {
        match entity {
            Entity::Organization(x) => {
                self.organizations.insert(x.id.clone(), x);
            }
            Entity::Unit(x) => {
                self.units.insert(x.id.clone(), x);
            }
            Entity::Channel(x) => {
                self.channels.insert(x.id.clone(), x);
            }
            Entity::Service(x) => {
                self.services.insert(x.id.clone(), x);
            }
        }
    }

    /// Every object, organizations first so that references resolve in order.
    pub fn entities(&self) -> impl Iterator<Item = Entity> + '_ {
        self.organizations
            .values()
            .cloned()
            .map(Entity::Organization)
            .chain(self.units.values().cloned().map(Entity::Unit))
            .chain(self.channels.values().cloned().map(Entity::Channel))
            .chain(self.services.values().cloned().map(Entity::Service))
    }
}

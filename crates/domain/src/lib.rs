//! Polku's domain core: the words of the county's service catalog.
//!
//! Services, organizations, units (service locations) and channels in PTV's
//! vocabulary, with validity dates; reference data (municipalities, Finto code
//! lists); opening hours; coordinates in WGS84 and EPSG:3067.
//! No IO, no async, no SQL, no HTTP: everything here is plain data and pure functions.

pub mod accessibility;
pub mod calendar;
pub mod catalog;
pub mod client;
pub mod document;
pub mod event;
pub mod geo;
pub mod hours;
pub mod ids;
pub mod reference;
pub mod referral;
pub mod text;
pub mod validate;

pub use catalog::{
    Address, Capacity, Catalog, Channel, ChannelKind, Charge, Entity, EntityKind, Entrance, OrgKind, Organization,
    Producer, Provenance, ProvenanceKind, Provision, Service, Tier, Unit, UnitLinks,
};
pub use document::CatalogDocument;
pub use geo::Location;
pub use hours::OpeningHours;
pub use ids::Id;
pub use reference::Reference;
pub use text::{Lang, Text, TextList};
pub use validate::Problem;

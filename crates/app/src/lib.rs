//! Polku's application layer: the one API that the HTTP layer and the CLI both call.
//!
//! It owns the storage traits ([`store`]), keeps the current catalog and its
//! search index in memory as an immutable [`Snapshot`] swapped on every write,
//! validates every write against the reference data and the catalog, and writes
//! all-or-nothing through the store.

pub mod accessibility;
pub mod areas;
pub mod auth;
pub mod batch;
pub mod capacity;
pub mod catalog;
pub mod clients;
pub mod clock;
pub mod demo;
pub mod eligibility;
pub mod error;
pub mod feedback;
pub mod fees;
pub mod fhir;
pub mod hsds;
pub mod monitoring;
pub mod navigation;
pub mod networks;
pub mod permit;
pub mod planning;
pub mod ptv;
pub mod quality;
pub mod referrals;
pub mod search_log;
pub mod sso;
pub mod store;
pub mod synthetic;
pub mod transfer;

pub use catalog::{ImportReport, Polku, Snapshot};
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::AppError;
pub use store::{Actor, AuthStore, CatalogStore, RuleStore, StoreError};

//! Polku's doors to other directories, as pure conversions:
//!
//! - [`ptv`]: the national Suomi.fi Service Information Repository (PTV) Open
//!   API v11 into the catalog;
//! - [`hsds`]: Open Referral HSDS 3.0 out (per language) and back in;
//! - [`stream`]: reading large JSON documents one object at a time.

pub mod hsds;
pub mod ptv;
pub mod stream;

//! Polku's doors to other directories, as pure conversions:
//!
//! - [`ptv`]: the national Suomi.fi Service Information Repository (PTV) Open
//!   API v11 into the catalog;
//! - [`fhir`]: HL7 FHIR R4 Organization, Location and HealthcareService;
//! - [`referral`]: HL7 FHIR R4 ServiceRequest, Task and Patient of closed-loop referrals
//!   (Gravity SDOH), out and back in;
//! - [`hsds`]: Open Referral HSDS 3.0 out (per language) and back in;
//! - [`vocab`]: the Finto vocabularies checked against the shipped code list;
//! - [`stream`]: reading large JSON documents one object at a time.

pub mod fhir;
pub mod hsds;
pub mod ptv;
pub mod referral;
pub mod stream;
pub mod vocab;

//! PTV documents into the catalog: what is kept, what is refused and where.

mod fhir;
mod fuzz;
mod hsds;
mod ptv;

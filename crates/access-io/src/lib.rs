//! The files around the accessibility engine (`access`, which does no IO):
//! OpenStreetMap extracts ([`osm`]) and population grids ([`grid`]) in, failing
//! with a typed [`ReadError`]; travel-time matrices out ([`matrix`]: CSV, Arrow
//! IPC, Parquet).

pub mod error;
pub mod grid;
pub mod matrix;
pub mod osm;

pub use error::ReadError;

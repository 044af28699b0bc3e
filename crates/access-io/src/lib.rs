//! The readers around the accessibility engine (`access`, which does no IO):
//! OpenStreetMap extracts ([`osm`]) and population grids ([`grid`]), failing with
//! a typed [`ReadError`].

pub mod error;
pub mod grid;
pub mod osm;

pub use error::ReadError;

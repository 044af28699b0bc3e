//! The readers around the accessibility engine (`access`, which does no IO):
//! OpenStreetMap extracts ([`osm`]) and population grids ([`grid`]).

pub mod grid;
pub mod osm;

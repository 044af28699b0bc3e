//! Accessibility: travel times on real road networks, pure (no IO).
//!
//! - [`mode`]: what each road means to walking, cycling and driving (OSM tags in).
//! - [`graph`]: a network per mode in compressed rows, built from ways and
//!   node coordinates by [`graph::NetworkBuilder`], cut to its largest strongly
//!   connected component.
//! - [`dijkstra`]: plain and multi-source Dijkstra, the reference.
//! - [`ch`]: contraction hierarchies, exact and tested equal to Dijkstra;
//!   many-to-many matrices by the bucket method.
//! - [`snap`]: points to the network with a walking access leg.
//! - [`grid`]: population grids, and the demo county's synthetic one.
//! - [`analysis`]: nearest units per cell, indicators, equity, scenarios.
//! - [`persist`]: prepared networks as bytes and back.
//! - [`error`]: the typed errors ([`AccessError`], [`NetworkFileError`]).
//! - [`synthetic`]: generated road-like networks of any size, for benchmarks.
//! - [`matrix`]: point-to-point matrices from coordinates, and the
//!   straight-line estimate used where no network is loaded.

pub mod analysis;
pub mod ch;
pub mod dijkstra;
pub mod error;
pub mod graph;
pub mod grid;
pub mod matrix;
pub mod mode;
pub mod par;
pub mod persist;
pub mod snap;
pub mod synthetic;

pub use error::{AccessError, NetworkFileError};
pub use graph::{Graph, NetworkBuilder, Time, Times, UNREACHABLE};
pub use mode::Mode;

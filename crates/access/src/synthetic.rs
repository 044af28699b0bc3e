//! A generated road-like network of any size, for benchmarks: a jittered
//! grid with missing links, residential streets and faster arterials every
//! tenth row and column, two-way. Not a real place; fixed seed.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::graph::{Graph, Time};
use crate::mode::Mode;

/// About `nodes` nodes (a square grid), 100 m apart, with the given seed.
pub fn road_like(nodes: usize, seed: u64) -> Graph {
    let side = (nodes as f64).sqrt().round().max(2.0) as usize;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let spacing = 100.0;
    let mut xy = Vec::with_capacity(side * side);
    for i in 0..side {
        for j in 0..side {
            xy.push((
                300_000.0 + j as f64 * spacing + rng.random_range(-25.0..25.0),
                6_700_000.0 + i as f64 * spacing + rng.random_range(-25.0..25.0),
            ));
        }
    }
    let mut edges = Vec::with_capacity(side * side * 4);
    let id = |i: usize, j: usize| (i * side + j) as u32;
    let link = |a: u32, b: u32, arterial: bool, rng: &mut ChaCha8Rng, edges: &mut Vec<(u32, u32, Time)>| {
        if !arterial && rng.random_bool(0.12) {
            return; // a missing link
        }
        let (p, q) = (xy[a as usize], xy[b as usize]);
        let metres = ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt();
        let kmh = if arterial { 60.0 } else { rng.random_range(25.0..40.0) };
        let t = (metres / (kmh / 3.6) * 10.0).round().max(1.0) as Time;
        edges.push((a, b, t));
        edges.push((b, a, t));
    };
    for i in 0..side {
        for j in 0..side {
            if j + 1 < side {
                link(id(i, j), id(i, j + 1), i % 10 == 0, &mut rng, &mut edges);
            }
            if i + 1 < side {
                link(id(i, j), id(i + 1, j), j % 10 == 0, &mut rng, &mut edges);
            }
        }
    }
    Graph::from_edges(Mode::Car, xy, edges).largest_component()
}

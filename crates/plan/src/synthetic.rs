//! Generated instances of any size, for benchmarks: residents in towns
//! (normal spreads around random centres, a few large and many small) on a
//! 100 km square, candidate sites at random residents' places, and times by
//! car estimated from straight lines (circuity 1.3, 60 km/h), each cell
//! keeping its `nearest` sites (an impedance cut-off by rank). Fixed seed.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::heuristic::par_map;
use crate::problem::{Costs, Instance};

/// `cells` cells, `sites` candidates, each cell reaching its `nearest` sites.
pub fn towns(cells: usize, sites: usize, nearest: usize, seed: u64) -> Instance {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let towns: Vec<(f64, f64, f64)> = (0..40)
        .map(|k| {
            let spread = if k < 4 { 4_000.0 } else { 1_500.0 };
            (rng.random_range(0.0..100_000.0), rng.random_range(0.0..100_000.0), spread)
        })
        .collect();
    let normal = |rng: &mut ChaCha8Rng| {
        // Box–Muller.
        let (u, v): (f64, f64) = (rng.random_range(1e-12..1.0), rng.random_range(0.0..1.0));
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    };
    let mut xy = Vec::with_capacity(cells);
    let mut weights = Vec::with_capacity(cells);
    for _ in 0..cells {
        // One resident in five lives in the countryside.
        let (x, y) = if rng.random_range(0..5) == 0 {
            (rng.random_range(0.0..100_000.0), rng.random_range(0.0..100_000.0))
        } else {
            let t = towns[rng.random_range(0..towns.len())];
            (t.0 + t.2 * normal(&mut rng), t.1 + t.2 * normal(&mut rng))
        };
        xy.push((x, y));
        weights.push(rng.random_range(1..60) as f64);
    }
    let site_xy: Vec<(f64, f64)> = (0..sites).map(|_| xy[rng.random_range(0..cells)]).collect();
    let keep = nearest.min(sites).max(1);
    let rows = par_map(cells, cells.saturating_mul(sites), |range| {
        range
            .map(|i| {
                let (x, y) = xy[i];
                let mut d: Vec<(u32, f32)> = site_xy
                    .iter()
                    .enumerate()
                    .map(|(j, (a, b))| (j as u32, (((x - a).powi(2) + (y - b).powi(2)).sqrt() * 1.3 / 1_000.0) as f32))
                    .collect();
                if keep < d.len() {
                    d.select_nth_unstable_by(keep - 1, |a, b| a.1.total_cmp(&b.1));
                    d.truncate(keep);
                }
                d
            })
            .collect::<Vec<_>>()
    })
    .concat();
    Instance::new(weights, Costs::from_rows(sites, rows).expect("sites in range"))
}
